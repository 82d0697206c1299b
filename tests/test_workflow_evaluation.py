"""End to end: the evaluation rules on a small generated survey with worksheets for 2025."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.settings import REPO_ROOT
from budaya_kerja.stats import evaluation
from budaya_kerja.synthetic import evaluation as synthetic_evaluasi

from .test_workflow import snakemake

pytestmark = pytest.mark.slow
TARGETS = ["data/processed/2025/combined.csv", "data/processed/2025/penghargaan.csv",
           "data/processed/2025/evaluation_relation.csv", "data/processed/2025/evaluation_gap.csv",
           "reports/2025/figures-evaluasi.json", "data/processed/2024/combined.csv",
           "data/processed/2024/penghargaan.csv"]  # fmt: skip


@pytest.fixture(scope="module")
def project(small_raw, small_survey, units, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("run-evaluasi") / "project"
    shutil.copytree(small_raw, root)
    rubric = load_rubric(REPO_ROOT / "config" / "evaluasi.yaml")
    sim = synthetic_evaluasi.simulate_evaluation(rubric, units, seed=5,
                                                 survey_truth=small_survey.truth)  # fmt: skip
    synthetic_evaluasi.write_evaluation(sim, root / "data/raw/2025/evaluasi", None)
    snakemake(root, "--cores", "2", *TARGETS)
    return root


def test_evaluation_outputs_and_the_year_without_evaluation(project):
    combined = pd.read_csv(project / "data/processed/2025/combined.csv")
    assert list(combined.columns) == evaluation.COMBINED_COLUMNS
    province = combined[combined["unit"] == "all"].iloc[0]
    assert province["ci_low"] < province["combined"] < province["ci_high"]
    assert set(combined["category"].dropna()) <= {"Sehat", "Cukup Sehat", "Tidak Sehat",
                                                   "Sangat Tidak Sehat"}  # fmt: skip
    awards = pd.read_csv(project / "data/processed/2025/penghargaan.csv")
    assert awards.groupby("size_class")["p_top_k"].sum().round(6).le(3).all()
    rejected = pd.read_csv(project / "data/processed/2025/evaluation_rejected.csv")
    assert set(rejected["reason_code"]) == {"unit_unknown", "criterion_unknown",
                                            "criterion_duplicate", "answer_invalid",
                                            "verified_missing", "evidence_missing"}  # fmt: skip
    # 2024 has no evaluasi folder: empty tables with their columns.
    for name, columns in (("combined", evaluation.COMBINED_COLUMNS),
                          ("penghargaan", evaluation.AWARD_COLUMNS)):  # fmt: skip
        table = pd.read_csv(project / f"data/processed/2024/{name}.csv")
        assert table.empty and list(table.columns) == columns
    assert not (project / "data/processed/2024/evaluation.csv").exists()


def test_rerun_gives_byte_identical_tables(project):
    files = ["data/processed/2025/combined.csv", "data/processed/2025/penghargaan.csv",
             "data/processed/2025/evaluation.csv"]  # fmt: skip
    before = {f: hashlib.sha256((project / f).read_bytes()).hexdigest() for f in files}
    snakemake(project, "--cores", "2", "--forcerun", "score_evaluation", "combine_index",
              "--", *TARGETS[:2])  # fmt: skip
    after = {f: hashlib.sha256((project / f).read_bytes()).hexdigest() for f in files}
    assert before == after


def test_english_report_gets_english_evaluation_figures(project, tmp_path):
    """report.languages [id, en]: the chapter's figures are drawn per language, each in its own
    folder and manifest, so the English report never places the Indonesian ones."""
    root = tmp_path / "both"
    shutil.copytree(project, root)
    # Only the missing English manifest is made (the tables are as the fixture left them).
    snakemake(root, "--cores", "2", "--rerun-triggers", "mtime", "--config",
              "report={languages: [id, en]}", "--", "reports/2025/figures-evaluasi-en.json")  # fmt: skip
    indonesian = json.loads((root / "reports/2025/figures-evaluasi.json").read_text())
    english = json.loads((root / "reports/2025/figures-evaluasi-en.json").read_text())
    assert set(english) == set(indonesian) and "award_candidates" in english
    for name, entry in english.items():
        assert "/figures-evaluasi/en/" in entry["file"] and (root / entry["file"]).is_file()
        assert "/figures-evaluasi/en/" not in indonesian[name]["file"]
        assert entry["caption"] != indonesian[name]["caption"]
    alt = english["award_candidates"]["alt"]
    assert "Class " in alt and "Kelas " in indonesian["award_candidates"]["alt"]
    assert not {"Kelas", "kecil:", "sedang:", "besar:"} & set(alt.split())

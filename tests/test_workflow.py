"""End to end: the Snakefile on a small generated survey in a temporary directory."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from budaya_kerja import synthetic
from budaya_kerja.settings import REPO_ROOT

from .exports import pdf_text

pytestmark = pytest.mark.slow
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile")]


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BUDAYA_KERJA_KEY"}
    result = subprocess.run([*SNAKEMAKE, "-d", str(workdir), *args], capture_output=True,
                            text=True, env=env, timeout=900)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result


def digests(root: Path, parts=("data/processed", "reports")) -> dict[str, str]:
    out = {}
    for part in parts:
        for path in sorted((root / part).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def project(small_raw, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("run") / "project"
    shutil.copytree(small_raw, root)
    snakemake(root)
    return root


def test_raw_files_are_never_modified(small_raw, project):
    assert digests(project, ("data/raw",)) == digests(small_raw, ("data/raw",))


def test_every_contract_file_is_built(project):
    for year in (2024, 2025):
        for name in ["responses.parquet", "rejected.csv", "quality.json", "scores.parquet",
                     "estimates.csv", "reliability.csv"]:  # fmt: skip
            assert (project / f"data/processed/{year}/{name}").stat().st_size > 0
        assert (project / f"reports/{year}/laporan-evaluasi-{year}.pdf").read_bytes()[
            :5
        ] == b"%PDF-"
        assert (project / f"reports/{year}/tabel-{year}.xlsx").exists()
    comparison = pd.read_csv(project / "data/processed/comparison/2024-2025.csv")
    for column in ["group_by", "group", "measure", "n0", "n1", "est0", "est1", "diff", "ci_low",
                   "ci_high", "p", "p_adj", "effect_size", "significant", "material"]:  # fmt: skip
        assert column in comparison
    estimates = pd.read_csv(project / "data/processed/2025/estimates.csv")
    assert {"all", "unit", "jenis_kelamin"} <= set(estimates.group_by)
    assert set(estimates.measure) >= {"index", "BP", "KL3"}
    responses = pd.read_parquet(project / "data/processed/2025/responses.parquet")
    assert str(responses["AD2"].dtype) == "Int8" and responses["respondent"].is_unique


def _source_rows(path: Path) -> int:
    if path.suffix == ".xlsx":
        sheet = pd.read_excel(path, header=None, dtype=str)
        return len(sheet) - 2  # a title row and the header
    sep = ";" if path.read_bytes().split(b"\n", 1)[0].count(b";") > 1 else ","
    return len(
        pd.read_csv(path, sep=sep, dtype=str, encoding="cp1252" if sep == ";" else "utf-8-sig")
    )


def test_rows_in_equal_accepted_plus_rejected(project):
    for year in (2024, 2025):
        quality = json.loads((project / f"data/processed/{year}/quality.json").read_text())
        rejected = pd.read_csv(project / f"data/processed/{year}/rejected.csv")
        responses = pd.read_parquet(project / f"data/processed/{year}/responses.parquet")
        for entry in quality["files"]:
            rows = _source_rows(project / "data/raw" / str(year) / entry["file"])
            assert rows == entry["rows_read"] == entry["accepted"] + entry["rejected"]
            assert (rejected.file == entry["file"]).sum() == entry["rejected"]
        assert quality["accepted"] == len(responses)
        assert quality["rows_read"] == len(responses) + len(rejected)


def test_no_nip_or_name_in_any_output(project, small_survey):
    people = pd.concat(small_survey.population.values())
    nips = set(people["nip"])
    names = set(people["nama"])
    texts = []
    for part in ["data/processed", "reports", "logs", ".snakemake/log"]:
        for path in (project / part).rglob("*"):
            if not path.is_file():
                continue
            if path.suffix == ".pdf":
                texts.append(pdf_text(path.read_bytes()))
            texts.append(path.read_bytes().decode("latin-1"))
    blob = "\n".join(texts)
    found = set(re.findall(r"\d{18}", blob)) & nips
    assert not found
    assert not [n for n in names if n in blob]
    assert synthetic.SARAN not in blob  # the free-text suggestions stay in data/raw
    assert config_key_absent(blob)


def config_key_absent(blob: str) -> bool:
    """The pseudonymisation key (here the demo key) is never written anywhere."""
    from budaya_kerja.settings import load_config

    return load_config()["pseudonym"]["demo_key"] not in blob


def test_second_run_is_a_no_op(project):
    result = snakemake(project, "-n")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_new_year_builds_only_what_is_new(project, config, units, tmp_path):
    before = digests(project)
    later = synthetic.simulate(config, units, years=(2026,), size=0.1, seed=11, target_index=None)
    synthetic.write_survey(later, project / "data" / "raw", None)
    dry = snakemake(project, "-n", "--quiet", "rules")
    planned = dry.stdout + dry.stderr
    assert "build_report" in planned and "compare_years" in planned
    snakemake(project)
    after = digests(project)
    assert {k: v for k, v in after.items() if k in before} == before
    new = set(after) - set(before)
    assert "reports/2026/laporan-evaluasi-2026.pdf" in new
    assert "data/processed/comparison/2025-2026.csv" in new
    assert not [k for k in new if "2024/" in k or "2025/" in k]
    shutil.rmtree(project / "data" / "raw" / "2026")


def test_same_inputs_give_byte_identical_outputs(small_raw, project, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(small_raw, again)
    snakemake(again)
    first = {k: v for k, v in digests(project).items() if "2026" not in k}
    assert digests(again) == first


def test_lint_and_format():
    lint = subprocess.run([*SNAKEMAKE, "--lint"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run([sys.executable, "-m", "snakefmt", "--check", "Snakefile", "workflow/rules"],
                         capture_output=True, text=True, cwd=REPO_ROOT)  # fmt: skip
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_unusable_file_stops_with_a_message_and_leaves_nothing(small_raw, tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(small_raw, root)
    (root / "data/raw/2025/catatan-rapat.docx").write_bytes(b"PK\x03\x04 not a survey")
    env = {k: v for k, v in os.environ.items() if k != "BUDAYA_KERJA_KEY"}
    result = subprocess.run([*SNAKEMAKE, "-d", str(root), "data/processed/2025/quality.json"],
                            capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "catatan-rapat.docx" in out and "not a supported export format" in out
    assert not list((root / "data/processed/2025").glob("*"))


def test_real_data_without_a_key_refuses_to_start(small_raw, tmp_path):
    root = tmp_path / "real"
    shutil.copytree(small_raw, root)
    for path in (root / "data/raw/2024").iterdir():
        path.rename(path.with_name(path.name.replace("-sintetis", "")))
    env = {k: v for k, v in os.environ.items() if k != "BUDAYA_KERJA_KEY"}
    result = subprocess.run([*SNAKEMAKE, "-d", str(root), "data/processed/2024/quality.json"],
                            capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert result.returncode != 0 and "BUDAYA_KERJA_KEY" in result.stdout + result.stderr
    assert not (root / "data/processed/2024/responses.parquet").exists()
    # With a key it runs, and the key is written nowhere.
    secret = "kunci-rahasia-tim-evaluasi-2025"
    result = subprocess.run([*SNAKEMAKE, "-d", str(root), "data/processed/2024/estimates.csv"],
                            capture_output=True, text=True, timeout=600,
                            env={**env, "BUDAYA_KERJA_KEY": secret})  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    for path in root.rglob("*"):
        if path.is_file() and "data/raw" not in str(path):
            assert secret.encode() not in path.read_bytes(), path


def test_notebook_runs_on_the_processed_data(project, monkeypatch):
    import jupytext
    from nbclient import NotebookClient

    monkeypatch.setenv("BUDAYA_KERJA_DIR", str(project))
    for source in sorted((REPO_ROOT / "notebooks").glob("*.py")):
        notebook = jupytext.read(source)
        NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
        outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        assert any("index" in str(o) for o in outputs)
        paired = source.with_suffix(".ipynb")
        assert jupytext.read(paired).cells[0].source == notebook.cells[0].source


def _determined(constraints: np.ndarray, target: np.ndarray) -> bool:
    """Is target . x fixed by the published linear totals constraints . x? (exact disclosure:
    the target lies in their row space)."""
    if not len(constraints):
        return False
    rank = np.linalg.matrix_rank(constraints)
    return np.linalg.matrix_rank(np.vstack([constraints, target])) == rank


def test_no_hidden_count_can_be_recovered_by_subtraction(project):
    # The attacker reads every published table - estimates, response rates, the comparison,
    # the per-file totals of the quality appendix and the per-agency reject lists - and tries
    # to solve the published totals for a hidden agency's count.
    comparison = pd.read_csv(project / "data/processed/comparison/2024-2025.csv")
    for year in (2024, 2025):
        folder = project / f"data/processed/{year}"
        est = pd.read_csv(folder / "estimates.csv")
        rates = pd.read_csv(folder / "response_rates.csv")
        quality = json.loads((folder / "quality.json").read_text())
        responses = pd.read_parquet(folder / "responses.parquet")
        units = est[(est.group_by == "unit") & (est.measure == "index")].set_index("group")
        hidden = sorted(units.index[units.suppressed])
        assert hidden, "the small survey must have agencies under the minimum to attack"
        # Every table hides the same agencies, and none prints their counts.
        agencies = rates[rates.unit != "all"].set_index("unit")
        assert sorted(agencies.index[agencies.suppressed]) == hidden
        assert agencies.loc[hidden, ["respondents", "rate"]].isna().all().all()
        assert units.loc[hidden, "n"].isna().all()
        side = "n0" if year == 2024 else "n1"
        shown = comparison[(comparison.group_by == "unit") & comparison.group.isin(hidden)]
        assert shown[side].isna().all()
        # Accepted questionnaires: unknowns per (agency, file); published: every published
        # agency's total, every file's total, the grand total.
        cells = [(u, f["file"]) for f in quality["files"] for u in f["units"]]
        rows = []
        for f in quality["files"]:
            rows.append([1.0 if c[1] == f["file"] else 0.0 for c in cells])
        for unit in agencies.index[~agencies.suppressed]:
            rows.append([1.0 if c[0] == unit else 0.0 for c in cells])
        rows.append([1.0] * len(cells))
        published = np.array(rows)
        counts = responses["unit"].astype(str).value_counts()
        for unit in hidden:
            target = np.array([1.0 if c[0] == unit else 0.0 for c in cells])
            assert not _determined(published, target), (year, unit, int(counts.get(unit, 0)))
        # Pairs of hidden agencies pooling fewer than 10 people are not determined either.
        for a, b in itertools.combinations(hidden, 2):
            if counts.get(a, 0) + counts.get(b, 0) < 10:
                target = np.array([1.0 if c[0] in (a, b) else 0.0 for c in cells])
                assert not _determined(published, target), (year, a, b)
        # Respondents in the estimates (index): each published agency and the total.
        n_all = est[(est.group_by == "all") & (est.measure == "index")]["n"].iloc[0]
        assert n_all - units.loc[~units.suppressed, "n"].sum() >= 10
        # The reject lists hold rejected rows only: no count of accepted questionnaires.
        for path in (folder / "rejected-per-unit").glob("*.csv"):
            assert "accepted" not in path.read_text(encoding="utf-8").split("\n", 1)[0]


def test_reliability_and_validity_use_the_estimates_sample(project, instrument):
    # The respondents the estimates leave out (incomplete questionnaires) are left out of
    # alpha, omega and the CFA too: one analysis sample per year.
    for year in (2024, 2025):
        folder = project / f"data/processed/{year}"
        scores = pd.read_parquet(folder / "scores.parquet")
        responses = pd.read_parquet(folder / "responses.parquet")
        assert (scores["respondent"].to_numpy() == responses["respondent"].to_numpy()).all()
        sample = responses[~scores["excluded"].to_numpy()]
        everyone = responses
        rel = pd.read_csv(folder / "reliability.csv")
        differs = False
        for value, items in instrument.values.items():
            n = rel[(rel.level == "value") & (rel.measure == value)]["n"].iloc[0]
            assert n == sample[items].notna().all(axis=1).sum()
            differs |= n != everyone[items].notna().all(axis=1).sum()
        assert differs, "no excluded respondent answered a whole value: the check is empty"
        validity = pd.read_csv(folder / "validity.csv")
        this_year = validity.year.astype(str) == str(year)
        cfa = validity[(validity.analysis == "cfa") & this_year]["n"].iloc[0]
        assert cfa == sample[instrument.items].notna().all(axis=1).sum()

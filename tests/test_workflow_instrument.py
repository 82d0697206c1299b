"""End to end with another instrument and an anonymous survey (issue 13).

A project directory whose config/config.yaml replaces the instrument (4 values x 4 items with
codes that are not two letters and a digit, two of them reverse-keyed), the scale (1-6), the
bands and the groups, and says the survey is anonymous (no NIP column, no key). The whole
workflow runs; alpha and the value means are checked against values computed here from the
exports by hand (numpy, not the package).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from budaya_kerja.settings import REPO_ROOT

from .exports import pdf_text

pytestmark = pytest.mark.slow

VALUES = {"EKS": ["E1", "E2", "E3", "E4"], "KEP": ["K1", "K2", "K3", "K4"],
          "TEL": ["T_1", "T_2", "T_3", "T_4"], "STA": ["S1a", "S1b", "S2a", "S2b"]}  # fmt: skip
REVERSED = ["E2", "T_3"]
ITEMS = [i for items in VALUES.values() for i in items]
UNITS = {"Fakultas Psikologi": "FPSI", "Fakultas Teknik": "FT"}
CONFIG = {
    "anonymous": True,
    "units_file": "config/units.yaml",
    "instrument": {"values": {
        value: {"name": f"Nilai {value}", "items": {
            item: {"statement": f"Pernyataan {item}", "reverse": True} if item in REVERSED
            else f"Pernyataan {item}" for item in items}}
        for value, items in VALUES.items()}},
    "scale": {"min": 1, "max": 6, "conversion": "linear", "positive_min": 4,
              "labels": {"sangat tidak setuju": 1, "sangat setuju": 6}},
    "bands": [{"min": 70, "code": "T", "label": "Tinggi"}, {"min": 40, "code": "S", "label": "Sedang"},
              {"min": 0, "code": "R", "label": "Rendah"}],
    "estimation": {"group_by": ["unit", "jenis_kelamin"], "min_group_size": 5},
    "quality": {"min_items_answered": 12, "straightline_min_items": 16},
    "targets": {},
    "report": {"organisation": "Universitas Contoh", "team": "Tim Survei Budaya",
               "published_index": {}, "dates": {2026: "2026-02-01"}},
}  # fmt: skip


def _export(year: int, seed: int) -> pd.DataFrame:
    """40 questionnaires from a four-factor model on 1-6; reverse-keyed items load
    negatively. Row 11 repeats row 10 exactly (a double submission); row 12 answers only
    9 items (incomplete); a few single blanks elsewhere."""
    rng = np.random.default_rng(seed)
    n = 40
    factors = rng.normal(size=(n, 4)) + rng.normal(size=(n, 1))
    answers = {}
    for j, items in enumerate(VALUES.values()):
        for item in items:
            sign = -1 if item in REVERSED else 1
            latent = 3.5 + sign * 0.9 * factors[:, j] + rng.normal(0, 0.8, n)
            answers[item] = np.clip(np.round(latent), 1, 6).astype(int).astype(object)
    table = pd.DataFrame(answers)
    table.insert(0, "Waktu", [f"{year}-03-{1 + i % 28:02d} 09:{i:02d}:00" for i in range(n)])
    table.insert(1, "Unit Kerja", np.where(np.arange(n) % 2, *UNITS))
    table.insert(2, "Jenis Kelamin", rng.choice(["Laki-laki", "Perempuan"], n))
    table.loc[5, "E3"] = table.loc[17, "S2b"] = ""
    table.loc[11] = table.loc[10]
    table.loc[12, ITEMS[:7]] = ""
    table.loc[20, "K2"] = "Sangat Setuju"  # a label, = 6
    # Headers as forms write them: plain codes and "[code] statement".
    return table.rename(columns={"E1": "[E1] Pernyataan E1", "S1a": "S1a. Pernyataan S1a"})


def _by_hand(export: pd.DataFrame) -> dict:
    """Scores, value means and alpha computed here, from the export: labels to codes,
    reverse-keyed items 7 - x, the exact duplicate and the incomplete left out, points
    (x - 1) / 5 * 100, a value needs 2 answered items (complete cases for alpha)."""
    table = export.rename(columns={"[E1] Pernyataan E1": "E1", "S1a. Pernyataan S1a": "S1a"})
    codes = table[ITEMS].replace({"Sangat Setuju": 6, "": np.nan}).astype(float)
    keep = ~table.duplicated() & (codes.notna().sum(axis=1) >= 12)
    codes = codes[keep]
    for item in REVERSED:
        codes[item] = 7 - codes[item]
    points = (codes - 1) / 5 * 100
    out = {"n": int(keep.sum()), "means": {}, "alpha": {}}
    for value, items in VALUES.items():
        block = points[items]
        score = block.mean(axis=1).where(block.notna().sum(axis=1) >= 2)
        out["means"][value] = score.mean()
        complete = codes[items].dropna().to_numpy()
        k = len(items)
        item_var = complete.var(axis=0, ddof=1).sum()
        total_var = complete.sum(axis=1).var(ddof=1)
        out["alpha"][value] = k / (k - 1) * (1 - item_var / total_var)
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("instrument") / "project"
    (root / "config").mkdir(parents=True)
    (root / "config" / "config.yaml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True))
    (root / "config" / "units.yaml").write_text(yaml.safe_dump({"units": [
        {"code": code, "name": name, "aliases": []} for name, code in UNITS.items()]}))  # fmt: skip
    expected = {}
    for year, seed in ((2025, 1), (2026, 2)):
        folder = root / "data" / "raw" / str(year)
        folder.mkdir(parents=True)
        export = _export(year, seed)
        export.to_csv(folder / f"survei-{year}.csv", index=False)
        expected[year] = _by_hand(export)
    env = {k: v for k, v in os.environ.items() if k not in ("BUDAYA_KERJA_KEY", "NO_COLOR")}
    result = subprocess.run(  # no key: an anonymous survey needs none
        [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "-d", str(root)],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root, expected


def test_value_means_and_alpha_are_the_hand_computed_ones(project):
    root, expected = project
    for year, truth in expected.items():
        folder = root / "data" / "processed" / str(year)
        estimates = pd.read_csv(folder / "estimates.csv")
        reliability = pd.read_csv(folder / "reliability.csv")
        overall = estimates[estimates.group_by == "all"].set_index("measure")
        assert set(VALUES) <= set(overall.index) and "index" in overall.index
        for value in VALUES:
            assert overall.loc[value, "estimate"] == pytest.approx(truth["means"][value], abs=1e-9)
            row = reliability[(reliability.level == "value") & (reliability.measure == value)]
            assert row["alpha"].iloc[0] == pytest.approx(truth["alpha"][value], abs=1e-9)
            assert row["alpha"].iloc[0] > 0.5  # reverse keying done: no negative alpha
        assert overall.loc["index", "n"] <= truth["n"]
        assert set(estimates.group_by) == {"all", "unit", "jenis_kelamin"}  # groups replaced


def test_the_survey_is_anonymous_everywhere(project):
    root, _ = project
    for year in (2025, 2026):
        folder = root / "data" / "processed" / str(year)
        quality = json.loads((folder / "quality.json").read_text())
        assert quality["anonymous"] is True and quality["key_fingerprint"] is None
        assert quality["flags"]["duplicate"] == 1 and quality["rejected"] == 0
        responses = pd.read_parquet(folder / "responses.parquet")
        assert responses["respondent"].str.fullmatch(rf"{year}-f1-r\d+").all()
        assert responses["flag_duplicate"].sum() == 1
        scores = pd.read_parquet(folder / "scores.parquet")
        assert scores["excluded"].sum() == 2  # the duplicate and the incomplete one
    comparison = pd.read_csv(root / "data/processed/comparison/2025-2026.csv")
    assert (comparison["linkage"] == "anonymous").all()
    assert (comparison.loc[comparison.tested, "n_matched"] == 0).all()
    log = (root / "logs/compare_years/2025-2026.log").read_text()
    assert "survei anonim pada 2025, 2026" in log and "PERINGATAN" not in log
    summary = (root / "logs/ringkasan.log").read_text()
    assert "survei anonim: tanpa NIP, tanpa kunci" in summary


def test_the_report_is_built_for_the_other_instrument(project):
    root, _ = project
    text = pdf_text((root / "reports/2026/laporan-evaluasi-2026.pdf").read_bytes())
    assert "Universitas Contoh" in text and "DATA SINTETIS" not in text
    assert "Nilai EKS" in text

"""The generator: byte-identical shipped data, calibration and recovery of the truth."""

import re

import numpy as np
import pandas as pd
import pytest

from budaya_kerja import synthetic
from budaya_kerja.io import clean, origin
from budaya_kerja.io.units import load_units
from budaya_kerja.settings import REPO_ROOT
from budaya_kerja.stats import aggregate, scoring, weighting

from .exports import decoded_text

# The shipped demo; the tests never read data/raw/, where an analyst's real exports go.
RAW = REPO_ROOT / "data" / "contoh"
TRUTH = REPO_ROOT / "data" / "truth" / "truth-sintetis.csv"


@pytest.fixture(scope="module")
def shipped(config, units):
    """The full synthetic survey, as `make data` writes it."""
    return synthetic.simulate(config, units)


def test_make_data_regenerates_the_shipped_files_and_manifest_byte_identically(tmp_path):
    out, truth, manifest = tmp_path / "contoh", tmp_path / "truth.csv", tmp_path / "m.json"
    synthetic.main(["--out-dir", str(out), "--truth", str(truth), "--manifest", str(manifest)])
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len([p for p in written if "evaluasi" not in p.parts]) == 9
    for path in written:
        shipped_file = RAW / path.relative_to(out)
        assert shipped_file.read_bytes() == path.read_bytes(), f"{shipped_file} is stale: make data"
    assert TRUTH.read_bytes() == truth.read_bytes()
    assert synthetic.MANIFEST_PATH.read_bytes() == manifest.read_bytes(), "stale: make data"


def test_shipped_files_are_synthetic_by_their_manifest():
    files = [p for p in RAW.rglob("*") if p.is_file()]
    survey = [p for p in files if "evaluasi" not in p.parts]  # worksheets: test_synthetic_evaluasi
    assert len(survey) == 9 and all(origin.is_synthetic(p) for p in files)


def test_shipped_exports_hold_names_and_nips_typed_into_the_wrong_fields():
    """The demo carries the personal data careless respondents type (the workflow tests
    check that none of it reaches an output)."""
    text = "\n".join(decoded_text(p) for p in sorted(RAW.glob("*/survei-*")))
    assert text.count("Staf ") == 6 and text.count(", NIP ") == 6  # jabatan, saran
    assert len(re.findall(r"UPT \d{18}", text)) == 2  # the agency field
    assert (
        len(
            re.findall(
                r"[,;](?:[A-Z][a-z]+ [A-Z][a-z]+|\d{18})[,;](?:Fungsional|Pelaksana|"
                r"Pengawas|Administrator|JPT)",
                text,
            )
        )
        >= 6
    )  # golongan


def _estimates(config, instrument, year):
    files = sorted(str(p) for p in (RAW / str(year)).iterdir()
                   if p.is_file() and "populasi" not in p.name)  # fmt: skip
    frame = [str(RAW / str(year) / "populasi-sintetis.csv")]
    units = load_units(REPO_ROOT / "config" / "units.yaml")
    responses, rejected, quality, frame = clean.clean_files(
        files, frame, units, year=year, instrument=instrument, settings=config
    )
    responses = responses[~clean.excluded(responses, config["quality"])]  # as the pipeline
    scores = scoring.score_respondents(responses, instrument).join(
        weighting.poststratify(responses, frame)
    )
    est = aggregate.estimate_groups(
        scores, responses, instrument, year=year, group_by=config["estimation"]["group_by"],
        bands=config["bands"],
    )  # fmt: skip
    return est, quality


@pytest.fixture(scope="module")
def shipped_estimates(config, instrument):
    return {y: _estimates(config, instrument, y) for y in (2024, 2025)}


def test_2024_index_is_the_published_76_3_sehat(shipped_estimates):
    est, quality = shipped_estimates[2024]
    row = est[(est.group_by == "all") & (est.measure == "index")].iloc[0]
    assert round(row.estimate, 1) == 76.3 and row.category == "Sehat"
    assert 6000 <= quality["accepted"] <= 10000


def test_2025_is_higher_overall_but_not_everywhere(shipped_estimates):
    e0, e1 = shipped_estimates[2024][0], shipped_estimates[2025][0]
    key = ["group_by", "group", "measure"]
    both = e0.merge(e1, on=key, suffixes=("0", "1"))
    both["diff"] = both.estimate1 - both.estimate0
    overall = both[(both.group_by == "all")].set_index("measure")["diff"]
    assert overall["index"] > 2
    assert (overall[["BP", "AK", "KO", "HA", "LO", "AD", "KL"]] < 0).sum() >= 1
    units = both[(both.group_by == "unit") & (both.measure == "index")]["diff"].dropna()
    assert (units < 0).sum() >= 3 and len(units) >= 35


def test_some_agencies_are_below_the_minimum_size(shipped_estimates):
    est = shipped_estimates[2024][0]
    units = est[(est.group_by == "unit") & (est.measure == "index")]
    assert 40 <= len(units) <= 50 and (units.suppression_reason == "n < 10").sum() >= 1


def test_truth_is_recovered_within_the_reported_intervals(shipped_estimates):
    truth = pd.read_csv(TRUTH, dtype={"group": "string"})
    covered = []
    for year, (est, _) in shipped_estimates.items():
        joined = est.merge(truth[truth.year == year], on=["group_by", "group", "measure"])
        joined = joined[~joined.suppressed]
        inside = (joined.ci_low <= joined.truth) & (joined.truth <= joined.ci_high)
        overall = joined[joined.group_by == "all"]
        assert inside[overall.index].all(), overall[["measure", "estimate", "truth", "ci_low"]]
        covered.append(inside[joined.group_by == "unit"])
    share = pd.concat(covered).mean()
    print(f"unit-level coverage {share:.3f}")
    assert 0.88 <= share <= 1.0, share


def test_programme_truth_has_a_null_programme(config, units):
    truth = pd.read_csv(TRUTH)
    effects = truth[truth.group_by == "program"].set_index("group")["truth"]
    assert effects["seminar"] == 0 and effects["workshop"] > effects["podcast"] > 0


def test_generator_is_seeded(config, units):
    a = synthetic.simulate(config, units, size=0.05, seed=1, target_index=None)
    b = synthetic.simulate(config, units, size=0.05, seed=1, target_index=None)
    c = synthetic.simulate(config, units, size=0.05, seed=2, target_index=None)
    assert a.exports[2024] == b.exports[2024] != c.exports[2024]
    assert np.isclose(a.intercept, 0.0)


def test_programme_effects_recovered_within_their_intervals(shipped_estimates):
    from budaya_kerja.stats import programmes

    estimates = pd.concat([shipped_estimates[y][0] for y in (2024, 2025)])
    table = programmes.read_programmes(pd.read_csv(RAW / "program-sintetis.csv"))
    found = programmes.evaluate_programmes(estimates, table).set_index("programme")
    truth = pd.read_csv(TRUTH).query("group_by == 'program'").set_index("group")["truth"]
    for programme, effect in truth.items():
        row = found.loc[programme]
        assert row.ci_low <= effect <= row.ci_high, (programme, effect, row.to_dict())
    assert found.loc["workshop", "p"] < 0.05 and found.loc["seminar", "p"] > 0.05

"""The floor does the stages' work: same scores, same estimates and SEs as the pipeline."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks import floor
from budaya_kerja.io import clean, tables
from budaya_kerja.stats import aggregate, scoring, weighting

from .benchdata import clean_project, make_project


@pytest.fixture(scope="module")
def bench_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bench") / "n2000")


@pytest.fixture(scope="module")
def year_2025(bench_project, config, instrument):
    return clean_project(bench_project, config, instrument)[2025]


def _score_and_estimate(responses, frame, config, instrument, folder):
    """What score_values and estimate_groups write, made by the package's functions."""
    left_out = clean.excluded(responses, config["quality"])
    design, _ = weighting.make_weights(responses[~left_out], frame)
    scores = scoring.score_respondents(
        responses, instrument, config["scoring"]["min_items_per_value"]
    ).join(design)
    scores["excluded"] = left_out
    tables.write_parquet(responses, folder / "responses.parquet")
    tables.write_parquet(scores, folder / "scores.parquet")
    estimates = aggregate.estimate_groups(
        scores, responses, instrument, year=2025,
        group_by=config["estimation"]["group_by"], bands=config["bands"],
        min_group_size=config["estimation"]["min_group_size"], exclude=scores["excluded"],
    )  # fmt: skip
    tables.write_csv(estimates, folder / "estimates.csv")
    return scores, estimates


@pytest.mark.parametrize("weighted", [True, False], ids=["frame", "no-frame"])
def test_estimate_floor_matches_the_pipeline(year_2025, config, instrument, tmp_path, weighted):
    responses, _, _, frame = year_2025
    scores, estimates = _score_and_estimate(
        responses, frame if weighted else None, config, instrument, tmp_path
    )
    assert scores.loc[~scores["excluded"], "stratum_N"].notna().all() == weighted
    result = floor.estimate_floor(tmp_path / "scores.parquet", tmp_path / "responses.parquet",
                                  instrument, config["estimation"]["group_by"])  # fmt: skip
    assert result["rows"] == int((~scores["excluded"]).sum())
    check = floor.compare_estimates(result["estimates"], tmp_path / "estimates.csv")
    published = int(estimates["estimate"].notna().sum())
    assert check["compared"] == published > 500
    assert check["missing"] == 0
    assert check["max_diff_estimate"] < 1e-9 and check["max_diff_se"] < 1e-9


def test_compare_estimates_sees_a_wrong_number(year_2025, config, instrument, tmp_path):
    responses, _, _, frame = year_2025
    _score_and_estimate(responses, frame, config, instrument, tmp_path)
    result = floor.estimate_floor(tmp_path / "scores.parquet", tmp_path / "responses.parquet",
                                  instrument, config["estimation"]["group_by"])  # fmt: skip
    key = ("unit", "KAB001", "index")
    est, se, *rest = result["estimates"][key]
    result["estimates"][key] = (est + 0.5, se, *rest)
    check = floor.compare_estimates(result["estimates"], tmp_path / "estimates.csv")
    assert check["max_diff_estimate"] == pytest.approx(0.5)


def test_score_floor_gives_the_pipeline_index(year_2025, config, instrument, tmp_path):
    responses = year_2025[0]
    tables.write_parquet(responses, tmp_path / "responses.parquet")
    result = floor.score_floor(tmp_path / "responses.parquet", instrument,
                               config["scoring"]["min_items_per_value"])  # fmt: skip
    expected = scoring.score_respondents(responses, instrument)["index"].to_numpy()
    assert np.isnan(expected).any()  # incomplete questionnaires have no index
    np.testing.assert_allclose(result["index"], expected, rtol=0, atol=1e-12, equal_nan=True)


def test_read_floor_reads_every_row(bench_project):
    rows = json.loads((bench_project / "bench-manifest.json").read_text())["years"]["2024"]
    result = floor.read_floor(sorted((bench_project / "data" / "raw" / "2024").glob("survei*")))
    assert result["skipped"] == []  # python-calamine is a dev dependency
    assert result["rows"] == rows["rows"] and result["seconds"] > 0

"""`make bench`'s code path at a tiny size: every stage is timed and the counts add up."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from benchmarks import run

from .benchdata import ORGS, SIZE

pytestmark = pytest.mark.slow  # the whole pipeline, PDF included (about a minute)
HAVE_R = shutil.which("Rscript") is not None


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    results = root / "results.csv"
    args = ["--sizes", str(SIZE), "--orgs", str(ORGS), "--work", str(root / "work"),
            "--results", str(results), "--label", "test", "--peer-sizes", str(SIZE)]  # fmt: skip
    run.main(args)
    return root / "work" / f"n{SIZE}", pd.read_csv(results, dtype={"year": str})


def test_every_stage_of_every_year_is_timed(bench):
    _, results = bench
    ok = results[results["status"] == "ok"]
    timed = set(zip(ok["stage"], ok["year"], strict=True))
    for stage in run.STAGES:
        years = ["2024-2025"] if stage == "compare_years" else ["2024", "2025"]
        for year in years:
            assert (stage, year) in timed
    stages = ok[ok["stage"].isin(run.STAGES)]
    assert (stages["wall_s"] > 0).all() and (stages["cpu_s"] > 0).all()
    assert (stages["max_rss_mib"] > 50).all()  # a Python process with pandas loaded
    # beside each peak, the memory Snakemake gave the stage's jobs (workflow/memory.yaml)
    assert (stages["mem_model_mib"] >= 190).all(), stages[["stage", "mem_model_mib"]]
    total = ok[ok["stage"] == "total"].iloc[0]
    assert total["wall_s"] >= stages["wall_s"].max()
    assert total["max_rss_mib"] >= stages["max_rss_mib"].max() * 0.9  # sampled, not exact


def test_rows_counted_are_the_rows_generated(bench):
    work, results = bench
    manifest = json.loads((work / "bench-manifest.json").read_text())
    clean = results[results["stage"] == "clean_responses"].set_index("year")
    for year, entry in manifest["years"].items():
        quality = json.loads((work / "data" / "processed" / year / "quality.json").read_text())
        assert clean.loc[year, "rows"] == entry["rows"] == quality["rows_read"]
        assert quality["accepted"] + quality["rejected"] == quality["rows_read"]
        estimate = results[(results["stage"] == "estimate_groups") & (results["year"] == year)]
        assert estimate["rows"].iloc[0] == quality["accepted"]
    generated = results[results["stage"] == "generate"].iloc[0]
    assert generated["rows"] == sum(y["rows"] for y in manifest["years"].values())


def test_floors_sit_beside_their_stages_and_agree(bench):
    _, results = bench
    for stage, name in run.FLOOR_OF.items():
        rows = results[results["stage"] == stage]
        assert (rows["floor"] == name).all() and (rows["floor_s"] > 0).all()
        # the ratio is rounded to one decimal, floor_s to 4 significant digits
        np.testing.assert_allclose(
            rows["ratio"], rows["wall_s"] / rows["floor_s"], atol=0.051, rtol=2e-3
        )
    notes = results.loc[results["stage"] == "estimate_groups", "note"]
    for note in notes:  # e.g. "... max |diff| estimate 9.9e-14, se 4.1e-14, missing 0"
        diffs = [float(x.split()[-1]) for x in note.split(",")[1:3]]
        assert max(diffs) < 1e-9 and note.endswith("missing 0"), note


@pytest.mark.skipif(not HAVE_R, reason="Rscript is not installed (the R peer is optional)")
def test_r_peer_estimates_the_same_index(bench):
    work, results = bench
    peer = results[results["stage"].str.startswith("r_peer_")].set_index("stage")
    assert set(peer.index) == {"r_peer_read", "r_peer_score", "r_peer_estimate", "r_peer_total"}
    assert (peer["wall_s"] > 0).all()
    r_index = float(peer.loc["r_peer_estimate", "note"].split()[1])
    estimates = pd.read_csv(work / "data" / "processed" / "2024" / "estimates.csv")
    ours = estimates.query("group_by == 'all' and measure == 'index'")["estimate"].iloc[0]
    assert abs(r_index - ours) < 0.5  # same data; R weights by agency only


def test_results_of_another_label_are_kept(bench, tmp_path):
    _, results = bench
    path = tmp_path / "results.csv"
    results.assign(label="older").to_csv(path, index=False)
    run.write_results(results.to_dict("records"), path)
    again = pd.read_csv(path)
    assert set(again["label"]) == {"older", "test"} and len(again) == 2 * len(results)
    run.write_results(results.to_dict("records"), path)  # the same label replaces itself
    assert len(pd.read_csv(path)) == 2 * len(results)

"""Non-response (stats.nonresponse): response by frame group against the frame, and the
sensitivity of the province's results to the weights and to the flagged respondents."""

from __future__ import annotations

import pandas as pd
import pytest

from budaya_kerja.stats import nonresponse


def test_response_by_group_counts_against_the_frame(processed):
    table = processed.of(2025, "nonresponse")
    responses, frame = processed.of(2025, "responses"), processed.of(2025, "frame")
    total = table[table["group_by"] == "all"].iloc[0]
    assert total["respondents"] == len(responses)
    assert total["headcount"] == frame["jumlah"].sum()
    for group_by, part in table[table["group_by"] != "all"].groupby("group_by"):
        assert part["share_frame"].sum() == pytest.approx(100)
        shown = part[~part["suppressed"]]
        counted = responses[group_by].astype("string").value_counts()
        for row in shown.itertuples():
            assert row.respondents == counted.get(row.group, 0)
            assert row.share_diff == pytest.approx(row.share_respondents - row.share_frame)
        # Hidden groups show no count, rate or share (incl. by subtraction: complements).
        hidden = part[part["suppressed"]]
        assert hidden[["respondents", "rate", "share_respondents"]].isna().all().all()
        assert len(hidden) != 1


def test_configured_scenario_is_the_published_estimate(processed, instrument):
    sens = processed.of(2025, "sensitivity")
    est = processed.estimates.query("year == 2025 and group_by == 'all'").set_index("measure")
    configured = sens[sens["scenario"] == "configured"].set_index("measure")
    for m in ["index", *instrument.value_ids]:
        assert configured.at[m, "estimate"] == pytest.approx(est.at[m, "estimate"], abs=1e-9)
        assert configured.at[m, "ci_low"] == pytest.approx(est.at[m, "ci_low"], abs=1e-6)
    unweighted = sens[sens["scenario"] == "unweighted"].set_index("measure")
    assert unweighted.at["index", "estimate"] == pytest.approx(
        est.at["index", "estimate_unweighted"], abs=1e-9)  # fmt: skip


def test_flagged_scenario_changes_exactly_the_flagged(processed, config):
    sens = processed.of(2025, "sensitivity")
    responses, scores = processed.of(2025, "responses"), processed.of(2025, "scores")
    flagged = (responses["flag_straightline"] | responses["flag_speeder"]).to_numpy()
    kept = ~scores["excluded"].astype(bool).to_numpy()
    assert not config["quality"]["exclude_straightliners"]  # the demo keeps them ...
    row = sens[(sens["scenario"] == "flags_excluded") & (sens["measure"] == "index")].iloc[0]
    assert row["n_changed"] == int((flagged & kept).sum())  # ... so the check leaves them out
    base = sens[(sens["scenario"] == "configured") & (sens["measure"] == "index")].iloc[0]
    assert row["n"] == base["n"] - row["n_changed"]
    assert row["diff"] == pytest.approx(row["estimate"] - base["estimate"])


def test_no_frame_gives_an_empty_table():
    out = nonresponse.response_by_group(pd.DataFrame({"unit": ["A"]}), pd.DataFrame(), 2025, 10)
    assert out.empty and list(out.columns) == nonresponse.NONRESPONSE_COLUMNS


def test_sensitivity_shifts_are_small_only_under_half_the_half_width_and_same_category():
    bands = [{"min": 80, "label": "A"}, {"min": 70, "label": "B"}, {"min": 0, "label": "C"}]
    sens = pd.DataFrame({
        "scenario": ["configured"] * 3 + ["unweighted"] * 3 + ["flags_excluded"] * 3,
        "measure": ["index", "v1", "v2"] * 3,
        # configured: index 75 +- 1, v1 85 +- 2, v2 70.1 +- 0.4
        "estimate": [75.0, 85.0, 70.1, 75.3, 85.9, 70.1, 74.6, 85.0, 69.5],
        "ci_low": [74.0, 83.0, 69.7] * 3, "ci_high": [76.0, 87.0, 70.5] * 3,
    })  # fmt: skip
    base = sens[sens["scenario"] == "configured"].set_index("measure")["estimate"]
    sens["diff"] = sens["estimate"] - sens["measure"].map(base)
    out = nonresponse.sensitivity_shifts(sens, bands).set_index(["scenario", "measure"])
    assert len(out) == 6 and out["shift"].is_monotonic_decreasing
    # 0.3 / 1 = 0.3 < 0.5: small; 0.9 / 2 = 0.45: small; 0.4 / 1 = 0.4 small.
    assert out.loc[("unweighted", "index"), "ratio"] == pytest.approx(0.3)
    assert out.loc[("unweighted", "v1"), "ratio"] == pytest.approx(0.45)
    assert out.loc[[("unweighted", "index"), ("unweighted", "v1"), ("flags_excluded", "index")],
                   "small"].all()  # fmt: skip
    # 0.6 / 0.4 = 1.5 and B -> C: not small, and the category change is recorded.
    row = out.loc[("flags_excluded", "v2")]
    assert row["ratio"] == pytest.approx(1.5) and not row["small"]
    assert (row["category0"], row["category1"]) == ("B", "C")
    # A shift under half the half-width that crosses a band is not small either.
    crossing = sens.assign(estimate=sens["estimate"].where(sens.index != 5, 69.94),
                           diff=sens["diff"].where(sens.index != 5, -0.16))  # fmt: skip
    out = nonresponse.sensitivity_shifts(crossing, bands).set_index(["scenario", "measure"])
    assert out.loc[("unweighted", "v2"), "ratio"] == pytest.approx(0.4)
    assert not out.loc[("unweighted", "v2"), "small"]

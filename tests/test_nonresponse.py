"""Non-response (stats.nonresponse): response by frame group against the frame, and the
sensitivity of the province's results to the weights and to the flagged respondents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.stats import aggregate, nonresponse, suppression

from .test_aggregate import _survey


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


def test_groups_are_hidden_alike_in_nonresponse_and_estimates(instrument, config):
    # 12 women accepted but 3 of them left out of the estimates: estimates.csv alone would
    # hide L (9) and its complement P, nonresponse.csv alone nothing (12, 30, 98 accepted),
    # so its L and P counts would give back what the estimates hide. One set serves both.
    responses, scores = _survey(instrument, {"A": 80, "B": 60}, seed=2)
    sex = np.array(["L"] * 12 + ["P"] * 30 + ["X"] * 98)
    responses["jenis_kelamin"], scores["jenis_kelamin"] = sex, sex
    excluded = pd.Series(np.arange(len(sex)) < 3)
    frame = pd.DataFrame({"unit": "A", "jenis_kelamin": ["L", "P", "X"], "jumlah": [20, 50, 150]})

    def hidden(table):
        return set(table[(table.group_by == "jenis_kelamin") & table.suppressed].group)

    def estimates(**kw):
        return aggregate.estimate_groups(scores, responses, instrument, year=2025,
                                         group_by=["unit", "jenis_kelamin"], bands=config["bands"],
                                         exclude=excluded, **kw)  # fmt: skip

    assert hidden(estimates()) == {"L", "P"}
    assert hidden(nonresponse.response_by_group(responses, frame, 2025, 10)) == set()
    shared = {
        "jenis_kelamin": suppression.group_reasons(scores, ~excluded, frame, "jenis_kelamin", 10)
    }
    together = nonresponse.response_by_group(responses, frame, 2025, 10, ~excluded)
    assert hidden(estimates(group_suppression=shared)) == hidden(together) == {"L", "P"}
    rows = together.set_index("group")
    assert rows.loc["L", "suppression_reason"] == "n < 10" and pd.isna(rows.loc["P", "respondents"])


def test_published_tables_hide_the_same_groups(processed):
    # The pipeline's own tables: every breakdown both show hides the same groups.
    table = processed.of(2025, "nonresponse")
    est = processed.estimates.query("year == 2025 and measure == 'index'")
    shared = set(table["group_by"]) & set(est["group_by"]) - {"all", "unit"}
    assert shared  # the demo has breakdowns in both
    for group_by in shared:
        listed = set(est.loc[est.group_by == group_by, "group"])
        rates = table[(table.group_by == group_by) & table.group.isin(listed)]
        in_rates = set(rates.loc[rates.suppressed, "group"])
        in_estimates = set(est.loc[(est.group_by == group_by) & est.suppressed, "group"])
        assert in_rates == in_estimates, group_by


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


@pytest.mark.parametrize("exclude_flags", [False, True])
def test_other_sample_is_scored_again_only_in_its_weights(processed, instrument, config,
                                                          exclude_flags):  # fmt: skip
    """The flagged scenario reuses the published scores with weights made for its sample:
    the same numbers, bit for bit, as scoring every answer again for that sample
    (scoring.score_sample), from only the columns needed_columns names."""
    from budaya_kerja.stats import scoring

    responses, frame = processed.of(2025, "responses"), processed.of(2025, "frame")
    quality = {**config["quality"], "exclude_straightliners": exclude_flags}
    configured = scoring.score_sample(responses, frame, instrument,
                                      exclude=clean_excluded(responses, quality))[0]  # fmt: skip
    columns = nonresponse.needed_columns(responses.columns, frame, instrument.value_ids)
    assert not set(columns["responses"]) & set(instrument.items)
    lean = nonresponse.sensitivity(responses[columns["responses"]],
                                   configured[columns["scores"]], frame, instrument, 2025,
                                   quality=quality)  # fmt: skip
    name = "flags_included" if exclude_flags else "flags_excluded"
    other = lean[lean["scenario"] == name]
    flagged = responses["flag_straightline"] | responses["flag_speeder"]
    left_out = (
        configured["excluded"] & ~flagged if exclude_flags else configured["excluded"] | flagged
    )
    if quality.get("exclude_incomplete") and exclude_flags:
        left_out |= responses["flag_incomplete"]
    rescored = scoring.score_sample(responses, frame, instrument, exclude=left_out)[0]
    measures = ["index", *instrument.value_ids]
    expected = nonresponse._estimate(rescored, measures, True, config["estimation"]["confidence"])
    assert len(other) == len(measures) and other["n_changed"].iloc[0] > 0
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_array_equal(other[column].to_numpy(), expected[column].to_numpy())


def clean_excluded(responses, quality):
    from budaya_kerja.io import clean

    return clean.excluded(responses, quality)

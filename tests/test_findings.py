"""Item-level findings (stats.findings): strengths and challenges by the configured thresholds,
decided on the published shares, and the most improved and declined behaviours from the
comparison; on the pipeline's own tables of a generated survey and on a hand-worked case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.rounding import direction, published
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.findings import item_findings, negative_max


def test_shares_and_labels_follow_the_tables(processed, instrument, config):
    f = processed.of(2025, "item_findings")
    assert list(f["item"]) == instrument.items
    dist = processed.of(2025, "items")
    for item in instrument.items[:5]:
        negative = dist[(dist["item"] == item) & (dist["answer"] <= 2)]["share"].sum()
        row = f.set_index("item").loc[item]
        assert row["pct_negative"] == pytest.approx(100 * negative)
        assert row["pct_positive"] + row["pct_neutral"] + row["pct_negative"] == pytest.approx(100)
    rules = config["findings"]
    assert (f["strength"] == (published(f["pct_positive"]) >= rules["strength_min_positive"])).all()
    assert (
        f["challenge"] == (published(f["pct_negative"]) >= rules["challenge_min_negative"])
    ).all()
    assert sorted(f["rank_positive"]) == list(range(1, len(f) + 1))


def test_movements_are_the_largest_significant_changes(processed, config):
    f = processed.of(2025, "item_findings")
    comp = processed.comparison
    items = comp[(comp["group_by"] == "all") & comp["measure"].isin(f["item"])
                 & comp["tested"].astype(bool) & comp["significant"].astype(bool)]  # fmt: skip
    way = direction(items["diff"])  # as published: a change printed 0,0 moves nowhere
    up = items[way > 0].sort_values(["diff", "measure"], ascending=[False, True])
    down = items[way < 0].sort_values(["diff", "measure"])
    top = config["findings"]["top"]
    improved = f[f["movement"] == "improved"].sort_values("movement_rank")["item"].tolist()
    declined = f[f["movement"] == "declined"].sort_values("movement_rank")["item"].tolist()
    assert improved == up["measure"].head(top).tolist()
    assert declined == down["measure"].head(top).tolist()
    assert processed.of(2024, "item_findings")["movement"].eq("").all()  # no earlier year


def test_a_share_that_publishes_as_the_threshold_is_a_strength():
    """64,96 % positive is printed 65,0 %, so it is a strength (the label agrees with the
    number); 34,94 % negative prints 34,9 %, not a challenge."""
    inst = Instrument({"V": ["V1", "V2"]}, {"V": "V"}, {}, 1, 5, positive_min=4)
    assert negative_max(inst) == 2
    est = pd.DataFrame({"year": 2025, "group_by": "all", "group": "all", "measure": ["V1", "V2"],
                        "n": [100, 100], "estimate": [70.0, 40.0], "pct_positive": [64.96, 40.0],
                        "pct_positive_ci_low": [60.0, 35.0], "pct_positive_ci_high": [70.0, 45.0]})  # fmt: skip
    shares = {"V1": [0.10, 0.10, 0.1504, 0.40, 0.2496], "V2": [0.2, 0.1494, 0.2506, 0.2, 0.2]}
    dist = pd.DataFrame([{"year": 2025, "item": i, "answer": a + 1, "share": s}
                         for i, row in shares.items() for a, s in enumerate(row)])  # fmt: skip
    out = item_findings(est, dist, None, inst, 2025).set_index("item")
    assert bool(out.at["V1", "strength"]) and not bool(out.at["V2", "strength"])
    assert out.at["V2", "pct_negative"] == pytest.approx(34.94)
    assert not bool(out.at["V2", "challenge"])
    assert np.isnan(out.at["V1", "diff"]) and out.at["V1", "movement"] == ""


def test_a_change_that_publishes_as_zero_is_no_movement():
    """A significant change of +0,04 prints "0,0": not an improvement; −0,06 prints −0,1."""
    inst = Instrument({"V": ["V1", "V2"]}, {"V": "V"}, {}, 1, 5, positive_min=4)
    est = pd.DataFrame({"year": 2025, "group_by": "all", "group": "all", "measure": ["V1", "V2"],
                        "n": [100, 100], "estimate": [70.0, 40.0], "pct_positive": [60.0, 40.0],
                        "pct_positive_ci_low": [55.0, 35.0], "pct_positive_ci_high": [65.0, 45.0]})  # fmt: skip
    dist = pd.DataFrame([{"year": 2025, "item": i, "answer": a + 1, "share": 0.2}
                         for i in ("V1", "V2") for a in range(5)])  # fmt: skip
    comp = pd.DataFrame({"year0": 2024, "group_by": "all", "measure": ["V1", "V2"],
                         "tested": True, "significant": True, "diff": [0.04, -0.06],
                         "ci_low": [0.01, -0.09], "ci_high": [0.07, -0.03], "p_adj": 0.001})  # fmt: skip
    out = item_findings(est, dist, comp, inst, 2025).set_index("item")
    assert out.at["V1", "movement"] == "" and out.at["V2", "movement"] == "declined"

"""Agency profiles (stats.profiles): the distance from the province with the variance of a
part against the whole, behaviours ranked, and the agencies that need attention."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.settings import Instrument
from budaya_kerja.stats.profiles import agency_profiles, needs_attention

INST = Instrument({"V": ["V1"], "W": ["W1"]}, {"V": "V", "W": "W"}, {}, 1, 5)


def _estimates(rows):
    base = {"year": 2025, "n": 100, "df": 99, "suppressed": False, "category_high": "Sehat",
            "suppression_reason": ""}  # fmt: skip
    return pd.DataFrame([{**base, **r} for r in rows])


def test_difference_from_the_province_by_hand():
    """Two agencies with half the weight each: A 80 (se 2), B 60 (se 1); the province is 70
    with V = 0,25·4 + 0,25·1 = 1,25. A - province = (1 - P)(A - B) = 10 with variance
    (1 - P)²(V_A + V_B) = 1,25 = V_prov + (1 - 2P) V_A."""
    rows = []
    for m in ("index", "V", "W", "V1", "W1"):
        rows += [{"group_by": "all", "group": "all", "group_label": "all", "measure": m,
                  "estimate": 70.0, "se": np.sqrt(1.25)},
                 {"group_by": "unit", "group": "A", "group_label": "A", "measure": m,
                  "estimate": 80.0, "se": 2.0},
                 {"group_by": "unit", "group": "B", "group_label": "B", "measure": m,
                  "estimate": 60.0, "se": 1.0}]  # fmt: skip
    out = agency_profiles(_estimates(rows), pd.Series({"A": 0.5, "B": 0.5}), INST, 2025, top=1)
    a = out[(out["unit"] == "A") & (out["measure"] == "index")].iloc[0]
    assert a["diff_province"] == pytest.approx(10.0)
    assert a["se_diff"] ** 2 == pytest.approx(0.25 * (4 + 1))
    assert a["vs_province"] == "above"
    b = out[(out["unit"] == "B") & (out["measure"] == "index")].iloc[0]
    assert b["se_diff"] ** 2 == pytest.approx(1.25 + 0 * 1.0)
    assert b["vs_province"] == "below"
    items = out[(out["unit"] == "A") & (out["kind"] == "item")]
    assert sorted(items["rank"].tolist()) == [1, 2]
    assert items["strongest"].sum() == 1 and items["weakest"].sum() == 1


def test_hidden_agencies_have_no_profile_and_are_never_flagged(processed, config):
    est = processed.estimates
    hidden = est.query("year == 2025 and group_by == 'unit' and measure == 'index' and suppressed")
    prof = processed.of(2025, "profiles")
    assert not set(hidden["group"]) & set(prof["unit"])
    att = processed.of(2025, "attention").set_index("unit")
    for code in hidden["group"]:
        assert not att.at[code, "attention"] and not att.at[code, "published"]


def test_attention_rule(processed, config):
    est, funnel = processed.estimates, processed.of(2025, "funnel")
    comp = processed.comparison.copy()
    shown = est.query("year == 2025 and group_by == 'unit' and measure == 'index' "
                      "and not suppressed and category_high == 'Sehat'")  # fmt: skip
    code = shown[~shown["group"].isin(funnel.loc[funnel["position"] == "below998", "group"])]
    code = code["group"].iloc[0]
    row = (comp["group_by"] == "unit") & (comp["group"] == code) & (comp["measure"] == "index")
    comp.loc[row, ["diff", "tested", "significant", "material"]] = [-5.0, True, True, True]
    att = needs_attention(est, funnel, comp, config["bands"], 2025).set_index("unit")
    assert att.at[code, "declined"] and att.at[code, "attention"]
    assert not att.at[code, "funnel_low"] and not att.at[code, "below_band"]
    low = funnel.loc[funnel["position"] == "below998", "group"]
    assert all(att.at[g, "funnel_low"] for g in low if att.at[g, "published"])
    below = est.query("year == 2025 and group_by == 'unit' and measure == 'index' "
                      "and not suppressed and category_high != 'Sehat'")["group"]  # fmt: skip
    assert all(att.at[g, "below_band"] for g in below)

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from budaya_kerja.stats.targets import track_target

VALUES = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]


def _estimates():
    rows = [("all", "all", "index", 79.0, 0.5), ("unit", "A", "index", 85.0, 2.0),
            ("unit", "B", "index", 91.0, 0.4), ("unit", "C", "index", np.nan, np.nan)]  # fmt: skip
    rows += [
        ("all", "all", v, x, 0.5) for v, x in zip(VALUES, [82, 84, 78, 75, 80, 74, 80], strict=True)
    ]
    est = pd.DataFrame(rows, columns=["group_by", "group", "measure", "estimate", "se"])
    est["year"] = 2025
    est["group_label"] = est["group"]
    est["suppressed"] = est["estimate"].isna()
    return est


def test_distance_probabilities_and_status():
    out = track_target(_estimates(), 2025, (80, 90), VALUES).set_index(["group", "measure"])
    province = out.loc[("all", "index")]
    assert province.distance == -1.0 and province.needed == 1.0 and province.status == "below"
    assert province.p_reach == pytest.approx(stats.norm.cdf(-2.0))
    a = out.loc[("A", "index")]
    assert a.p_within == pytest.approx(stats.norm.cdf(2.5) - stats.norm.cdf(-2.5))
    assert out.loc[("B", "index")].status == "above"
    assert ("C", "index") not in out.index  # suppressed agencies get no target row


def test_values_share_of_the_gap():
    out = track_target(_estimates(), 2025, (80, 90), VALUES)
    values = out[out.measure.isin(VALUES)].set_index("measure")
    # shortfalls below 80: KO 2, HA 5, AD 6 -> points /7, shares 2/13, 5/13, 6/13
    assert values.loc["AD", "gap_points"] == pytest.approx(6 / 7)
    assert values.loc["HA", "gap_share"] == pytest.approx(5 / 13)
    assert values["gap_share"].sum() == pytest.approx(1.0)
    assert out.iloc[0].measure == "index" and out.iloc[0].group == "all"


def test_status_is_decided_on_the_published_estimate():
    # 79.96 prints as "80,0": within the 80-90 band, not below it; 79.94 prints as "79,9".
    est = pd.DataFrame({"year": 2025, "group_by": ["all", "unit", "unit"], "group": ["all", "A", "B"],
                        "group_label": ["all", "A", "B"], "measure": "index",
                        "estimate": [79.96, 79.94, 90.04], "se": 0.5, "suppressed": False})  # fmt: skip
    out = track_target(est, 2025, (80, 90), [])
    assert out.set_index("group")["status"].to_dict() == {
        "all": "within",
        "A": "below",
        "B": "within",
    }


def test_flags_read_back_as_text_are_not_truthy():
    """A table read as text (``"True"``/``"False"``) gives the same rows as the typed one: the
    string "False" is not a suppressed agency (``bool("False")`` is True)."""
    typed = _estimates()
    text = typed.assign(suppressed=typed["suppressed"].astype(str))
    assert set(text["suppressed"]) == {"True", "False"}
    out = track_target(text, 2025, (80, 90), VALUES)
    pd.testing.assert_frame_equal(out, track_target(typed, 2025, (80, 90), VALUES))
    assert {"A", "B"} <= set(out["group"])

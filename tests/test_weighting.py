import numpy as np
import pandas as pd
import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.stats.weighting import make_weights, poststratify


def _sample():
    return pd.DataFrame({
        "unit": ["A"] * 4 + ["B"] * 2,
        "jenis_kelamin": ["L", "L", "L", "P", "L", "L"],
    })  # fmt: skip


def test_cell_weights_meet_cell_totals():
    frame = pd.DataFrame({"unit": ["A", "A", "B"], "jenis_kelamin": ["L", "P", "L"],
                          "jumlah": [30, 10, 8]})  # fmt: skip
    design = poststratify(_sample(), frame)
    assert design["weight"].tolist() == [10, 10, 10, 10, 4, 4]
    assert design["stratum_N"].tolist() == [40, 40, 40, 40, 8, 8]
    totals = design.groupby(_sample()["unit"])["weight"].sum()
    assert totals.to_dict() == {"A": 40, "B": 8}


def test_uncovered_cell_is_raked_to_the_margins():
    # B has women in the frame but no female respondent: post-stratification is impossible,
    # so weights are raked to unit totals (40, 12) and sex totals (L 38, P 14).
    frame = pd.DataFrame({"unit": ["A", "A", "B", "B"], "jenis_kelamin": ["L", "P", "L", "P"],
                          "jumlah": [30, 10, 8, 4]})  # fmt: skip
    design, info = make_weights(_sample(), frame, tolerance=1e-10)
    w = design["weight"]
    assert info["method"] == "raking" and info["max_margin_error"] < 1e-10
    assert w.groupby(_sample()["unit"]).sum().to_dict() == pytest.approx({"A": 40, "B": 12})
    assert w.groupby(_sample()["jenis_kelamin"]).sum().to_dict() == pytest.approx(
        {"L": 38, "P": 14}
    )
    # Hand check of the fixed point: the single woman carries all 14 women.
    assert w.iloc[3] == pytest.approx(14)


def test_margin_that_cannot_be_met_is_dropped_with_a_reason():
    sample = _sample().assign(status_kepegawaian=["PNS"] * 6)
    frame = pd.DataFrame({"unit": ["A", "A", "B", "B"], "jenis_kelamin": ["L", "P", "L", "L"],
                          "status_kepegawaian": ["PNS", "PNS", "PNS", "PPPK"],
                          "jumlah": [30, 10, 8, 4]})  # fmt: skip
    design, info = make_weights(sample, frame)
    assert "status_kepegawaian" in info["dropped"]
    assert "no respondents in ['PPPK']" in info["dropped"]["status_kepegawaian"]
    assert design["weight"].groupby(sample["unit"]).sum().to_dict() == pytest.approx(
        {"A": 40, "B": 12}
    )


def test_no_frame_gives_unit_weights_and_no_fpc():
    design = poststratify(_sample(), None)
    assert (design["weight"] == 1).all() and design["stratum_N"].isna().all()


def test_unit_missing_from_frame_is_an_error(english):
    frame = pd.DataFrame({"unit": ["A"], "jumlah": [40]})
    with pytest.raises(BudayaKerjaError, match="no headcount for unit.*B"):
        poststratify(_sample(), frame)


def test_frame_without_strata_weights_by_unit():
    frame = pd.DataFrame({"unit": ["A", "B"], "jumlah": [40, 8]})
    design = poststratify(_sample(), frame)
    assert np.allclose(design["weight"], [10, 10, 10, 10, 4, 4])


def test_raking_that_cannot_converge_falls_back_to_unit_totals():
    # Women are 30 of the province, but the only female respondents are in B (12 people):
    # no weights can meet both margins, so the unit totals are used and the reason recorded.
    sample = pd.DataFrame({"unit": ["A", "A", "B", "B"], "jenis_kelamin": ["L", "L", "P", "L"]})
    frame = pd.DataFrame({"unit": ["A", "A", "B", "B"], "jenis_kelamin": ["L", "P", "L", "P"],
                          "jumlah": [20, 28, 10, 2]})  # fmt: skip
    design, info = make_weights(sample, frame, max_iterations=50)
    assert info["method"] == "post-stratification (unit)"
    assert "did not converge" in info["dropped"]["jenis_kelamin"]
    assert design["weight"].tolist() == [24, 24, 6, 6]

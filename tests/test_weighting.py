import numpy as np
import pandas as pd
import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.weighting import poststratify


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


def test_uncovered_cell_collapses_to_unit():
    # B has women in the frame but no female respondent: B is weighted as a whole.
    frame = pd.DataFrame({"unit": ["A", "A", "B", "B"], "jenis_kelamin": ["L", "P", "L", "P"],
                          "jumlah": [30, 10, 8, 4]})  # fmt: skip
    design = poststratify(_sample(), frame)
    assert design["weight"].tolist()[4:] == [6, 6]
    assert design["weight"].tolist()[:4] == [10, 10, 10, 10]


def test_no_frame_gives_unit_weights_and_no_fpc():
    design = poststratify(_sample(), None)
    assert (design["weight"] == 1).all() and design["stratum_N"].isna().all()


def test_unit_missing_from_frame_is_an_error():
    frame = pd.DataFrame({"unit": ["A"], "jumlah": [40]})
    with pytest.raises(BudayaKerjaError, match="no headcount for unit.*B"):
        poststratify(_sample(), frame)


def test_frame_without_strata_weights_by_unit():
    frame = pd.DataFrame({"unit": ["A", "B"], "jumlah": [40, 8]})
    design = poststratify(_sample(), frame)
    assert np.allclose(design["weight"], [10, 10, 10, 10, 4, 4])

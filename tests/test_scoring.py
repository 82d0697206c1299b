import numpy as np
import pandas as pd
import pytest

from budaya_kerja.settings import Instrument
from budaya_kerja.stats.scoring import categorize, item_points, score_respondents


def _responses(instrument, rows):
    return pd.DataFrame(rows, columns=instrument.items).astype("Int8")


def test_linear_and_proportional_conversion(instrument):
    answers = pd.DataFrame({"BP1": pd.array([1, 2, 3, 4, 5, None], dtype="Int8")})
    linear = item_points(answers, instrument)["BP1"].tolist()
    assert linear[:5] == [0.0, 25.0, 50.0, 75.0, 100.0] and np.isnan(linear[5])
    prop = Instrument(**{**instrument.__dict__, "conversion": "proportional"})
    assert item_points(answers, prop)["BP1"].tolist()[:5] == [20.0, 40.0, 60.0, 80.0, 100.0]


def test_hand_worked_respondent(instrument):
    # BP answers 5,4,3 -> 100,75,50 -> 75; every other value all 4 -> 75; one AK blank.
    row = [5, 4, 3] + [4] * 18
    row[3] = None  # AK1 blank: AK is the mean of AK2, AK3 = 75
    scores = score_respondents(_responses(instrument, [row]), instrument)
    assert scores.loc[0, "BP"] == pytest.approx(75.0)
    assert scores.loc[0, "AK"] == pytest.approx(75.0)
    assert scores.loc[0, "index"] == pytest.approx(75.0)
    # positive = answers >= 4: BP has 2 of 3
    assert scores.loc[0, "pos_BP"] == pytest.approx(2 / 3)
    assert scores.loc[0, "pos_index"] == pytest.approx((2 / 3 + 6) / 7)


def test_value_needs_two_items_and_index_needs_all_values(instrument):
    row = [5, None, None] + [3] * 18  # BP has one answer only
    scores = score_respondents(_responses(instrument, [row]), instrument)
    assert np.isnan(scores.loc[0, "BP"])
    assert scores.loc[0, "AK"] == pytest.approx(50.0)
    assert np.isnan(scores.loc[0, "index"])
    relaxed = score_respondents(_responses(instrument, [row]), instrument, min_items_per_value=1)
    assert relaxed.loc[0, "BP"] == pytest.approx(100.0)
    assert relaxed.loc[0, "index"] == pytest.approx((100 + 6 * 50) / 7)


def test_index_is_mean_of_values_not_of_items(instrument):
    # Unequal item counts per value must not weight values unequally.
    row = [5, 5, None] + [1] * 18
    scores = score_respondents(_responses(instrument, [row]), instrument)
    assert scores.loc[0, "index"] == pytest.approx(100 / 7)


def test_categories_at_band_edges(config):
    # 74.94 prints as 74,9 (Cukup Sehat); 74.99 would print as 75,0 and is Sehat.
    labels = categorize([100, 75, 74.94, 50, 49.9, 25, 24.9, 0, np.nan], config["bands"])
    assert labels.tolist()[:8] == [
        "Sehat", "Sehat", "Cukup Sehat", "Cukup Sehat", "Tidak Sehat", "Tidak Sehat",
        "Sangat Tidak Sehat", "Sangat Tidak Sehat",
    ]  # fmt: skip
    assert pd.isna(labels.iloc[8])

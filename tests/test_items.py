"""Item distributions (items.csv): weighted shares on the instrument's own scale."""

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.settings import Instrument
from budaya_kerja.stats.items import ITEM_COLUMNS, item_distribution


def _one_item(scale):
    return Instrument(values={"V": ["X1"]}, value_names={"V": "V"}, statements={},
                      scale_min=scale[0], scale_max=scale[1])  # fmt: skip


@pytest.mark.parametrize(
    "scale, answers, expected",
    [((1, 7), [1, 6, 7, 7], {1: 0.25, 2: 0, 5: 0, 6: 0.25, 7: 0.5}),
     ((1, 4), [1, 4, 4, 2], {1: 0.25, 2: 0.25, 3: 0, 4: 0.5}),
     ((1, 5), [4, 4, 5, None], {1: 0, 3: 0, 4: 2 / 3, 5: 1 / 3})],
)  # fmt: skip
def test_every_answer_of_the_instruments_scale(scale, answers, expected):
    data = pd.DataFrame({"X1": pd.array(answers, dtype="Int8")})
    out = item_distribution(data, np.ones(len(data)), _one_item(scale), 2025)
    assert list(out.columns) == ITEM_COLUMNS
    shares = out.set_index("answer")["share"]
    assert list(shares.index) == list(range(scale[0], scale[1] + 1))
    for answer, share in expected.items():
        assert shares.loc[answer] == pytest.approx(share)


def test_shares_are_weighted_like_the_estimates():
    # Two respondents answered 5 with weight 3, one answered 1 with weight 1: 90% answer 5.
    data = pd.DataFrame({"X1": pd.array([5, 5, 1], dtype="Int8")})
    out = item_distribution(data, [3.0, 3.0, 1.0], _one_item((1, 5)), 2025).set_index("answer")
    assert out.loc[5, "share"] == pytest.approx(6 / 7)
    assert out.loc[5, "share_unweighted"] == pytest.approx(2 / 3)
    assert out.loc[5, "n"] == 2


def test_pipeline_items_sum_to_one(processed, instrument):
    items = processed.of(2025, "items")
    assert set(items["item"]) == set(instrument.items)
    totals = items.groupby("item")[["share", "share_unweighted"]].sum()
    np.testing.assert_allclose(totals.to_numpy(), 1.0)

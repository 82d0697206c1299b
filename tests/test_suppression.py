"""Disclosure control (stats.suppression.protect): cells a table does not publish for another
reason (``forced``) are hidden and count in what the hidden cells pool."""

import pandas as pd

from budaya_kerja.stats.suppression import protect


def test_a_forced_cell_alone_is_complemented_by_the_smallest_published_one():
    counts = pd.Series({"a": 50, "b": 12, "c": 60})
    # "a" alone hidden: the total less b and c gives it back, so b is hidden too.
    reasons = protect(counts, 10, forced=pd.Series({"a": True, "b": False, "c": False}))
    assert reasons.to_dict() == {"a": "komplementer", "b": "komplementer", "c": ""}
    # A forced cell pools with a primary one (3 + 60 people in two cells): nothing more is
    # hidden, where without it the smallest other cell would be.
    counts = pd.Series({"a": 50, "b": 3, "c": 60})
    reasons = protect(counts, 10, forced=pd.Series({"c": True}))
    assert reasons.to_dict() == {"a": "", "b": "n < 10", "c": "komplementer"}
    assert protect(counts, 10).to_dict() == {"a": "komplementer", "b": "n < 10", "c": ""}

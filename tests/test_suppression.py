"""Disclosure control (stats.suppression.protect): cells a table does not publish for another
reason (``forced``) are hidden and count in what the hidden cells pool."""

import numpy as np
import pandas as pd

from budaya_kerja.stats import suppression
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


def test_group_reasons_read_as_categories_equal_those_of_text(tmp_path):
    # The estimates step reads the breakdown columns as categories (pyarrow dictionaries), the
    # non-response step as text: both must hide the same groups, blanks as "(tidak diisi)".
    import numpy as np
    import pyarrow.parquet as pq

    from budaya_kerja.stats.suppression import group_reasons

    sex = pd.Series(["L"] * 12 + ["P"] * 30 + [None] * 4 + ["X"] * 40, dtype="object")
    people = pd.DataFrame({"excluded": np.arange(len(sex)) < 3, "jenis_kelamin": sex})
    people.to_parquet(tmp_path / "scores.parquet")
    read = pq.read_table(tmp_path / "scores.parquet", read_dictionary=["jenis_kelamin"])
    read = read.to_pandas()
    assert isinstance(read["jenis_kelamin"].dtype, pd.CategoricalDtype)
    frame = pd.DataFrame({"unit": "A", "jenis_kelamin": ["L", "P", "X", "Y"], "jumlah": 9})
    kept = ~people["excluded"].to_numpy()
    text = group_reasons(people, kept, frame, "jenis_kelamin", 10)
    categories = group_reasons(read, kept, frame, "jenis_kelamin", 10)
    pd.testing.assert_series_equal(text, categories)
    # Blanks (4), L (9 estimated) and Y (in the frame, nobody answered) pool 13: no more.
    assert text.to_dict() == {"(tidak diisi)": "n < 10", "L": "n < 10", "P": "", "X": "",
                              "Y": "n < 10"}  # fmt: skip


def test_group_counts_of_parts_decide_as_the_whole_year():
    """Counts made per part of the agencies (as the sum_cells jobs make them) and added give
    the hidden groups of the whole year."""
    rng = np.random.default_rng(4)
    people = pd.DataFrame({
        "unit": rng.choice(["A", "B", "C", "D"], 300),
        "sex": rng.choice(["L", "P", "X", None], 300, p=[0.5, 0.44, 0.03, 0.03]),
    })  # fmt: skip
    kept = rng.random(300) > 0.1
    frame = pd.DataFrame({"unit": ["A"], "sex": ["Y"], "jumlah": [5]})  # a group nobody is in
    whole = suppression.group_reasons(people, kept, frame, "sex", 10)
    parts = [suppression.group_counts(people[people.unit.isin(p)], kept[people.unit.isin(p)],
                                      ["sex"]) for p in (["A", "C"], ["B"], ["D"])]  # fmt: skip
    added = suppression.reasons_from_counts(pd.concat(parts), frame, "sex", 10)
    assert added.to_dict() == whole.to_dict()
    assert whole["X"] == "n < 10" and whole["Y"] == "n < 10"

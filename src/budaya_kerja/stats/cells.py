"""Sufficient statistics of a sample: per finest cell (stratum x every grouping variable)
the sums every estimate of :mod:`budaya_kerja.stats.aggregate` is made of.

The respondents are passed over once, one measure column at a time (:func:`cell_table`);
every breakdown and measure is then summed from the cells. Cell tables of disjoint parts of
the sample (one per organisation, as separate jobs would make them) merge into the table of
the whole sample number for number (:func:`merge_cells`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from budaya_kerja.settings import Instrument
from budaya_kerja.stats.scoring import INDEX, item_points

__all__ = [
    "MISSING_GROUP", "SUMS", "Cells", "cell_sums", "cell_table", "factorize_in_order",
    "finest_cells", "indicator", "measure_columns", "merge_cells", "natural_key", "part_units",
]  # fmt: skip

MISSING_GROUP = "(tidak diisi)"
SUMS = ["cnt", "w", "wy", "wy2", "w2", "w2y", "w2y2", "y", "y2"]


def cell_sums(values: np.ndarray, weight: np.ndarray, cell: np.ndarray, n_cells: int) -> dict:
    """Per cell and column: the sums every estimate is made of (one pass over the rows).

    Parameters
    ----------
    values : (n, k) floats, NaN where a respondent has no value for the column; or a list of
        k columns, each an (n,) array or a function making it (so only one column of floats
        is held at a time: memory n x 8 bytes, not n x k x 8).
    weight : (n,) survey weights.
    cell : (n,) integer cell of each row, in ``0 .. n_cells - 1``.
    n_cells : number of cells.

    Returns
    -------
    dict of :data:`SUMS` -> (n_cells, k) arrays: ``cnt`` answers, ``w`` = sum w, ``wy``,
    ``wy2`` = sum w y^2, ``w2`` = sum w^2, ``w2y``, ``w2y2``, and the unweighted ``y``, ``y2``.
    """
    if isinstance(values, (list, tuple)):  # columns, each an array or made when needed
        columns = values
    else:
        columns = list(np.asarray(values, dtype="float64").T)
    weight = np.asarray(weight, dtype="float64")
    out = {name: np.zeros((n_cells, len(columns))) for name in SUMS}
    for j, column in enumerate(columns):
        y = np.asarray(column() if callable(column) else column, dtype="float64")
        present = np.isfinite(y)
        y0 = np.where(present, y, 0.0)
        w = np.where(present, weight, 0.0)
        w2 = w * w
        for name, v in (("cnt", present.astype("float64")), ("w", w), ("wy", w * y0),
                        ("wy2", w * y0 * y0), ("w2", w2), ("w2y", w2 * y0),
                        ("w2y2", w2 * y0 * y0), ("y", y0), ("y2", y0 * y0)):  # fmt: skip
            out[name][:, j] = np.bincount(cell, weights=v, minlength=n_cells)
    return out


def indicator(cell: np.ndarray, n_cells: int) -> sparse.csr_array:
    """The (n_cells, n) 0/1 matrix that places row i in its cell ``cell[i]``.

    ``indicator(cell, n_cells) @ block`` adds the rows of an (n,) or (n, k) block per cell:
    every column in one pass, each cell's rows added in row order as :func:`numpy.bincount`
    adds them (the same sums to the last bit). Built once, it serves every block of the same
    rows.
    """
    n = len(cell)
    rows = np.asarray(cell, dtype="int64")
    return sparse.csr_array((np.ones(n), (rows, np.arange(n))), shape=(n_cells, n))


@dataclass
class Cells:
    """The sufficient statistics of a sample: one row of ``keys`` per finest cell (``stratum``,
    every grouping variable, ``rows`` = respondents, ``stratum_N``) and per part (``points``,
    ``positive``) the :data:`SUMS` of every measure, (cells, measures) arrays."""

    keys: pd.DataFrame
    sums: dict[str, dict[str, np.ndarray]]
    measures: list[str]
    group_by: list[str]

    def to_frame(self) -> pd.DataFrame:
        """One row per cell: the keys, then a column ``part:sum:measure`` per sum (a part's
        file between the jobs of a partitioned run; float64 kept bit for bit)."""
        sums = {f"{part}:{name}:{m}": arrays[name][:, j]
                for part, arrays in self.sums.items() for name in SUMS
                for j, m in enumerate(self.measures)}  # fmt: skip
        keys = self.keys.reset_index(drop=True)
        return pd.concat([keys, pd.DataFrame(sums, index=keys.index)], axis=1)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Cells:
        """The cell table :meth:`to_frame` wrote."""
        named = [c.split(":", 2) for c in frame.columns if c.count(":") >= 2]
        keys = frame[[c for c in frame.columns if c.count(":") < 2]].reset_index(drop=True)
        parts = list(dict.fromkeys(part for part, _, _ in named))
        measures = list(dict.fromkeys(m for _, _, m in named))
        sums = {part: {name: frame[[f"{part}:{name}:{m}" for m in measures]].to_numpy("float64")
                       for name in SUMS} for part in parts}  # fmt: skip
        group_by = [c for c in keys.columns if c not in ("stratum", "rows", "stratum_N")]
        return cls(keys, sums, measures, group_by)


def measure_columns(scores, responses, instrument: Instrument) -> tuple[list, dict]:
    """The measures (index, values, items) and, per part (``points``, ``positive``), one
    function per measure making its column as :func:`budaya_kerja.stats.aggregate.measure_table` has it, so a pass over
    the measures holds one column at a time."""
    measures = [INDEX, *instrument.value_ids, *instrument.items]
    score_ids = {INDEX, *instrument.value_ids}

    def points(m):
        if m in score_ids:
            return lambda: scores[m].to_numpy("float64")
        return lambda: item_points(responses[[m]], instrument)[m].to_numpy("float64")

    def positive(m):
        if m in score_ids:
            return lambda: scores[f"pos_{m}"].to_numpy("float64")

        def item():
            answers = responses[m].astype("float64")
            share = (answers >= instrument.positive_min).astype("float64")
            return share.where(answers.notna()).to_numpy("float64")

        return item

    return measures, {"points": [points(m) for m in measures],
                      "positive": [positive(m) for m in measures]}  # fmt: skip


def natural_key(group: str) -> tuple:
    """Sort key of a group name: ``<30`` first, then by leading number (``30–39`` before
    ``100+``), then by text, the missing group last."""
    text = str(group)
    digits = text.lstrip("<>≤≥ ")
    number = ""
    for ch in digits:
        if not ch.isdigit():
            break
        number += ch
    return (
        text == MISSING_GROUP,
        not text.startswith("<"),
        int(number) if number else float("inf"),
        text,
    )


def factorize_in_order(values: pd.Series, order=()) -> tuple[np.ndarray, pd.Index]:
    """Codes and groups of ``values`` with the groups listed in ``order`` first (those
    present, in that order), the rest in :func:`natural_key` order."""
    present = set(pd.unique(values.dropna()))
    listed = [v for v in dict.fromkeys(order) if v in present]
    rest = sorted(present - set(listed), key=natural_key)
    groups = pd.Index([*listed, *rest], dtype="object")
    codes = pd.Categorical(values, categories=groups).codes.astype("int64")
    return codes, groups


def _sorted_codes(column: pd.Series) -> np.ndarray:
    """Each row's rank among the column's labels present, as text, sorted (-1 missing):
    ``pd.factorize(column.astype("string"), sort=True)``, from a categorical's codes when the
    column is one (its labels, not a text per row)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories, codes = column.cat.categories, column.cat.codes.to_numpy()
        present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(categories)))
        rank, labels = pd.factorize(pd.Series(categories[present]).astype("string"), sort=True)
        if len(labels) == len(present):  # each label its own text
            of_code = np.full(len(categories) + 1, -1, dtype="int64")  # the last: code -1
            of_code[present] = rank
            return of_code[codes]
    return pd.factorize(column.astype("string"), sort=True)[0]


def finest_cells(keys: pd.DataFrame, names: list[str]):
    """The finest cells of ``keys`` (the combinations of ``names``, labels sorted per key):
    the cell codes present, each row's cell and each cell's first row."""
    codes = [_sorted_codes(keys[c]) for c in names]
    finest = np.zeros(len(keys), dtype="int64")
    for c in codes:
        finest = finest * (int(c.max()) + 1 if len(c) else 1) + c
    cells, cell_of_row = np.unique(finest, return_inverse=True)
    first_row = np.zeros(len(cells), dtype="int64")
    first_row[cell_of_row[::-1]] = np.arange(len(keys))[::-1]
    return cells, cell_of_row, first_row


def cell_table(
    scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument, group_by: list[str]
) -> Cells:
    """The cell sums of the estimation sample (``scores`` and ``responses`` aligned, the
    excluded already left out): one pass over the respondents serves every breakdown."""
    keys = pd.DataFrame({"stratum": scores["stratum"].astype("string").to_numpy()})
    for dim in group_by:
        keys[dim] = scores[dim].astype("string").fillna(MISSING_GROUP).to_numpy()
    cells, cell_of_row, first_row = finest_cells(keys, list(keys.columns))
    keys = keys.iloc[first_row].reset_index(drop=True)
    keys["rows"] = np.bincount(cell_of_row, minlength=len(cells)).astype("int64")
    N = pd.Series(scores["stratum_N"].to_numpy("float64")).groupby(cell_of_row).first()
    keys["stratum_N"] = N.reindex(range(len(cells))).to_numpy("float64")
    weight = scores["weight"].to_numpy("float64")
    measures, columns = measure_columns(scores, responses, instrument)
    sums = {part: cell_sums(cols, weight, cell_of_row, len(cells))
            for part, cols in columns.items()}  # fmt: skip
    return Cells(keys, sums, measures, list(group_by))


def part_units(rows: pd.Series, parts: int) -> list[list[str]]:
    """The agencies of each of ``parts`` parts of a year, for separate jobs (one per part).

    Every agency is in exactly one part, so the parts' cell tables merge into the whole
    year's exactly (:func:`merge_cells`). The parts are balanced by respondents: agencies
    from the largest (``rows``: respondents per agency), each to the part with the fewest
    respondents so far (longest-processing-time-first; ties by code), then listed by code.
    A part is empty when there are fewer agencies than parts.
    """
    counts = pd.Series(rows).astype("int64")
    counts.index = counts.index.astype(str)
    counts = counts[counts > 0].sort_index(kind="stable").sort_values(ascending=False,
                                                                      kind="stable")  # fmt: skip
    load = np.zeros(parts, dtype="int64")
    members: list[list[str]] = [[] for _ in range(parts)]
    for unit, n in counts.items():  # once per agency (hundreds), not per respondent
        k = int(np.argmin(load))
        load[k] += n
        members[k].append(unit)
    return [sorted(m) for m in members]


def merge_cells(parts: list[Cells]) -> Cells:
    """One cell table of several: cells ordered by their codes (labels sorted per key, as
    :func:`cell_table` orders them). Parts split by organisation share no cell, so the sums
    are the ones of the whole sample exactly; a cell in several parts has its sums added."""
    first = parts[0]
    keys = pd.concat([p.keys for p in parts], ignore_index=True)
    cells, inverse, first_of = finest_cells(keys, ["stratum", *first.group_by])
    stacked = {part: {name: np.concatenate([p.sums[part][name] for p in parts])
                      for name in SUMS} for part in first.sums}  # fmt: skip
    out = keys.iloc[first_of].reset_index(drop=True)
    if len(cells) == len(keys):  # disjoint parts: reorder only
        sums = {part: {name: a[first_of] for name, a in s.items()} for part, s in stacked.items()}
    else:
        k = len(first.measures)
        bins = (inverse[:, None] * k + np.arange(k)).ravel()

        def added(a):
            return np.bincount(bins, weights=a.ravel(), minlength=len(cells) * k).reshape(-1, k)

        sums = {part: {name: added(a) for name, a in s.items()} for part, s in stacked.items()}
        out["rows"] = np.bincount(inverse, weights=keys["rows"], minlength=len(cells))
        out["rows"] = out["rows"].astype("int64")
    return Cells(out, sums, list(first.measures), list(first.group_by))

"""Statistical disclosure control: which cells of a published table are hidden, and why.

Every table that publishes counts or estimates of groups (``estimates.csv``, the comparison,
``response_rates.csv``, the report's appendix) takes its hidden cells from :func:`protect`, so
one rule decides them everywhere (Hundepool et al. 2012, *Statistical Disclosure Control*,
ch. 4-5):

- **primary suppression**: a cell with fewer than ``min_size`` people is hidden;
- **complementary suppression**: the cells add up to published totals (the whole table, and
  any further published margins, e.g. the rows read per export file), so a hidden cell could
  be worked back by subtraction. Cells are hidden in addition, smallest first, until no
  published total isolates the hidden cells: every linear combination of hidden cells that the
  published totals determine must pool at least two cells and ``min_size`` people.

"Determined" is checked exactly: a combination ``c`` of the hidden cells is recoverable when
``c`` lies in the row space of the margins restricted to the hidden cells (the published cells
being known). For up to :data:`EXACT_LIMIT` hidden cells every subset is checked; beyond that
the single cells and the whole hidden set.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from budaya_kerja.stats.cells import MISSING_GROUP

PRIMARY = "n < {min_size}"
COMPLEMENTARY = "komplementer"
EXACT_LIMIT = 12

__all__ = [
    "COMPLEMENTARY", "PRIMARY", "file_margins", "group_counts", "group_reasons", "n_band", "protect", "reasons_from_counts",
    "recoverable", "unit_reasons",
]  # fmt: skip


def recoverable(
    counts: pd.Series, hidden: pd.Series, margins: pd.DataFrame, min_size: int
) -> list[tuple]:
    """The hidden subsets that published margins pin down although they pool fewer than two
    cells or fewer than ``min_size`` people (empty when the hidden cells are safe).

    Parameters
    ----------
    counts : people per cell.
    hidden : bool per cell (same index).
    margins : one row per published total, one 0/1 column per cell (same columns as
        ``counts.index``): which cells the total adds up.
    min_size : smallest number of people a published (or recoverable) figure may describe.
    """
    cells = list(counts.index[hidden.to_numpy()])
    if not cells:
        return []
    rows = margins.reindex(columns=counts.index, fill_value=0)[cells].to_numpy(dtype="float64")
    rows = rows[np.abs(rows).sum(axis=1) > 0]
    if not len(rows):
        return []
    rank = np.linalg.matrix_rank(rows)
    sizes = counts[cells].to_numpy(dtype="float64")

    def determined(vector: np.ndarray) -> bool:
        return np.linalg.matrix_rank(np.vstack([rows, vector])) == rank

    if len(cells) <= EXACT_LIMIT:
        candidates = (
            combo
            for k in range(1, len(cells) + 1)
            for combo in itertools.combinations(range(len(cells)), k)
        )
    else:
        candidates = iter([(i,) for i in range(len(cells))] + [tuple(range(len(cells)))])
    unsafe = []
    for combo in candidates:
        if len(combo) >= 2 and sizes[list(combo)].sum() >= min_size:
            continue
        vector = np.zeros(len(cells))
        vector[list(combo)] = 1.0
        if determined(vector):
            unsafe.append(tuple(cells[i] for i in combo))
    return unsafe


def protect(
    counts: pd.Series,
    min_size: int,
    margins: pd.DataFrame | None = None,
    forced: pd.Series | None = None,
) -> pd.Series:
    """Primary and complementary suppression of one table's cells.

    Parameters
    ----------
    counts : people per cell (a breakdown's groups); NaN counts as 0.
    min_size : cells under this are hidden (primary, reason ``"n < {min_size}"``).
    margins : further published totals over the cells (0/1 rows, columns = cells), besides
        the grand total, which is always assumed published.
    forced : bool per cell (same index): cells the table does not publish anyway (e.g. a
        group hidden in another table, or not tested); they are hidden (reason
        ``"komplementer"`` unless primary) and count towards what the hidden cells pool.

    Returns
    -------
    Series of reasons per cell: ``""`` (published), ``"n < 10"`` or ``"komplementer"``.

    Examples
    --------
    >>> protect(pd.Series({"a": 3, "b": 4, "c": 50, "d": 60}), 10).to_dict()
    {'a': 'n < 10', 'b': 'n < 10', 'c': 'komplementer', 'd': ''}
    """
    counts = pd.Series(counts, dtype="float64").fillna(0.0)
    reason = pd.Series("", index=counts.index, dtype="object")
    hidden = counts < min_size
    reason[hidden] = PRIMARY.format(min_size=min_size)
    if forced is not None:
        forced = forced.reindex(counts.index, fill_value=False).astype(bool)
        reason[forced & ~hidden] = COMPLEMENTARY
        hidden = hidden | forced
    if not hidden.any():
        return reason
    if margins is None:  # the grand total alone pins down only the hidden cells' sum
        for cell in counts[~hidden].sort_values(kind="stable").index:
            if hidden.sum() >= 2 and counts[hidden].sum() >= min_size:
                break
            hidden[cell] = True
            reason[cell] = COMPLEMENTARY
        return reason
    total = pd.DataFrame([np.ones(len(counts))], columns=counts.index)
    table = (
        total
        if margins is None
        else pd.concat([total, margins.reindex(columns=counts.index, fill_value=0)])
    )
    while True:
        unsafe = recoverable(counts, hidden, table, min_size)
        if not unsafe:
            return reason
        # Hide the smallest published cell that shares a total with the exposed cells.
        exposed = set(unsafe[0])
        rows = table[(table[list(exposed)] != 0).any(axis=1)]
        sharing = rows.columns[(rows != 0).any(axis=0).to_numpy()]
        candidates = counts[sharing][~hidden[sharing]].sort_values(kind="stable")
        if candidates.empty:  # nothing left to hide in those totals: hide the smallest anywhere
            candidates = counts[~hidden].sort_values(kind="stable")
            if candidates.empty:
                return reason
        cell = candidates.index[0]
        hidden[cell] = True
        reason[cell] = COMPLEMENTARY


def n_band(n, min_size: int) -> str:
    """A published size class for a cell: ``"<10"``, ``"10–49"``, ..., ``"1000+"``."""
    if not np.isfinite(n) or n < min_size:
        return f"<{min_size}"
    for lo, hi in ((10, 49), (50, 99), (100, 499), (500, 999)):
        if lo <= n <= hi and lo >= min_size:
            return f"{lo}–{hi}"
    return "1000+" if n >= 1000 else f"{min_size}–49"


def file_margins(files: list[dict]) -> pd.DataFrame:
    """The per-file accepted totals the quality appendix publishes, as margins over agencies:
    one 0/1 row per export file (``quality.json`` ``files``), 1 for every agency with
    accepted rows in that file."""
    rows = [{unit: 1 for unit in entry.get("units", [])} for entry in files]
    return pd.DataFrame(rows).fillna(0).astype("int64") if rows else pd.DataFrame()


def unit_reasons(
    estimated: pd.Series, accepted: pd.Series, min_size: int, margins: pd.DataFrame | None = None
) -> pd.Series:
    """The agencies hidden in *every* table, and why.

    Agencies appear with two counts: respondents in the estimates (``estimated``, after the
    configured exclusions) and accepted questionnaires in the response-rate table and the
    appendix (``accepted``, whose per-file totals are also published: ``margins``). Hiding
    different agencies in different tables would let one table's published cell reveal
    another's hidden one, so the hidden set is the union of both tables' suppression; adding
    cells to a safe hidden set keeps it safe.
    """
    index = accepted.index.union(estimated.index)
    estimated = estimated.reindex(index, fill_value=0)
    accepted = accepted.reindex(index, fill_value=0)
    first = protect(estimated, min_size)
    second = protect(accepted, min_size, margins)
    reason = first.where(first != "", second)
    # A cell primary in one count stays labelled primary.
    primary = (estimated < min_size) | (accepted < min_size)
    return reason.mask(primary, PRIMARY.format(min_size=min_size))


def group_reasons(
    respondents: pd.DataFrame,
    estimated: pd.Series,
    frame: pd.DataFrame | None,
    column: str,
    min_size: int,
) -> pd.Series:
    """The groups of one breakdown besides the agency (``column``: sex, employment status, ...)
    hidden in every table that shows it, and why.

    ``estimates.csv`` counts the respondents in the estimates (``estimated``), and
    ``nonresponse.csv`` the accepted questionnaires against the frame's groups: as for the
    agencies (:func:`unit_reasons`), the hidden set is the union of both counts'
    suppression, over every group either table lists (a frame group nobody answered counts
    0; a blank answer is the group ``(tidak diisi)``), so one table's published cell never
    reveals the other's hidden one.

    Parameters
    ----------
    respondents : the accepted questionnaires (one row each), with ``column``.
    estimated : bool per row of ``respondents``: in the estimates (not excluded).
    frame : the population frame (its ``column``, if any, lists the groups), or None.
    column : the breakdown.
    min_size : as :func:`protect`.

    Examples
    --------
    >>> people = pd.DataFrame({"sex": ["L"] * 12 + ["P"] * 30 + ["X"] * 40})
    >>> kept = pd.Series([False] * 3 + [True] * 79)  # L: 12 accepted, 9 in the estimates
    >>> group_reasons(people, kept, None, "sex", 10).to_dict()
    {'L': 'n < 10', 'P': 'komplementer', 'X': ''}
    """
    counts = group_counts(respondents, estimated, [column])
    return reasons_from_counts(counts.drop(columns="breakdown"), frame, column, min_size)


def group_counts(respondents: pd.DataFrame, estimated, columns: list[str]) -> pd.DataFrame:
    """Per breakdown in ``columns`` and group: questionnaires ``accepted`` and respondents
    ``estimated`` (bool per row), the counts :func:`group_reasons` decides on. Counts of parts
    of a year (e.g. one job per part of the agencies) add up to the year's."""
    kept = np.asarray(estimated, dtype=bool)
    parts = []
    for column in columns:
        groups = respondents[column]
        both = pd.DataFrame({"accepted": _group_counts(groups),
                             "estimated": _group_counts(groups[kept])}).fillna(0)  # fmt: skip
        both = both.astype("int64").rename_axis("group").reset_index()
        parts.append(both.assign(breakdown=column))
    columns_out = ["breakdown", "group", "accepted", "estimated"]
    if not parts:
        return pd.DataFrame(columns=columns_out)
    return pd.concat(parts, ignore_index=True)[columns_out]


def reasons_from_counts(
    counts: pd.DataFrame, frame: pd.DataFrame | None, column: str, min_size: int
) -> pd.Series:
    """:func:`group_reasons` from one breakdown's counts (``group``, ``accepted``,
    ``estimated``: :func:`group_counts`, of the whole year or its parts added)."""
    totals = counts.groupby("group")[["accepted", "estimated"]].sum()
    accepted = totals["accepted"]
    if frame is not None and column in frame.columns:
        listed = pd.Index(frame[column].astype("string").dropna().unique())
        accepted = accepted.reindex(accepted.index.union(listed), fill_value=0)
    in_estimates = totals["estimated"][totals["estimated"] > 0]
    return unit_reasons(in_estimates, accepted, min_size).sort_index()


def _group_counts(values: pd.Series) -> pd.Series:
    """People per group, labelled as the estimates label them (text; a blank answer is
    ``(tidak diisi)``); counted on the column as it is (a categorical column is never
    turned into a string per row)."""
    counts = values.value_counts(dropna=False)
    labels = [MISSING_GROUP if pd.isna(g) else str(g) for g in counts.index]
    return counts.groupby(labels).sum().astype("int64")

"""The floor of each stage: the same work done as directly as numpy and pyarrow allow.

A stage's time is judged against its floor measured in the same run on the same files:

- **read** (for ``clean_responses``): pyarrow's CSV reader on each CSV, python-calamine on
  each workbook (when installed; else the workbooks are left out and the result says so);
- **score** (for ``score_values``): read the 21 item columns of ``responses.parquet`` and
  compute the seven value scores, the index and the percent-positive shares with numpy;
- **estimate** (for ``estimate_groups``): read ``scores.parquet`` and the items, and compute
  for every breakdown (all, unit and each demographic group) and all 58 measures the weighted
  mean, its Taylor-linearised SE under stratified sampling by unit with the finite-population
  correction, the unweighted mean and SE, and the percent positive with its SE, by summing
  the sufficient statistics once per finest cell (a sparse indicator product) and adding
  cells up per breakdown. :func:`estimate_floor` returns these numbers so the benchmark checks
  them against the pipeline's ``estimates.csv`` (they must agree: the floor does the same job).

The variance is the pipeline's (:mod:`budaya_kerja.stats.aggregate`; Lohr 2022, sec. 4.3,
9.1 and 14.2): the domain estimator with z_i = w_i (y_i - ybar_d) / W_d in domain d (answering
the measure) and 0 elsewhere, V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_i (z_hi - zbar_h)^2
with n_h every respondent of stratum h, computed per cell (g, h) from sums of w, w y, w^2,
w^2 y and w^2 y^2.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from scipy import sparse

from budaya_kerja.settings import Instrument
from budaya_kerja.stats.scoring import INDEX


# ----------------------------------------------------------------------------- read
def read_floor(files: list[str | Path]) -> dict:
    """Read every export as fast as the libraries can: seconds, rows, what was left out."""
    started = time.perf_counter()
    rows, skipped = 0, []
    for path in map(Path, files):
        if path.suffix.lower() == ".csv":
            with open(path, "rb") as fh:
                first = fh.readline()
            sep = ";" if first.count(b";") > first.count(b",") else ","
            # The semicolon exports are Excel's Windows-1252 "CSV"; the others UTF-8.
            encoding = "cp1252" if sep == ";" else "utf8"
            table = pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(encoding=encoding, block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter=sep),
            )
            rows += table.num_rows
        else:
            try:
                from python_calamine import CalamineWorkbook
            except ImportError:
                skipped.append(path.name)
                continue
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            rows += len(sheet) - 2  # a title row and the header
    return {"seconds": time.perf_counter() - started, "rows": rows, "skipped": skipped}


# ----------------------------------------------------------------------------- score
def _item_matrix(table: pa.Table, items: list[str]) -> np.ndarray:
    """Item answers as float64 with NaN for blank, respondents x items."""
    out = np.empty((table.num_rows, len(items)))
    for j, item in enumerate(items):
        out[:, j] = table.column(item).to_numpy(zero_copy_only=False)
    return out


def _value_means(block: np.ndarray, k: int, n_values: int, min_items: int) -> np.ndarray:
    """Mean of each value's k items where at least ``min_items`` are answered, else NaN."""
    x = block.reshape(len(block), n_values, k)
    answered = np.isfinite(x).sum(axis=2)
    total = np.where(np.isfinite(x), x, 0.0).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered >= min_items, total / answered, np.nan)


def score_matrix(answers: np.ndarray, instrument: Instrument, min_items: int):
    """Points (0-100) and positive shares (0-1): values then the index, respondents x 8."""
    lo, hi = instrument.scale_min, instrument.scale_max
    points = (answers - lo) / (hi - lo) * 100.0
    with np.errstate(invalid="ignore"):
        positive = np.where(np.isfinite(answers), answers >= instrument.positive_min, np.nan)
    k = len(next(iter(instrument.values.values())))
    out = []
    for block in (points, positive):
        values = _value_means(block, k, len(instrument.values), min_items)
        out.append(np.column_stack([values, values.mean(axis=1)]))
    return out


def score_floor(responses: str | Path, instrument: Instrument, min_items: int) -> dict:
    started = time.perf_counter()
    answers = _item_matrix(pq.read_table(responses, columns=instrument.items), instrument.items)
    points, _ = score_matrix(answers, instrument, min_items)
    return {"seconds": time.perf_counter() - started, "rows": len(answers), "index": points[:, -1]}


# ----------------------------------------------------------------------------- estimate
def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list]:
    """Integer codes and labels of a column; a missing value is a group of its own (None)."""
    encoded = pc.dictionary_encode(column.combine_chunks().cast(pa.string()))
    labels = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(labels)).to_numpy().astype(np.int64)
    return codes, labels + [None]


def estimate_floor(
    scores: str | Path,
    responses: str | Path,
    instrument: Instrument,
    group_by: list[str],
) -> dict:
    """Every breakdown's estimates of all measures from sums per finest cell.

    Returns seconds, rows, and ``estimates``: {(group_by, group, measure): (estimate, se,
    pct_positive, pct_positive_se, n)} with the weighted estimates when the scores carry
    headcounts (``stratum_N``), else the unweighted ones, as ``estimates.csv`` does.
    """
    started = time.perf_counter()
    values = [INDEX, *instrument.value_ids]
    columns = [*values, *[f"pos_{v}" for v in values], "weight", "stratum", "stratum_N",
               "excluded", *group_by]  # fmt: skip
    table = pq.read_table(scores, columns=columns)
    items = pq.read_table(responses, columns=instrument.items)
    keep = ~table.column("excluded").to_numpy(zero_copy_only=False).astype(bool)
    table, items = table.filter(keep), items.filter(keep)
    answers = _item_matrix(items, instrument.items)
    lo, hi = instrument.scale_min, instrument.scale_max
    k = len(values) + len(instrument.items)
    # Measures: points of the values, index and items, then their positive shares.
    y = np.empty((len(answers), 2 * k))
    for j, v in enumerate(values):
        y[:, j] = table.column(v).to_numpy(zero_copy_only=False)
        y[:, k + j] = table.column(f"pos_{v}").to_numpy(zero_copy_only=False)
    y[:, len(values) : k] = (answers - lo) / (hi - lo) * 100.0
    with np.errstate(invalid="ignore"):
        y[:, k + len(values) :] = np.where(
            np.isfinite(answers), answers >= instrument.positive_min, np.nan
        )
    measures = [*values, *instrument.items]
    n = len(y)
    w = table.column("weight").to_numpy(zero_copy_only=False).astype("float64")
    stratum, strata = _codes(table.column("stratum"))
    big_n = np.full(len(strata), np.nan)
    big_n[stratum] = table.column("stratum_N").to_numpy(zero_copy_only=False)
    weighted = bool(np.isfinite(big_n).any())
    dims = {d: _codes(table.column(d)) for d in group_by}

    # Finest cell: stratum x every group column; one sparse product sums all columns at once.
    key = stratum.copy()
    for d in group_by:
        key = key * len(dims[d][1]) + dims[d][0]
    cell_codes, cell_keys = _codes(pa.chunked_array([pa.array(key)]))
    cell_keys = np.array(cell_keys[:-1], dtype=np.int64)
    to_cell = sparse.csc_matrix(
        (np.ones(n), cell_codes, np.arange(n + 1)), shape=(len(cell_keys), n)
    )
    # Sums of 1, w, w y, w^2, w^2 y, w^2 y^2, y and y^2 over each cell's answered measures;
    # the products reuse one buffer (each is one pass over respondents x measures).
    present = np.isfinite(y)
    y[~present] = 0.0
    wp = present * w[:, None]
    sums = {"cnt": to_cell @ present.astype("float64"), "w": to_cell @ wp, "y": to_cell @ y}
    buffer = wp * y
    sums["wy"] = to_cell @ buffer
    np.multiply(wp, wp, out=buffer)
    sums["w2"] = to_cell @ buffer
    buffer *= y
    sums["w2y"] = to_cell @ buffer
    buffer *= y
    sums["w2y2"] = to_cell @ buffer
    np.multiply(y, y, out=buffer)
    sums["y2"] = to_cell @ buffer
    # Decode each cell's stratum and groups from its key.
    parts, rest = {}, cell_keys.copy()
    for d in reversed(group_by):
        rest, parts[d] = np.divmod(rest, len(dims[d][1]))
    cell_stratum = rest
    # The domain estimator's n_h: every respondent of the stratum, answering or not.
    n_h = np.bincount(stratum, minlength=len(strata)).astype("float64")[:, None]
    estimates = {}
    for dim in ["all", *group_by]:
        group = np.zeros(len(cell_keys), np.int64) if dim == "all" else parts[dim]
        labels = ["all"] if dim == "all" else dims[dim][1]
        stats = _domain(sums, group, len(labels), cell_stratum, len(strata), n_h, big_n)
        with np.errstate(invalid="ignore"):
            stats["se_w"], stats["se_u"] = (
                np.sqrt(stats["var_w"]),
                np.sqrt(stats["var_u"] / stats["n"]),
            )
        for g, label in enumerate(labels):
            if stats["n"][g, 0] == 0 and not stats["n"][g].any():
                continue
            for j, m in enumerate(measures):
                p = len(measures) + j
                mean, se = ("mean_w", "se_w") if weighted else ("mean_u", "se_u")
                est = (stats[mean][g, j], stats[se][g, j])
                pos = (stats[mean][g, p], stats[se][g, p])
                estimates[(dim, label, m)] = (est[0], est[1], pos[0] * 100, pos[1] * 100,
                                              stats["n"][g, j])  # fmt: skip
    return {"seconds": time.perf_counter() - started, "rows": n, "estimates": estimates}


def _sum_by(values: np.ndarray, index: np.ndarray, size: int) -> np.ndarray:
    """Row sums of ``values`` per index (cells -> groups), as a sparse product."""
    indicator = sparse.csc_matrix(
        (np.ones(len(index)), index, np.arange(len(index) + 1)), shape=(size, len(index))
    )
    return indicator @ values


def _domain(sums, group, n_groups, cell_stratum, n_strata, n_h, big_n) -> dict:
    """Means and variances per group from the cell sums (see the module docstring)."""
    pair = group * n_strata + cell_stratum
    pairs, pair_index = np.unique(pair, return_inverse=True)
    by_pair = {k: _sum_by(v, pair_index, len(pairs)) for k, v in sums.items()}
    pair_group, pair_stratum = np.divmod(pairs, n_strata)
    by_group = {k: _sum_by(v, pair_group, n_groups) for k, v in by_pair.items()}
    n, total_w = by_group["cnt"], by_group["w"]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_w = by_group["wy"] / total_w
        mean_u = by_group["y"] / n
        var_u = (by_group["y2"] - n * mean_u**2) / (n - 1)
        nh = n_h[pair_stratum]
        big = big_n[pair_stratum][:, None]
        fpc = np.where(np.isfinite(big) & (big > 0), 1.0 - nh / np.where(big > 0, big, 1.0), 1.0)
        ybar = mean_w[pair_group]
        wd = total_w[pair_group]
        s1 = (by_pair["wy"] - ybar * by_pair["w"]) / wd
        s2 = (by_pair["w2y2"] - 2 * ybar * by_pair["w2y"] + ybar**2 * by_pair["w2"]) / wd**2
        contrib = np.clip(fpc, 0.0, 1.0) * nh / (nh - 1) * (s2 - s1**2 / nh)
    contrib = np.where(nh > 1, contrib, 0.0)
    return {"n": n, "mean_w": mean_w, "var_w": _sum_by(contrib, pair_group, n_groups),
            "mean_u": mean_u, "var_u": var_u}  # fmt: skip


def compare_estimates(floor: dict, estimates_csv: str | Path) -> dict:
    """Largest difference between the floor's numbers and the pipeline's published ones.

    Suppressed rows (NaN in the table) are skipped; a group label the floor has not got
    counts as a mismatch. Returns the rows compared, the largest absolute differences of the
    estimate and its SE, and the rows missing from the floor.
    """
    import pandas as pd

    table = pd.read_csv(estimates_csv, keep_default_na=False, na_values=[""])
    shown = table[table["estimate"].notna()]
    diff_est = diff_se = 0.0
    missing = 0
    for row in shown.itertuples(index=False):
        group = None if row.group == "(tidak diisi)" else str(row.group)
        got = floor.get((row.group_by, group, row.measure))
        if got is None:
            missing += 1
            continue
        diff_est = max(diff_est, abs(got[0] - row.estimate), abs(got[2] - row.pct_positive))
        diff_se = max(diff_se, abs(got[1] - row.se), abs(got[3] - row.pct_positive_se))
    return {"compared": len(shown), "max_diff_estimate": diff_est, "max_diff_se": diff_se,
            "missing": missing}  # fmt: skip

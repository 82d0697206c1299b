"""The covariance of two years' estimates from the people who answered both years, for every
breakdown and measure at once (the formulas: :mod:`budaya_kerja.stats.compare`).

Sufficient statistics: one pass over each year's respondents (sums per finest cell, stratum x
every group column) and one over the linked people (sums per pair of their two years' cells)
serve every breakdown; memory is bounded by taking a few columns at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.stats.aggregate import ALL
from budaya_kerja.stats.cells import MISSING_GROUP, finest_cells, indicator

__all__ = ["overlap_covariances"]

# Bytes of the pair cells' sums held at a time: the covariances are made a chunk of columns
# at a time, so memory stays bounded at any number of respondents.
_BLOCK_BYTES = 2**24
# The linked people's sums per pair cell, over those who answered (wu0: sum w0 (y0 - c0)).
_PAIR_SUMS = ["w0", "wu0", "w1", "wu1", "both", "ww", "wwu0", "wwu1", "wwuu"]


def _finest(scores: pd.DataFrame, names: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's finest cell (a combination of ``names``, the missing group filled in) and
    the cells' labels, one row per cell."""
    keys = pd.DataFrame(index=pd.RangeIndex(len(scores)))
    for name in names:
        keys[name] = _labels(scores[name])
    _, cell_of_row, first_row = finest_cells(keys, names)
    return cell_of_row, keys.iloc[first_row].reset_index(drop=True).astype("string")


def _labels(column: pd.Series):
    """A group column as text with the missing group filled in, as a categorical when it is
    one (a code per row, each label once; the same labels)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        labels = column.cat.categories.astype("string")
        if not labels.hasnans and labels.is_unique and MISSING_GROUP not in labels:
            codes = column.cat.codes.to_numpy()
            return pd.Categorical.from_codes(np.where(codes < 0, len(labels), codes),
                                             categories=[*labels, MISSING_GROUP])  # fmt: skip
    return column.astype("string").fillna(MISSING_GROUP).array


class _Linked:
    """The two years' respondents by finest cell (stratum, with a frame, x every group
    column) and the linked people by pair cell (their year-0 cell, their year-1 cell): what
    the overlap sums are added over."""

    def __init__(self, scores0, scores1, link, names, frame, percent):
        self.scores, self.frame, self.percent = (scores0, scores1), frame, percent
        (cell0, keys0), (cell1, keys1) = (_finest(s, names) for s in self.scores)
        self.keys = (keys0, keys1)
        self.weight = tuple(s["weight"].to_numpy("float64") for s in self.scores)
        i0, i1 = link
        if frame:
            strata = pd.Index(sorted({*keys0["stratum"].unique(), *keys1["stratum"].unique()}))
            self.cell_stratum = strata.get_indexer(keys0["stratum"])
            h0, h1 = self.cell_stratum[cell0], strata.get_indexer(keys1["stratum"])[cell1]
            H = len(strata)
            same = h0[i0] == h1[i1]  # agency movers are not linked within a stratum
            i0, i1 = i0[same], i1[same]
            self.m_h = np.bincount(h0[i0], minlength=H).astype("float64")
            n0h = np.bincount(h0, minlength=H).astype("float64")
            n1h = np.bincount(h1, minlength=H).astype("float64")
            N0 = pd.Series(scores0["stratum_N"].to_numpy("float64")).groupby(h0).first()
            N1 = pd.Series(scores1["stratum_N"].to_numpy("float64")).groupby(h1).first()
            N_h = np.fmax(N0.reindex(range(H)).to_numpy(), N1.reindex(range(H)).to_numpy())
            with np.errstate(divide="ignore", invalid="ignore"):
                chance = np.where(np.isfinite(N_h) & (N_h > 0), n0h * n1h / N_h, 0.0)
            self.factor = self.m_h - chance
        codes, pair_of = np.unique(cell0[i0] * len(keys1) + cell1[i1], return_inverse=True)
        order = np.argsort(pair_of, kind="stable")  # a pair cell's people side by side
        self.rows, pair_of = (i0[order], i1[order]), pair_of[order]
        self.pair_cells = (codes // len(keys1), codes % len(keys1))
        self.linked_cell = (cell0[self.rows[0]], cell1[self.rows[1]])
        self.linked_weight = tuple(w[rows] for w, rows in zip(self.weight, self.rows, strict=True))
        self.to_cells = (indicator(cell0, len(keys0)), indicator(cell1, len(keys1)))
        self.to_pairs = indicator(pair_of, len(codes))

    def chunks(self, columns: list) -> list[list]:
        """The columns in chunks whose pair-cell sums take at most :data:`_BLOCK_BYTES`."""
        size = max(1, _BLOCK_BYTES // (8 * len(_PAIR_SUMS) * max(len(self.pair_cells[0]), 1)))
        return [columns[i : i + size] for i in range(0, len(columns), size)]

    def sums(self, cols: list):
        """For the columns ``cols``, one at a time: per year the cells' ``sum w`` and ``sum w
        y`` over the respondents who answered; per pair cell its cells' means ``c`` in both
        years (the centres) and the sums :meth:`_Breakdown.covariance` takes,
        :data:`_PAIR_SUMS`."""
        k = len(cols)
        cells = [(np.zeros((len(keys), k)), np.zeros((len(keys), k))) for keys in self.keys]
        centre = [np.zeros((len(self.pair_cells[0]), k)) for _ in self.keys]
        pairs = {name: np.zeros((len(self.pair_cells[0]), k)) for name in _PAIR_SUMS}
        for j, col in enumerate(cols):
            linked = []
            for t, scores in enumerate(self.scores):
                y = scores[col].to_numpy("float64")
                if col in self.percent:  # shares 0-1 -> percent, like pct_positive
                    y = y * 100.0
                has = np.isfinite(y)
                wp = np.where(has, self.weight[t], 0.0)
                W, WY = cells[t]
                W[:, j] = self.to_cells[t] @ wp
                WY[:, j] = self.to_cells[t] @ (wp * np.where(has, y, 0.0))
                with np.errstate(divide="ignore", invalid="ignore"):
                    c = np.where(W[:, j] > 0, WY[:, j] / W[:, j], 0.0)  # the cells' means
                centre[t][:, j] = c[self.pair_cells[t]]
                y = y[self.rows[t]]
                answered = np.isfinite(y)
                # Centred on the cell's mean, so that the expanded sums do not cancel digits.
                linked.append((answered, np.where(answered, y - c[self.linked_cell[t]], 0.0)))
            (has0, u0), (has1, u1) = linked
            both = has0 & has1
            own0, own1 = (has0, has1) if self.frame else (both, both)  # whose z enters s0, s1
            w0, w1 = (
                np.where(own0, self.linked_weight[0], 0.0),
                np.where(own1, self.linked_weight[1], 0.0),
            )
            ww = np.where(both, self.linked_weight[0] * self.linked_weight[1], 0.0)
            wwu0 = ww * u0
            values = {"w0": w0, "wu0": w0 * u0, "w1": w1, "wu1": w1 * u1,
                      "both": both.astype("float64"), "ww": ww, "wwu0": wwu0, "wwu1": ww * u1,
                      "wwuu": wwu0 * u1}  # fmt: skip
            for name, v in values.items():
                pairs[name][:, j] = self.to_pairs @ v
        return cells, centre, pairs


class _Breakdown:
    """One breakdown's groups: each year's cells and each pair cell mapped to its group, and
    the indicators that add pair-cell sums up to (stratum, group) cells and to groups."""

    def __init__(self, linked: _Linked, labels: pd.Index, group0, group1):
        self.labels, G = labels, len(labels)
        self.to_groups = (indicator(group0, G), indicator(group1, G))
        pair0, pair1 = linked.pair_cells
        self.g0, self.g1 = group0[pair0], group1[pair1]
        same = self.g0 == self.g1  # only these people are linked within a group
        self.linked = indicator(np.where(same, self.g0, G), G + 1)  # the others: last bin
        if linked.frame:  # the (stratum, group) cells holding a linked person in either year
            h = linked.cell_stratum[pair0]
            codes, inverse = np.unique(np.concatenate([h * G + self.g0, h * G + self.g1]),
                                       return_inverse=True)  # fmt: skip
            k0, k1 = inverse[: len(h)], inverse[len(h) :]
            self.stratum = codes // G
            self.to_cells = (indicator(k0, len(codes)), indicator(k1, len(codes)))
            self.linked_cells = indicator(np.where(same, k0, len(codes)), len(codes) + 1)
            self.cells_to_groups = indicator(codes % G, G)

    def covariance(self, linked: _Linked, cells, centre, pairs):
        """Linked count, covariance and linked df per (group, column) from the years' cell
        sums and the pair cells' sums (:meth:`_Linked.sums`)."""
        (ybar0, inv0), (ybar1, inv1) = (_group_mean(to_g, *s) for to_g, s in
                                        zip(self.to_groups, cells, strict=True))  # fmt: skip
        d0, d1 = ybar0[self.g0] - centre[0], ybar1[self.g1] - centre[1]
        sum_z0 = (pairs["wu0"] - d0 * pairs["w0"]) * inv0[self.g0]
        sum_z1 = (pairs["wu1"] - d1 * pairs["w1"]) * inv1[self.g1]
        sum_z01 = (pairs["wwuu"] - d1 * pairs["wwu0"] - d0 * pairs["wwu1"]
                   + d0 * d1 * pairs["ww"]) * inv0[self.g0] * inv1[self.g1]  # fmt: skip
        n_m = (self.linked @ pairs["both"])[:-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            if linked.frame:
                s0, s1 = self.to_cells[0] @ sum_z0, self.to_cells[1] @ sum_z1
                s01 = (self.linked_cells @ sum_z01)[:-1]
                m = linked.m_h[self.stratum][:, None]
                s_hd = np.where(m >= 2, (s01 - s0 * s1 / m) / (m - 1), 0.0)
                cov = self.cells_to_groups @ (s_hd * linked.factor[self.stratum][:, None])
                occupied = (self.linked_cells @ pairs["both"])[:-1] > 0
                df_m = n_m - self.cells_to_groups @ occupied.astype("float64")
            else:  # the group's own linked answerers: m s01 / (n0 n1), as z = (y - ybar) / n
                s0, s1, s01 = ((self.linked @ s)[:-1] for s in (sum_z0, sum_z1, sum_z01))
                cov = np.where(n_m >= 2, (s01 - s0 * s1 / n_m) / (n_m - 1), 0.0) * n_m
                df_m = n_m - 1
        return n_m, cov, df_m


def _group_mean(to_groups, W, WY):
    """Per group: the mean and 1 / sum w from the cells' sums (0 where nobody answered)."""
    W, WY = to_groups @ W, to_groups @ WY
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(W > 0, WY / W, 0.0), np.where(W > 0, 1 / W, 0.0)


def overlap_covariances(scores0, scores1, link, group_columns, columns, frame,
             percent=()) -> pd.DataFrame:  # fmt: skip
    """Per breakdown (``all`` and every group_columns), group x column: the linked count,
    their strata and the covariance of the two years' estimates (module docstring);
    ``frame`` selects the finite-population form; the ``percent`` columns (0-1 shares) are
    taken times 100.

    Sufficient statistics: one pass over the respondents and one over the linked people, a
    few columns at a time, serve every breakdown. With ``z = w (y - ybar_g) / W_g`` and
    ``ybar_g``, ``W_g`` constant in a group, the sums of the covariance over a (stratum,
    group) are sums over pair cells (a linked person's year-0 and year-1 finest cell) of

        sum z0 = (sum w0 u0 - d0 sum w0) / W0_g,
        sum z0 z1 = (sum w0 w1 u0 u1 - d1 sum w0 w1 u0 - d0 sum w0 w1 u1
                     + d0 d1 sum w0 w1) / (W0_g W1_g),

    over the linked people who answered, with ``u = y - c`` and ``d = ybar_g - c``, ``c``
    the cell's mean in that year: subtracted first, so that the expansion does not cancel
    digits. ``ybar_g`` and ``W_g`` are sums of the year's cells' ``sum w`` and ``sum w y``. A
    breakdown maps every cell to its group; a person whose group differs between the years
    is linked in neither group but still counts in their stratum's ``sum z0``, ``sum z1``.
    """
    names = list(dict.fromkeys([*(["stratum"] if frame else []), *group_columns.values()]))
    linked = _Linked(scores0, scores1, link, names, frame, set(percent))
    keys0, keys1 = linked.keys
    breakdowns = {ALL: _Breakdown(linked, pd.Index([ALL]), np.zeros(len(keys0), "int64"),
                                  np.zeros(len(keys1), "int64"))}  # fmt: skip
    for group_by, col in group_columns.items():
        labels = pd.Index(sorted({*keys0[col].unique(), *keys1[col].unique()}))
        breakdowns[group_by] = _Breakdown(linked, labels, labels.get_indexer(keys0[col]),
                                          labels.get_indexer(keys1[col]))  # fmt: skip
    found = {g: [] for g in breakdowns}
    for cols in linked.chunks(list(columns)):
        cells, centre, pairs = linked.sums(cols)
        for group_by, b in breakdowns.items():
            found[group_by].append(b.covariance(linked, cells, centre, pairs))
    parts = []
    for group_by, b in breakdowns.items():
        n_m, cov, df_m = (np.hstack([c[i] for c in found[group_by]]).T.ravel()
                          if found[group_by] else np.zeros(0) for i in range(3))  # fmt: skip
        parts.append(pd.DataFrame({
            "group_by": group_by,
            "group": np.tile(b.labels.to_numpy(dtype="object"), len(columns)),
            "column": np.repeat(np.asarray(columns, dtype="object"), len(b.labels)),
            "n_matched": n_m, "cov": cov, "df_matched": df_m,
        }))  # fmt: skip
    return pd.concat(parts, ignore_index=True)

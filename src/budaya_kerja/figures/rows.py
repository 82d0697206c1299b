"""Row selection shared by the figure families (tables in, rows out)."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.io.tables import as_bool


def _rows(estimates: pd.DataFrame, *, year=None, group_by=None, measure=None) -> pd.DataFrame:
    est = estimates
    mask = pd.Series(True, index=est.index)
    if year is not None:
        mask &= est["year"].astype(int) == int(year)
    if group_by is not None:
        mask &= est["group_by"] == group_by
    if measure is not None:
        mask &= est["measure"].isin([measure] if isinstance(measure, str) else measure)
    return est[mask]


def _published(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[~as_bool(rows["suppressed"]) & rows["estimate"].notna()]


def _targets(targets: dict | None) -> dict[int, tuple[float, float]]:
    return {int(y): (float(t[0]), float(t[1])) for y, t in (targets or {}).items()}

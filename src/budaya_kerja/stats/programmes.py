"""Did the programmes (podcast, seminar, workshop) move the agencies' index?

Difference-in-differences on agency estimates in first differences (Angrist & Pischke 2009,
ch. 5): for a pair of years (y0, y1) and the agencies published in both,

    Delta_u = index_u(y1) - index_u(y0) = a + sum_p b_p * D_up + e_u,

where D_up = 1 when agency u took part in programme p in a year in (y0, y1]. With one
programme this is the classic DiD (mean change of participants minus mean change of the
others); with several overlapping programmes each b_p is net of the others. OLS with HC3
standard errors (MacKinnon & White 1985) and t intervals with n - k degrees of freedom.
Identification rests on parallel trends: without the programme, participants would have
changed like the others. With more than two years, the same regression on pairs of years
*before* a programme started is a pre-trend (placebo) check and should show no effect.
p-values are Holm-adjusted across the programmes of a pair of years (``p_adj``).
Agencies whose index is not published in both years (too few respondents, or new) cannot
enter the regression: ``excluded`` lists them (codes, ``;``-separated) and
``n_participants_excluded`` counts the programme's participants among them, so no agency
drops out unnoticed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.tables import as_bool
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE

__all__ = ["PROGRAMME_COLUMNS", "evaluate_programmes", "read_programmes", "unit_changes"]

PROGRAMME_COLUMNS = [
    "programme", "kind", "year0", "year1", "n_participants", "n_others", "effect", "se",
    "ci_low", "ci_high", "p", "p_adj", "method", "note", "n_participants_excluded", "excluded",
]  # fmt: skip


def read_programmes(table: pd.DataFrame) -> pd.DataFrame:
    """Normalise a programme file to columns unit, program, tahun (int)."""
    cols = {c.strip().lower(): c for c in table.columns}
    missing = [c for c in ("unit", "program", "tahun") if c not in cols]
    if missing:
        raise BudayaKerjaError(message("programmes.columns", missing=missing))
    out = table.rename(columns={v: k for k, v in cols.items()})[["unit", "program", "tahun"]]
    out = out.assign(tahun=pd.to_numeric(out["tahun"], errors="raise").astype(int))
    return out.assign(program=out["program"].str.strip().str.lower())


def unit_changes(estimates: pd.DataFrame, year0: int, year1: int) -> pd.Series:
    """Change of each agency's index between two years (agencies published in both)."""
    idx = estimates[(estimates["group_by"] == "unit") & (estimates["measure"] == "index")]
    idx = idx[~as_bool(idx["suppressed"])]
    wide = idx.pivot_table(index="group", columns="year", values="estimate")
    if year0 not in wide or year1 not in wide:
        return pd.Series(dtype="float64")
    return (wide[year1] - wide[year0]).dropna()


def _regress(change: pd.Series, dummies: pd.DataFrame, confidence: float) -> pd.DataFrame:
    X = sm.add_constant(dummies.loc[change.index].astype(float), has_constant="add")
    fit = sm.OLS(change.to_numpy(), X).fit(cov_type="HC3")
    dof = fit.df_resid
    t = stats.t.ppf(0.5 + confidence / 2, dof)
    se = fit.bse.drop("const")
    effect = fit.params.drop("const")
    p = 2 * stats.t.sf(np.abs(effect / se), dof)
    return pd.DataFrame({"effect": effect, "se": se, "ci_low": effect - t * se,
                         "ci_high": effect + t * se, "p": p})  # fmt: skip


def evaluate_programmes(
    estimates: pd.DataFrame, programmes: pd.DataFrame, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Programme effects (and pre-trend checks) for every consecutive pair of years."""
    years = sorted(estimates["year"].unique())
    start = programmes.groupby("program")["tahun"].min()
    rows = []
    for y0, y1 in zip(years[:-1], years[1:], strict=True):
        change = unit_changes(estimates, y0, y1)
        if change.empty:
            continue
        # Taking part between the two surveys (after y0, up to y1) is the treatment.
        active = programmes[(programmes["tahun"] > y0) & (programmes["tahun"] <= y1)]
        dummies = pd.DataFrame(index=change.index)
        kinds, takers = {}, {}
        for programme, first in start.items():
            taking = set(active.loc[active["program"] == programme, "unit"])
            if first > y1:  # not started yet: a placebo on its future participants
                taking = set(programmes.loc[programmes["program"] == programme, "unit"])
                kinds[programme] = "pre-trend"
            else:
                kinds[programme] = "effect" if first > y0 else "repeated"
            dummies[programme] = change.index.isin(taking)
            takers[programme] = {str(u) for u in taking}
        units = estimates[(estimates["group_by"] == "unit") & estimates["year"].isin([y0, y1])]
        left_out = sorted(set(units["group"].astype(str)) - set(change.index.astype(str)))
        usable = [p for p in dummies if 0 < dummies[p].sum() < len(dummies)]
        if len(change) <= len(usable) + 2:
            continue
        fit = _regress(change, dummies[usable], confidence)
        for programme in usable:
            n1 = int(dummies[programme].sum())
            rows.append({
                "programme": programme, "kind": kinds[programme], "year0": y0, "year1": y1,
                "n_participants": n1, "n_others": len(change) - n1,
                **fit.loc[programme].to_dict(),
                "method": "first-difference DiD, OLS, HC3",
                "note": "" if kinds[programme] != "repeated" else "also ran before year0",
                "n_participants_excluded": len(takers[programme] & set(left_out)),
                "excluded": ";".join(left_out),
            })  # fmt: skip
    table = pd.DataFrame(rows, columns=PROGRAMME_COLUMNS)
    # Several programmes are tested on the same agencies: Holm (1979) within each pair of years.
    for _, family in table.groupby(["year0", "year1"]):
        tested = family["p"].notna()
        if tested.any():
            table.loc[family.index[tested], "p_adj"] = multipletests(
                family.loc[tested, "p"], method="holm")[1]  # fmt: skip
    return table

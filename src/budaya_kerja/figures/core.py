"""The report's figures, written byte-identically for the same tables.

Every plot function takes processed tables (``estimates.csv``, ``comparison/<y0>-<y1>.csv``,
the item distribution) and plain arguments, writes one SVG and returns its alt text: a
sentence or two in the report's language carrying the key numbers, so a reader who cannot see
the figure (a screen reader, PDF/UA) gets the same message. :func:`write_figures` writes all
figures of a report year and returns the manifest the report reads.

Determinism: figures use matplotlib's object API (no pyplot state) inside one fixed rc
context; SVG text is drawn as paths (no font needed downstream), element ids are salted with a
constant and the date metadata is dropped, so the same tables give the same bytes.

Numbers on axes and in alt text use :func:`format_number` (Indonesian decimal comma by
default), the one formatter the report uses too.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from budaya_kerja.figures.style import (
    ANSWER_COLOURS,
    DOWN,
    GREY,
    MAX_HEIGHT,
    TARGET_FILL,
    UP,
    YEAR_COLOURS,
    new_figure,
    save,
    styled,
)
from budaya_kerja.rounding import round_half_up
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.aggregate import funnel_overdispersion

DASH = "—"
MINUS = "−"  # U+2212: a typographic minus, not a hyphen
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (thousands, decimal point)
Z95, Z998 = 1.959964, 3.090232  # two-sided 95% and 99.8% normal quantiles (funnel limits)
FUNNEL_NAMED = 4  # up to this many outliers are named on the funnel plot, more are numbered

TEXT = {
    "id": {
        "score": "Skor (0–100)",
        "year": "Tahun",
        "index": "Indeks",
        "target": "Target {low}–{high}",
        "band_line": "{label} ≥ {min}",
        "published": "Angka terbit kementerian (metode berbeda)",
        "estimate_ci": "Indeks (IK 95%)",
        "hidden": "disembunyikan ({reason})",
        "respondents": "Jumlah responden (skala log)",
        "province": "Indeks provinsi {value}",
        "limit95": "Batas kendali 95%",
        "limit998": "Batas kendali 99,8%",
        "unit": "Perangkat daerah",
        "share": "Persentase jawaban",
        "answers5": ["Sangat tidak setuju", "Tidak setuju", "Netral", "Setuju", "Sangat setuju"],
        "diff_axis": "Perubahan {y0}→{y1} (poin, IK 95%)",
        "significant": "signifikan (p terkoreksi < {alpha})",
        "not_significant": "tidak signifikan",
        "material_up": "naik ≥ {mmc} poin",
        "material_down": "turun ≥ {mmc} poin",
        "not_material": "perubahan < {mmc} poin",
        "threshold": "±{mmc} poin",
        "n": "n",
        # alt text
        "alt_trend": (
            "Indeks Budaya Kerja provinsi per tahun dengan interval kepercayaan 95%: {points}. "
            "{target}Garis putus-putus menandai batas kategori ({bands})."
        ),
        "alt_trend_point": "{year}: {value} ({low}–{high}, {category})",
        "alt_trend_target": "Area hijau menandai target {low}–{high}. ",
        "alt_values": (
            "Skor tujuh nilai BerAKHLAK tahun {year} dengan interval kepercayaan 95%{others}: "
            "{values}. Tertinggi {best} ({best_value}), terendah {worst} ({worst_value})."
        ),
        "alt_values_others": ", dibandingkan dengan {years}",
        "alt_heatmap": (
            "Peta panas skor indeks dan tujuh nilai untuk {n} perangkat daerah tahun {year}, "
            "diurutkan dari indeks tertinggi: tertinggi {best} ({best_value}), terendah {worst} "
            "({worst_value}). Sel nilai terendah: {cell_value} di {cell_unit} ({cell}). {hidden}"
        ),
        "alt_heatmap_hidden": "{n} perangkat daerah disembunyikan (kurang dari {min} responden "
        "atau penekanan komplementer).",
        "alt_heatmap_none": "Tidak ada perangkat daerah yang disembunyikan.",
        "alt_items": (
            "Sebaran jawaban {k} butir perilaku tahun {year}: jawaban setuju atau sangat setuju "
            "berkisar dari {low} ({low_item} {low_text}) sampai {high} ({high_item} {high_text}); "
            "jawaban tidak setuju atau sangat tidak setuju paling banyak pada {neg_item} ({neg})."
        ),
        "alt_funnel": (
            "Plot corong indeks {n} perangkat daerah tahun {year} terhadap jumlah responden, "
            "dengan batas kendali 95% dan 99,8% di sekitar indeks provinsi {center} (simpangan "
            "baku responden {sd}). {outliers}"
        ),
        "alt_funnel_out": "Di luar batas 99,8%: {parts}.",
        "alt_funnel_above": "di atas — {units}",
        "alt_funnel_below": "di bawah — {units}",
        "alt_funnel_none": "Tidak ada perangkat daerah di luar batas 99,8%.",
        "alt_funnel_unit": "{name} ({value}; n = {n})",
        "alt_forest": "Perubahan {y0} ke {y1} dengan interval kepercayaan 95%: {rows}.",
        "alt_forest_row": "{name} {diff} poin ({low} s.d. {high}; {sig}, {mat})",
        "alt_forest_units": (
            "Perubahan indeks {n} perangkat daerah dari {y0} ke {y1}: {up} naik signifikan, "
            "{down} turun signifikan, {flat} tanpa perubahan signifikan{extremes}.{untested}"
        ),
        "alt_forest_extremes": "; kenaikan terbesar {up_name} ({up_diff}), perubahan terendah "
        "{down_name} ({down_diff})",
        "alt_forest_untested": " {n} perangkat daerah tidak diuji (responden terlalu sedikit "
        "atau disembunyikan).",
        "sig": "signifikan",
        "nonsig": "tidak signifikan",
        "mat": "material",
        "nonmat": "tidak material",
        # captions
        "cap_index_trend": "Indeks Budaya Kerja ASN BerAKHLAK per tahun dengan interval "
        "kepercayaan 95%, rentang target dan batas kategori.",
        "cap_values": "Skor tujuh nilai BerAKHLAK per tahun (titik: estimasi; garis: IK 95%).",
        "cap_item_diverging": "Sebaran jawaban 21 butir perilaku tahun {year}: STS dan TS di "
        "kiri, Netral di tengah, S dan SS di kanan; angka di kanan = % setuju (S + SS).",
        "cap_unit_heatmap": "Skor indeks dan nilai per perangkat daerah tahun {year}, diurutkan "
        "menurut indeks (BP, AK, KO, HA, LO, AD, KL: kode nilai; arsir: disembunyikan).",
        "cap_unit_funnel": "Plot corong indeks per perangkat daerah tahun {year}: batas kendali "
        "95% dan 99,8% di sekitar indeks provinsi menurut jumlah responden, disesuaikan untuk "
        "overdispersi antarperangkat daerah (efek acak aditif, Spiegelhalter 2005).",
        "cap_change_forest": "Perubahan indeks dan nilai {y0}–{y1} dengan IK 95% (isi penuh: "
        "signifikan setelah koreksi; warna: perubahan material).",
        "cap_change_forest_units": "Perubahan indeks per perangkat daerah {y0}–{y1} dengan IK 95%.",
    },
    "en": {
        "score": "Score (0–100)",
        "year": "Year",
        "index": "Index",
        "target": "Target {low}–{high}",
        "band_line": "{label} ≥ {min}",
        "published": "Ministry's published figure (different method)",
        "estimate_ci": "Index (95% CI)",
        "hidden": "suppressed ({reason})",
        "respondents": "Respondents (log scale)",
        "province": "Provincial index {value}",
        "limit95": "95% control limits",
        "limit998": "99.8% control limits",
        "unit": "Agency",
        "share": "Share of answers",
        "answers5": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        "diff_axis": "Change {y0}→{y1} (points, 95% CI)",
        "significant": "significant (adjusted p < {alpha})",
        "not_significant": "not significant",
        "material_up": "up ≥ {mmc} points",
        "material_down": "down ≥ {mmc} points",
        "not_material": "change < {mmc} points",
        "threshold": "±{mmc} points",
        "n": "n",
        "alt_trend": (
            "Provincial work-culture index by year with 95% confidence intervals: {points}. "
            "{target}Dashed lines mark the category bounds ({bands})."
        ),
        "alt_trend_point": "{year}: {value} ({low}–{high}, {category})",
        "alt_trend_target": "The green area marks the target {low}–{high}. ",
        "alt_values": (
            "Scores of the seven BerAKHLAK values in {year} with 95% confidence intervals"
            "{others}: {values}. Highest {best} ({best_value}), lowest {worst} ({worst_value})."
        ),
        "alt_values_others": ", compared with {years}",
        "alt_heatmap": (
            "Heat map of the index and seven value scores for {n} agencies in {year}, sorted "
            "from the highest index: highest {best} ({best_value}), lowest {worst} "
            "({worst_value}). Lowest cell: {cell_value} in {cell_unit} ({cell}). {hidden}"
        ),
        "alt_heatmap_hidden": "{n} agencies are suppressed (fewer than {min} respondents or "
        "complementary suppression).",
        "alt_heatmap_none": "No agency is suppressed.",
        "alt_items": (
            "Answers to the {k} behaviour items in {year}: agreement (agree or strongly agree) "
            "ranges from {low} ({low_item} {low_text}) to {high} ({high_item} {high_text}); "
            "disagreement is highest for {neg_item} ({neg})."
        ),
        "alt_funnel": (
            "Funnel plot of the index of {n} agencies in {year} against their respondents, "
            "with 95% and 99.8% control limits around the provincial index {center} "
            "(respondent SD {sd}). {outliers}"
        ),
        "alt_funnel_out": "Outside the 99.8% limits: {parts}.",
        "alt_funnel_above": "above — {units}",
        "alt_funnel_below": "below — {units}",
        "alt_funnel_none": "No agency lies outside the 99.8% limits.",
        "alt_funnel_unit": "{name} ({value}; n = {n})",
        "alt_forest": "Change from {y0} to {y1} with 95% confidence intervals: {rows}.",
        "alt_forest_row": "{name} {diff} points ({low} to {high}; {sig}, {mat})",
        "alt_forest_units": (
            "Change of the index of {n} agencies from {y0} to {y1}: {up} rose significantly, "
            "{down} fell significantly, {flat} without significant change{extremes}.{untested}"
        ),
        "alt_forest_extremes": "; largest rise {up_name} ({up_diff}), lowest change "
        "{down_name} ({down_diff})",
        "alt_forest_untested": " {n} agencies were not tested (too few respondents or suppressed).",
        "sig": "significant",
        "nonsig": "not significant",
        "mat": "material",
        "nonmat": "not material",
        "cap_index_trend": "BerAKHLAK work-culture index by year with 95% confidence intervals, "
        "target range and category bounds.",
        "cap_values": "Scores of the seven BerAKHLAK values by year (dot: estimate; line: 95% CI).",
        "cap_item_diverging": "Answers to the 21 behaviour items in {year}: disagreement left, "
        "neutral centred, agreement right; figures on the right = % agree.",
        "cap_unit_heatmap": "Index and value scores by agency in {year}, sorted by index (BP, "
        "AK, KO, HA, LO, AD, KL: value codes; hatched: suppressed).",
        "cap_unit_funnel": "Funnel plot of the agencies' index in {year}: 95% and 99.8% control "
        "limits around the provincial index by number of respondents, adjusted for "
        "over-dispersion between agencies (additive random effects, Spiegelhalter 2005).",
        "cap_change_forest": "Change of the index and values {y0}–{y1} with 95% CI (filled: "
        "significant after adjustment; colour: material change).",
        "cap_change_forest_units": "Change of the index by agency {y0}–{y1} with 95% CI.",
    },
}


# --------------------------------------------------------------------------- numbers
def format_number(x, decimals: int = 1, language: str = "id", *, sign: bool = False) -> str:
    """A number for print: ``76,3`` and ``4.300.000`` (id) or ``76.3`` and ``4,300,000`` (en).

    Rounds half away from zero on the decimal digits people read (76,25 -> 76,3, which binary
    ``format`` would print as 76,2); a result that rounds to zero carries no sign; negatives
    use the typographic minus; ``sign=True`` prefixes ``+`` to positive numbers; NaN, None and
    non-numbers give an em dash.
    """
    try:
        value = float(x)
    except (TypeError, ValueError):
        return DASH
    if not math.isfinite(value):
        return DASH
    thousands, point = _SEPARATORS.get(language, _SEPARATORS["id"])
    q = round_half_up(value, decimals)  # the project's one rounding rule (rounding.py)
    negative, positive = q < 0, q > 0
    text = f"{abs(q):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", point).replace("\0", thousands)
    return (MINUS if negative else "+" if sign and positive else "") + text


def format_percent(x, decimals: int = 1, language: str = "id") -> str:
    """``78,2%``; the em dash for a missing share."""
    text = format_number(x, decimals, language)
    return text if text == DASH else text + "%"


def _formatter(decimals: int, language: str, suffix: str = "", absolute: bool = False):
    return FuncFormatter(
        lambda v, _pos: format_number(abs(v) if absolute else v, decimals, language) + suffix
    )


_CI_PHRASES = re.compile(r"(IK |kepercayaan |interval )95%|95%( CI| confidence| Feldt)")


def relabel_confidence(obj, confidence: float, language: str = "id"):
    """Texts written for 95% intervals, relabelled for another configured level: every
    string in a (nested) dict/list has its interval phrases ("IK 95%", "95% CI", …) changed."""
    if abs(confidence - 0.95) < 1e-12:
        return obj
    level = format_number(100 * confidence, 0 if float(100 * confidence).is_integer() else 1,
                          language) + "%"  # fmt: skip
    if isinstance(obj, str):
        return _CI_PHRASES.sub(lambda m: m.group(0).replace("95%", level), obj)
    if isinstance(obj, dict):
        return {k: relabel_confidence(v, confidence, language) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(relabel_confidence(v, confidence, language) for v in obj)
    return obj


def _t(language: str, confidence: float = 0.95) -> dict:
    return relabel_confidence(TEXT.get(language, TEXT["id"]), confidence, language)


def _shorten(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def as_bool(series: pd.Series) -> pd.Series:
    """A boolean column read back from CSV (bool, 'True'/'False' text or missing)."""
    if series.dtype == bool:
        return series
    text = series.astype("string").str.lower()
    return text.isin(["true", "1", "1.0"]).fillna(False).astype(bool)


# --------------------------------------------------------------------------- plumbing
_styled, _new_figure, _save = styled, new_figure, save  # the house style (style.py)


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


# --------------------------------------------------------------------------- 1. trend
@_styled
def plot_index_trend(
    estimates: pd.DataFrame,
    path: str | Path,
    *,
    bands: list[dict],
    targets: dict | None = None,
    published: dict | None = None,
    until: int | None = None,
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """The province's index by year with 95% CI error bars, the target band shaded per year
    (``targets``: {year: [low, high]}), dashed category bounds and, as context only, the
    ministry's published figures (``published``: {year: value}, a different method)."""
    t = _t(language, confidence)
    rows = _published(_rows(estimates, group_by="all", measure="index"))
    if until is not None:
        rows = rows[rows["year"].astype(int) <= int(until)]
    rows = rows.sort_values("year")
    if rows.empty:
        raise ValueError("no published provincial index to plot")
    years = rows["year"].astype(int).to_numpy()
    est, lo, hi = (rows[c].to_numpy(float) for c in ("estimate", "ci_low", "ci_high"))
    target = {y: v for y, v in _targets(targets).items() if years.min() <= y <= years.max() + 1}
    shown_pub = {int(y): float(v) for y, v in (published or {}).items() if int(y) in set(years)}

    fig = _new_figure(3.1)
    ax = fig.add_subplot()
    low_edge = min(lo.min(), *(v[0] for v in target.values())) if target else lo.min()
    high_edge = max(hi.max(), *(v[1] for v in target.values())) if target else hi.max()
    ylo = max(0.0, math.floor((low_edge - 4) / 5) * 5)
    yhi = min(100.0, math.ceil((high_edge + 3) / 5) * 5)
    # Consecutive years with the same target make one shaded block (no seams between years).
    spans: list[list] = []
    for y, band in sorted(target.items()):
        if spans and spans[-1][1] == y - 1 and spans[-1][2] == band:
            spans[-1][1] = y
        else:
            spans.append([y, y, band])
    for i, (start, end, (tlo, thi)) in enumerate(spans):
        label = t["target"].format(
            low=format_number(tlo, 0, language), high=format_number(thi, 0, language)
        )
        ax.add_patch(
            Rectangle(
                (start - 0.5, tlo),
                end - start + 1.0,
                thi - tlo,
                facecolor=TARGET_FILL,
                edgecolor="none",
                zorder=0,
                label=label if i == 0 else None,
            )
        )
    band_text = []
    for band in sorted(bands, key=lambda b: -b["min"]):
        if ylo < band["min"] < yhi:
            ax.axhline(band["min"], color=GREY, lw=0.8, ls="--", zorder=1)
            label = t["band_line"].format(
                label=band["label"], min=format_number(band["min"], 0, language)
            )
            ax.annotate(
                label,
                (1, band["min"]),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
                color=GREY,
            )
            band_text.append(label)
    ax.errorbar(
        years,
        est,
        yerr=[est - lo, hi - est],
        fmt="o-",
        color=UP,
        ms=5,
        lw=1.4,
        capsize=4,
        elinewidth=1.2,
        zorder=3,
        label=t["estimate_ci"],
    )
    for y, e, h in zip(years, est, hi, strict=True):
        ax.annotate(
            format_number(e, 1, language),
            (y, h),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
            color=UP,
        )
    if shown_pub:
        ax.plot(
            [y + 0.15 for y in shown_pub],
            list(shown_pub.values()),
            "D",
            mfc="white",
            mec=GREY,
            ms=5,
            zorder=3,
            ls="none",
            label=t["published"],
        )
    ax.set_xlim(years.min() - 0.6, max(years.max(), *target, years.min()) + 0.6)
    ax.set_ylim(ylo, yhi)
    ticks = list(range(int(years.min()), int(ax.get_xlim()[1]) + 1))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(round(v)))))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(_formatter(0, language))
    ax.set_ylabel(t["score"])
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", ncols=3, fontsize=7)
    _save(fig, path)

    points = "; ".join(
        t["alt_trend_point"].format(
            year=int(r.year),
            value=format_number(r.estimate, 1, language),
            low=format_number(r.ci_low, 1, language),
            high=format_number(r.ci_high, 1, language),
            category=r.category,
        )
        for r in rows.itertuples()
    )
    target_text = ""
    if target:
        tlo, thi = target[max(target)]
        target_text = t["alt_trend_target"].format(
            low=format_number(tlo, 0, language), high=format_number(thi, 0, language)
        )
    return (
        t["alt_trend"]
        .format(points=points, target=target_text, bands="; ".join(band_text))
        .replace(" ()", "")
    )


# --------------------------------------------------------------------------- 2. values
@_styled
def plot_values(
    estimates: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    bands: list[dict] | None = None,
    max_years: int = 3,
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """The seven values' scores with 95% CIs, one marker per year (up to ``max_years`` years
    ending in ``year``), grouped by value."""
    t = _t(language, confidence)
    values = instrument.value_ids
    rows = _published(_rows(estimates, group_by="all", measure=values))
    years = sorted(y for y in rows["year"].astype(int).unique() if y <= int(year))[-max_years:]
    if int(year) not in years:
        raise ValueError(f"no published value scores for {year}")
    fig = _new_figure(0.8 + 0.42 * len(values))
    ax = fig.add_subplot()
    colours = YEAR_COLOURS[-len(years) :]
    step = 0.22
    for j, (y, colour) in enumerate(zip(years, colours, strict=True)):
        part = rows[rows["year"].astype(int) == y].set_index("measure").reindex(values)
        pos = np.arange(len(values)) + (j - (len(years) - 1) / 2) * step
        est, lo, hi = (part[c].to_numpy(float) for c in ("estimate", "ci_low", "ci_high"))
        ax.errorbar(
            est,
            pos,
            xerr=[est - lo, hi - est],
            fmt="o",
            color=colour,
            ms=5,
            capsize=2.5,
            elinewidth=1.2,
            label=str(y),
            zorder=3,
        )
        if y == int(year):
            for e, h, p in zip(est, hi, pos, strict=True):
                if np.isfinite(e):
                    ax.annotate(
                        format_number(e, 1, language),
                        (h, p),
                        xytext=(4, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=7.5,
                        fontweight="bold",
                        color=colour,
                    )
    lo_all = np.nanmin(rows[rows["year"].astype(int).isin(years)]["ci_low"].to_numpy(float))
    hi_all = np.nanmax(rows[rows["year"].astype(int).isin(years)]["ci_high"].to_numpy(float))
    xlo = max(0.0, math.floor((lo_all - 3) / 5) * 5)
    xhi = min(104.0, math.ceil((hi_all + 4) / 5) * 5)
    for band in bands or []:
        if xlo < band["min"] < xhi:
            ax.axvline(band["min"], color=GREY, lw=0.8, ls="--", zorder=1)
            ax.annotate(
                t["band_line"].format(
                    label=band["label"], min=format_number(band["min"], 0, language)
                ),
                (band["min"], 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, -2),
                textcoords="offset points",
                fontsize=7,
                color=GREY,
                va="top",
            )
    ax.set_xlim(xlo, xhi)
    ax.set_yticks(np.arange(len(values)), [f"{instrument.value_names[v]} ({v})" for v in values])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlabel(t["score"])
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=len(years), fontsize=7.5)
    _save(fig, path)

    now = rows[rows["year"].astype(int) == int(year)].set_index("measure").reindex(values)
    best, worst = now["estimate"].idxmax(), now["estimate"].idxmin()
    others = [str(y) for y in years if y != int(year)]
    return t["alt_values"].format(
        year=year,
        others=t["alt_values_others"].format(years=", ".join(others)) if others else "",
        values="; ".join(
            f"{instrument.value_names[v]} {format_number(now.at[v, 'estimate'], 1, language)}"
            for v in values
        ),
        best=instrument.value_names[best],
        best_value=format_number(now.at[best, "estimate"], 1, language),
        worst=instrument.value_names[worst],
        worst_value=format_number(now.at[worst, "estimate"], 1, language),
    )


# --------------------------------------------------------------------------- 3. heatmap
def _unit_matrix(estimates: pd.DataFrame, instrument: Instrument, year: int):
    """Units x [index, values] estimates; published units sorted by index (high first), then
    the suppressed ones by name."""
    measures = ["index", *instrument.value_ids]
    rows = _rows(estimates, year=year, group_by="unit", measure=measures)
    wide = rows.pivot_table(
        index="group", columns="measure", values="estimate", aggfunc="first", dropna=False
    ).reindex(columns=measures)
    info = rows[rows["measure"] == "index"].set_index("group")
    info = info.assign(hidden=as_bool(info["suppressed"]) | info["estimate"].isna())
    info = info.assign(_label=info["group_label"].fillna(pd.Series(info.index, index=info.index)))
    shown = info[~info["hidden"]].sort_values(["estimate", "_label"], ascending=[False, True])
    hidden = info[info["hidden"]].sort_values("_label")
    order = [*shown.index, *hidden.index]
    return wide.reindex(order), info.reindex(order), measures


@_styled
def plot_unit_heatmap(
    estimates: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    center: float = 75.0,
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """Agencies (rows, sorted by index) x index and values (columns) for one year, with the
    numbers printed; suppressed agencies as grey hatched rows. Colours diverge at ``center``
    (the Sehat bound by default)."""
    t = _t(language, confidence)
    wide, info, measures = _unit_matrix(estimates, instrument, year)
    if info.empty:
        raise ValueError(f"no agency estimates for {year}")
    data = wide.to_numpy(float)
    n_rows = len(wide)
    row_h = min(0.2, (MAX_HEIGHT - 1.3) / max(n_rows, 1))
    fig = _new_figure(1.3 + row_h * n_rows)
    ax = fig.add_subplot()
    finite = data[np.isfinite(data)]
    # Symmetric around the centre, so equal distances above and below get equal colour steps.
    reach = max(10.0, *(np.abs(finite - center))) if finite.size else 10.0
    reach = math.ceil(reach / 5) * 5
    norm = mpl.colors.Normalize(vmin=center - reach, vmax=center + reach)
    cmap = mpl.colormaps["RdYlBu"]
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(data), cmap=cmap, norm=norm, edgecolors="white", linewidth=0.6
    )
    font = max(5.0, min(7.5, row_h * 72 * 0.55))
    for i in range(n_rows):
        if info["hidden"].iloc[i]:
            ax.add_patch(
                Rectangle(
                    (0, i),
                    len(measures),
                    1,
                    facecolor="#f0f0f0",
                    hatch="////",
                    edgecolor="white",
                    linewidth=0.6,
                )
            )
            reason = info["suppression_reason"].iloc[i]
            reason = reason if isinstance(reason, str) and reason else "n < 10"
            ax.text(
                len(measures) / 2,
                i + 0.5,
                t["hidden"].format(reason=reason),
                ha="center",
                va="center",
                fontsize=font,
                color="#444444",
                bbox={"facecolor": "#f0f0f0", "edgecolor": "none", "pad": 0.6},
            )
            continue
        for j in range(len(measures)):
            v = data[i, j]
            if np.isfinite(v):
                r, g, b, _ = cmap(norm(v))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    format_number(v, 1, language),
                    ha="center",
                    va="center",
                    fontsize=font,
                    color="white" if dark else "#1a1a1a",
                    fontweight="bold" if j == 0 else "normal",
                )
    ax.axvline(1, color="white", lw=3)  # sets the index column apart from the values
    ax.set_xlim(0, len(measures))
    ax.set_ylim(n_rows, 0)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(len(measures)) + 0.5, [t["index"], *measures[1:]])
    labels = [_shorten(v, 44) for v in info["_label"]]
    ax.set_yticks(np.arange(n_rows) + 0.5, labels, fontsize=font)
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    # n per agency on the right, as the band for suppressed ones.
    right = ax.secondary_yaxis("right")
    right.set_yticks(
        np.arange(n_rows) + 0.5,
        [
            f"{t['n']} {str(info['n_band'].iloc[i]).replace('<', '< ')}"
            if info["hidden"].iloc[i]
            else f"{t['n']} = {format_number(info['n'].iloc[i], 0, language)}"
            for i in range(n_rows)
        ],
        fontsize=font,
    )
    right.tick_params(length=0)
    right.spines["right"].set_visible(False)
    bar = fig.colorbar(
        mesh,
        ax=ax,
        orientation="horizontal",
        location="bottom",
        fraction=0.05,
        shrink=0.6,
        aspect=40,
        pad=0.01,
    )
    bar.set_label(t["score"], fontsize=7.5)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_formatter(0, language))
    bar.outline.set_visible(False)
    _save(fig, path)

    shown = info[~info["hidden"]]
    values = wide.loc[shown.index, measures[1:]]
    cell_unit, cell = values.stack().idxmin() if values.size else (None, None)
    hidden_n = int(info["hidden"].sum())
    hidden_text = (
        t["alt_heatmap_hidden"].format(n=hidden_n, min=_min_size(info))
        if hidden_n
        else t["alt_heatmap_none"]
    )
    if shown.empty:
        return hidden_text
    return (
        t["alt_heatmap"]
        .format(
            n=len(shown),
            year=year,
            best=shown["_label"].iloc[0],
            best_value=format_number(shown["estimate"].iloc[0], 1, language),
            worst=shown["_label"].iloc[-1],
            worst_value=format_number(shown["estimate"].iloc[-1], 1, language),
            cell_value=format_number(values.at[cell_unit, cell], 1, language),
            cell_unit=shown.at[cell_unit, "_label"],
            cell=instrument.value_names.get(cell, cell),
            hidden=hidden_text,
        )
        .strip()
    )


def _min_size(info: pd.DataFrame) -> str:
    """The minimum group size, read from a suppressed row's n band ('<10' -> '10')."""
    bands = info.loc[info["hidden"], "n_band"].dropna().astype(str)
    bands = bands[bands.str.startswith("<")]
    return bands.iloc[0][1:] if len(bands) else "10"


# --------------------------------------------------------------------------- 4. items
def item_distribution(
    responses: pd.DataFrame, items: list[str], scale: tuple[int, int]
) -> pd.DataFrame:
    """Share of each answer per year and item, among those who answered the item.

    ``scale`` is the instrument's (lowest, highest) answer code. Returns ``year, item,
    answer, share`` with every answer of the scale present (share 0 when nobody chose it). ``responses`` holds the items as nullable integers and a ``year`` column
    (without one, year is missing).
    """
    answers = list(range(int(scale[0]), int(scale[1]) + 1))
    years = (
        responses["year"]
        if "year" in responses.columns
        else pd.Series(pd.NA, index=responses.index)
    )
    parts = []
    for item in items:
        counts = pd.crosstab(
            years.to_numpy(), responses[item].astype("Int64").to_numpy(), dropna=True
        )
        counts = counts.reindex(columns=answers, fill_value=0)
        shares = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0)
        long = shares.rename_axis(index="year", columns="answer").stack().rename("share")
        parts.append(long.reset_index().assign(item=item))
    out = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["year", "item", "answer", "share"])
    )
    out["answer"] = out["answer"].astype("int64")
    return out[["year", "item", "answer", "share"]].reset_index(drop=True)


def _answer_groups(lo: int, hi: int) -> tuple[list[int], list[int], list[int]]:
    """Disagreeing, neutral (the middle of an odd scale) and agreeing answer codes."""
    mid = (lo + hi) / 2
    codes = list(range(lo, hi + 1))
    return (
        [c for c in codes if c < mid],
        [c for c in codes if c == mid],
        [c for c in codes if c > mid],
    )


@_styled
def plot_item_diverging(
    distribution: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """Diverging stacked bars of the items for one year: disagreement left of zero, the neutral
    answer centred on zero, agreement right; % agreeing printed at the right."""
    t = _t(language, confidence)
    lo, hi = instrument.scale_min, instrument.scale_max
    neg, neu, pos = _answer_groups(lo, hi)
    codes = [*neg, *neu, *pos]
    dist = distribution[distribution["year"].astype("Int64") == int(year)]
    if dist.empty:
        raise ValueError(f"no item distribution for {year}")
    shares = dist.pivot_table(index="item", columns="answer", values="share", aggfunc="first")
    shares = shares.reindex(index=instrument.items, columns=codes).fillna(0.0) * 100
    k = len(codes)
    colours = ANSWER_COLOURS.get(k) or [mpl.colormaps["RdBu"](x) for x in np.linspace(0.1, 0.9, k)]
    names = t["answers5"] if k == 5 else [str(c) for c in codes]
    fig = _new_figure(1.0 + 0.235 * len(shares))
    ax = fig.add_subplot()
    y = np.arange(len(shares))
    half = shares[neu].sum(axis=1).to_numpy() / 2 if neu else np.zeros(len(shares))
    left = -half - shares[neg].sum(axis=1).to_numpy()
    for code, colour, name in zip(codes, colours, names, strict=True):
        width = shares[code].to_numpy()
        ax.barh(
            y,
            width,
            left=left,
            height=0.72,
            color=colour,
            edgecolor="white",
            linewidth=0.4,
            label=name,
        )
        left = left + width
    agree = shares[pos].sum(axis=1)
    disagree = shares[neg].sum(axis=1)
    for yi, end, a in zip(y, left, agree.to_numpy(), strict=True):
        ax.annotate(
            format_percent(a, 0, language),
            (end, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    # Thin rules between values make the seven groups of three readable.
    start = 0
    for items in instrument.values.values():
        start += len(items)
        if start < len(shares):
            ax.axhline(start - 0.5, color="#bdbdbd", lw=0.5)
    ax.axvline(0, color="#333333", lw=0.7)
    labels = [f"{i}  {_shorten(instrument.statements.get(i, ''), 46)}" for i in shares.index]
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_ylim(len(shares) - 0.5, -0.5)
    left_edge = (half + disagree.to_numpy()).max()
    right_edge = (half + agree.to_numpy()).max()
    ax.set_xlim(-math.ceil((left_edge + 5) / 10) * 10, math.ceil((right_edge + 12) / 10) * 10)
    ax.xaxis.set_major_formatter(_formatter(0, language, "%", absolute=True))
    ax.set_xlabel(t["share"])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=k, fontsize=7, handlelength=1.2, columnspacing=1.0)
    _save(fig, path)

    low_item, high_item, neg_item = agree.idxmin(), agree.idxmax(), disagree.idxmax()
    return t["alt_items"].format(
        k=len(shares),
        year=year,
        low=format_percent(agree[low_item], 0, language),
        low_item=low_item,
        low_text=instrument.statements.get(low_item, ""),
        high=format_percent(agree[high_item], 0, language),
        high_item=high_item,
        high_text=instrument.statements.get(high_item, ""),
        neg_item=neg_item,
        neg=format_percent(disagree[neg_item], 0, language),
    )


# --------------------------------------------------------------------------- 5. funnel
def respondent_sd(estimates: pd.DataFrame, year: int, measure: str = "index") -> float:
    """The province's respondent-level SD of a measure, ``se_unweighted * sqrt(n)`` (the
    unweighted SE is s / sqrt(n)); the SD under the funnel's null of one common mean."""
    row = _published(_rows(estimates, year=year, group_by="all", measure=measure))
    if row.empty:
        raise ValueError(f"no provincial {measure} for {year}")
    se = row["se_unweighted"] if "se_unweighted" in row.columns else row["se"]
    return float(se.iloc[0] * math.sqrt(float(row["n"].iloc[0])))


def funnel_table(
    estimates: pd.DataFrame, year: int, sd: float, measure: str = "index"
) -> pd.DataFrame:
    """Published agencies with their funnel limits ``center ± z * sqrt(sd^2 / n + tau^2)`` (z
    for 95% and 99.8%; Spiegelhalter 2005, *Statistics in Medicine* 24, 1185-1202) and where
    they fall. ``tau^2`` is the over-dispersion between agencies beyond sampling noise
    (:func:`aggregate.funnel_overdispersion`, Spiegelhalter's additive random-effects
    adjustment with winsorised z-scores), so only agencies unusual even among agencies are
    flagged.

    Columns: ``group, group_label, n, estimate, center, low95, high95, low998, high998, z,
    position`` with position one of ``above998, above95, inside, below95, below998``.
    """
    center_row = _published(_rows(estimates, year=year, group_by="all", measure=measure))
    if center_row.empty:
        raise ValueError(f"no provincial {measure} for {year}")
    center = float(center_row["estimate"].iloc[0])
    units = _published(_rows(estimates, year=year, group_by="unit", measure=measure))
    out = units[["group", "group_label", "n", "estimate"]].copy().reset_index(drop=True)
    out["n"] = out["n"].astype(float)
    out["group_label"] = out["group_label"].fillna(out["group"])
    out["tau2"] = funnel_overdispersion(
        out["estimate"].to_numpy(), sd / np.sqrt(out["n"].to_numpy()), center
    )
    se = np.sqrt(sd**2 / out["n"] + out["tau2"])
    out["center"] = center
    out["low95"], out["high95"] = center - Z95 * se, center + Z95 * se
    out["low998"], out["high998"] = center - Z998 * se, center + Z998 * se
    out["z"] = (out["estimate"] - center) / se
    out["position"] = np.select(
        [out["z"] > Z998, out["z"] > Z95, out["z"] < -Z998, out["z"] < -Z95],
        ["above998", "above95", "below998", "below95"],
        "inside",
    )
    return out.sort_values(["z", "group"], ascending=[False, True]).reset_index(drop=True)


def _label_points(
    ax, items: list[tuple[float, float, str, str]], obstacles=None, fontsize: float = 6.5
) -> None:
    """Label points (x, y, text, colour) with short texts that overlap neither each other nor
    the plotted points (``obstacles``: (x, y) data pairs): the first free spot among right,
    left, above, below, then ever farther out, with a thin leader line when it is far."""
    if not items:
        return
    fig = ax.figure
    fig.draw_without_rendering()  # fixes the layout, so display coordinates are final
    pt = fig.dpi / 72
    height = fontsize * 1.15 * pt
    dots = [ax.transData.transform(xy) for xy in (obstacles or [])]
    boxes: list[tuple[float, float, float, float]] = [
        (dx - 2.5 * pt, dy - 2.5 * pt, dx + 2.5 * pt, dy + 2.5 * pt) for dx, dy in dots
    ]
    rings = [(5, 0), (-5, 0), (0, 6), (0, -6)]
    for step in range(1, 8):
        rings += [(5 + 3 * step, d * step * 6) for d in (1, -1)] + [
            (-5 - 3 * step, d * step * 6) for d in (1, -1)
        ]
    for x, y, text, colour in sorted(items, key=lambda it: -it[1]):
        px, py = ax.transData.transform((x, y))
        width = len(text) * fontsize * 0.62 * pt
        own = (px - 2.5 * pt, py - 2.5 * pt, px + 2.5 * pt, py + 2.5 * pt)
        for dx, dy in rings:
            cx, cy = px + dx * pt, py + dy * pt
            x0 = cx - width if dx < 0 else cx - width / 2 if dx == 0 else cx
            box = (x0, cy - height / 2, x0 + width, cy + height / 2)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                for b in boxes
                if b != own
            ):
                break
        boxes.append(box)
        ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="right" if dx < 0 else "center" if dx == 0 else "left",
            va="center",
            fontsize=fontsize,
            color=colour,
            arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.4, "shrinkA": 0, "shrinkB": 2}
            if abs(dx) + abs(dy) > 8
            else None,
        )


@_styled
def plot_unit_funnel(
    estimates: pd.DataFrame,
    year: int,
    sd: float,
    path: str | Path,
    *,
    measure: str = "index",
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """Agencies' index against their number of respondents, with 95% and 99.8% control limits
    around the provincial estimate; agencies outside 99.8% are labelled and named in the alt
    text. ``sd`` is the pooled respondent-level SD (:func:`respondent_sd`)."""
    t = _t(language, confidence)
    table = funnel_table(estimates, year, sd, measure)
    if table.empty:
        raise ValueError(f"no published agency {measure} for {year}")
    center = float(table["center"].iloc[0])
    n_lo, n_hi = max(2.0, table["n"].min() * 0.7), table["n"].max() * 1.4
    grid = np.geomspace(n_lo, n_hi, 200)
    out = table[table["position"].isin(["above998", "below998"])]
    out = out.sort_values(["estimate", "group"], ascending=[False, True])  # key reads top down
    fig = _new_figure(max(3.8, 1.2 + 0.14 * len(out)))
    # A few outliers are named beside their points; more are numbered, with a key beside the
    # plot, because their names would collide.
    numbered = len(out) > FUNNEL_NAMED
    if numbered:
        grid_spec = fig.add_gridspec(1, 2, width_ratios=[2.6, 1.0])
        ax = fig.add_subplot(grid_spec[0])
        key = fig.add_subplot(grid_spec[1])
        key.axis("off")
    else:
        ax = fig.add_subplot()
    for z, style, name in ((Z95, "--", t["limit95"]), (Z998, "-", t["limit998"])):
        band = z * np.sqrt(sd**2 / grid + table["tau2"].iloc[0])
        ax.plot(grid, center + band, style, color=GREY, lw=0.9, label=name)
        ax.plot(grid, center - band, style, color=GREY, lw=0.9)
    ax.axhline(
        center,
        color="#333333",
        lw=0.9,
        label=t["province"].format(value=format_number(center, 1, language)),
    )
    colour = table["position"].map({"above998": UP, "below998": DOWN}).fillna("#8c8c8c")
    ax.scatter(
        table["n"],
        table["estimate"],
        s=18,
        c=colour.tolist(),
        zorder=3,
        edgecolors="white",
        linewidths=0.4,
    )
    ax.set_xscale("log")
    ticks = [
        v
        for v in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
        if n_lo <= v <= n_hi
    ]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlim(n_lo, n_hi)
    spread = Z998 * sd / math.sqrt(n_lo)
    data_lo, data_hi = table["estimate"].min(), table["estimate"].max()
    ax.set_ylim(
        max(0, min(data_lo, center - spread) - 2), min(100, max(data_hi, center + spread) + 2)
    )
    ax.yaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlabel(t["respondents"])
    ax.set_ylabel(t["score"])
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=3, fontsize=7)
    colours = [UP if p == "above998" else DOWN for p in out["position"]]
    marks = [
        str(i) if numbered else _shorten(r.group_label, 26)
        for i, r in enumerate(out.itertuples(), 1)
    ]
    _label_points(
        ax,
        [(r.n, r.estimate, m, c) for r, m, c in zip(out.itertuples(), marks, colours, strict=True)],
        obstacles=list(zip(table["n"], table["estimate"], strict=True)),
    )
    for i, (r, c) in enumerate(zip(out.itertuples(), colours, strict=True), 1):
        if numbered:
            key.text(
                0,
                1 - (i - 1) / max(len(out), 14),
                f"{i}  {_shorten(r.group_label, 30)} ({format_number(r.estimate, 1, language)})",
                transform=key.transAxes,
                fontsize=6.5,
                color=c,
                va="top",
            )
    _save(fig, path)

    def units(rows):
        return ", ".join(
            t["alt_funnel_unit"].format(
                name=r.group_label,
                value=format_number(r.estimate, 1, language),
                n=format_number(r.n, 0, language),
            )
            for r in rows.itertuples()
        )

    above = out[out["position"] == "above998"]
    below = out[out["position"] == "below998"].sort_values("z")
    parts = ([t["alt_funnel_above"].format(units=units(above))] if len(above) else []) + (
        [t["alt_funnel_below"].format(units=units(below))] if len(below) else []
    )
    outliers = t["alt_funnel_out"].format(parts="; ".join(parts)) if parts else t["alt_funnel_none"]
    return t["alt_funnel"].format(
        n=len(table),
        year=year,
        center=format_number(center, 1, language),
        sd=format_number(sd, 1, language),
        outliers=outliers,
    )


# --------------------------------------------------------------------------- 6. forest
def _forest_rows(comparison, instrument, units, labels):
    c = comparison.copy()
    c["tested"] = as_bool(c["tested"])
    c["significant"] = as_bool(c["significant"])
    c["material"] = as_bool(c["material"])
    if units:
        rows = c[(c["group_by"] == "unit") & (c["measure"] == "index")]
        untested = int((~rows["tested"]).sum())
        rows = rows[rows["tested"] & rows["diff"].notna()]
        rows = rows.assign(name=rows["group"].map(lambda g: (labels or {}).get(g, g)))
        rows = rows.sort_values(["diff", "name"], ascending=[False, True])
        return rows, untested
    measures = ["index", *instrument.value_ids]
    rows = c[(c["group_by"] == "all") & c["measure"].isin(measures)]
    untested = int((~rows["tested"]).sum())
    rows = rows[rows["tested"] & rows["diff"].notna()].copy()
    rows["_m"] = rows["measure"].map({m: i for i, m in enumerate(measures)})
    rows = rows.sort_values("_m")
    return rows, untested


@_styled
def plot_change_forest(
    comparison: pd.DataFrame,
    instrument: Instrument,
    path: str | Path,
    *,
    year0: int,
    year1: int,
    min_meaningful_change: float = 3.0,
    alpha: float = 0.05,
    units: bool = False,
    labels: dict[str, str] | None = None,
    language: str = "id",
    confidence: float = 0.95,
) -> str:
    """Forest plot of the change ``diff`` with its CI: the province's index and values, or
    (``units=True``) each agency's index, sorted by change. Filled markers are significant
    after adjustment (``significant``), coloured ones material (``material``); ``labels`` maps
    agency codes to names."""
    t = _t(language, confidence)
    rows, untested = _forest_rows(comparison, instrument, units, labels)
    names = (
        rows["name"].map(lambda s: _shorten(s, 40)).tolist()
        if units
        else [
            t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
            for m in rows["measure"]
        ]
    )
    n = len(rows)
    row_h = 0.3 if not units else min(0.18, (MAX_HEIGHT - 1.2) / max(n, 1))
    fig = _new_figure(1.2 + row_h * max(n, 1))
    ax = fig.add_subplot()
    y = np.arange(n)
    diff, lo, hi = (rows[c].to_numpy(float) for c in ("diff", "ci_low", "ci_high"))
    colour = np.where(~rows["material"].to_numpy(), GREY, np.where(diff > 0, UP, DOWN))
    sig = rows["significant"].to_numpy()
    font = 8 if not units else max(5.5, min(7.5, row_h * 72 * 0.55))
    for i in range(n):
        ax.plot([lo[i], hi[i]], [y[i], y[i]], color=colour[i], lw=1.3, solid_capstyle="butt")
        ax.plot(
            diff[i],
            y[i],
            "o",
            ms=5.5 if not units else 4.5,
            color=colour[i],
            mfc=colour[i] if sig[i] else "white",
            mew=1.2,
            zorder=3,
        )
    mmc = float(min_meaningful_change)
    ax.axvline(0, color="#333333", lw=0.8)
    for x in (-mmc, mmc):
        ax.axvline(x, color=GREY, lw=0.7, ls=":")
    span = np.nanmax(np.abs(np.r_[lo, hi, mmc])) if n else mmc
    ax.set_xlim(-span * 1.15 - 0.5, span * 1.15 + 0.5 + span * 0.25)
    for i in range(n):
        ax.annotate(
            format_number(diff[i], 1, language, sign=True),
            (hi[i], y[i]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=font - 0.5,
            color=colour[i],
        )
    ax.set_yticks(y, names, fontsize=font)
    ax.set_ylim(n - 0.5, -0.5) if n else ax.set_ylim(0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(_formatter(1 if span < 3 else 0, language))
    ax.set_xlabel(t["diff_axis"].format(y0=year0, y1=year1))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    mmc_text = format_number(mmc, 1 if mmc % 1 else 0, language)
    handles = [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=GREY,
            mfc=GREY,
            label=t["significant"].format(alpha=format_number(alpha, 2, language)),
        ),
        Line2D([], [], ls="none", marker="o", color=GREY, mfc="white", label=t["not_significant"]),
        Patch(color=UP, label=t["material_up"].format(mmc=mmc_text)),
        Patch(color=DOWN, label=t["material_down"].format(mmc=mmc_text)),
        Patch(color=GREY, label=t["not_material"].format(mmc=mmc_text)),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=7, handlelength=1.2)
    _save(fig, path)

    def verdict(r):
        return (t["sig"] if r.significant else t["nonsig"]), (
            t["mat"] if r.material else t["nonmat"]
        )

    if units:
        up = int(((rows["diff"] > 0) & rows["significant"]).sum())
        down = int(((rows["diff"] < 0) & rows["significant"]).sum())
        extremes = ""
        if n:
            first, last = rows.iloc[0], rows.iloc[-1]
            extremes = t["alt_forest_extremes"].format(
                up_name=first["name"],
                up_diff=format_number(first["diff"], 1, language, sign=True),
                down_name=last["name"],
                down_diff=format_number(last["diff"], 1, language, sign=True),
            )
        return t["alt_forest_units"].format(
            n=n,
            y0=year0,
            y1=year1,
            up=up,
            down=down,
            flat=n - up - down,
            extremes=extremes,
            untested=t["alt_forest_untested"].format(n=untested) if untested else "",
        )
    parts = []
    for name, r in zip(names, rows.itertuples(), strict=True):
        s, m = verdict(r)
        parts.append(
            t["alt_forest_row"].format(
                name=name,
                diff=format_number(r.diff, 1, language, sign=True),
                low=format_number(r.ci_low, 1, language),
                high=format_number(r.ci_high, 1, language),
                sig=s,
                mat=m,
            )
        )
    return t["alt_forest"].format(y0=year0, y1=year1, rows="; ".join(parts))


# --------------------------------------------------------------------------- all figures
def pick_comparison(comparisons: dict, year: int):
    """The comparison ending in ``year`` with the latest start (year-on-year), or None.

    ``comparisons`` maps (y0, y1) (or "y0-y1") to the comparison table."""
    best = None
    for key, table in (comparisons or {}).items():
        y0, y1 = (int(v) for v in (key.split("-") if isinstance(key, str) else key))
        if y1 == int(year) and (best is None or y0 > best[0]):
            best = (y0, y1, table)
    return best


def write_figures(
    estimates: pd.DataFrame,
    comparisons: dict,
    item_distribution: pd.DataFrame | None,
    year: int,
    config: dict,
    instrument: Instrument,
    outdir: str | Path,
    *,
    sd: float | None = None,
) -> dict[str, dict[str, str]]:
    """Write every figure of the report for ``year`` into ``outdir`` and return the manifest
    ``{name: {"file", "alt", "caption"}}`` (``file`` is the path written).

    Comparison figures are left out when no comparison ends in ``year`` (the first survey
    year), the item figure when ``item_distribution`` is None. ``sd`` (the funnel's respondent
    SD) defaults to :func:`respondent_sd` of the province's index.
    """
    year = int(year)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    language = config.get("report", {}).get("language", "id")
    confidence = float(config.get("estimation", {}).get("confidence", 0.95))
    t = _t(language, confidence)
    bands = config["bands"]
    sehat = max(b["min"] for b in bands)
    manifest: dict[str, dict[str, str]] = {}

    def add(name, alt, caption):
        manifest[name] = {"file": str(outdir / f"{name}.svg"), "alt": alt, "caption": caption}

    est = estimates[estimates["year"].astype(int) <= year]
    add(
        "index_trend",
        plot_index_trend(
            est,
            outdir / "index_trend.svg",
            bands=bands,
            targets=config.get("targets"),
            published=config.get("report", {}).get("published_index"),
            until=year,
            language=language,
            confidence=confidence,
        ),
        t["cap_index_trend"],
    )
    add(
        "values",
        plot_values(
            est,
            instrument,
            year,
            outdir / "values.svg",
            bands=bands,
            language=language,
            confidence=confidence,
        ),
        t["cap_values"],
    )
    if item_distribution is not None and len(item_distribution):
        add(
            "item_diverging",
            plot_item_diverging(
                item_distribution,
                instrument,
                year,
                outdir / "item_diverging.svg",
                language=language,
                confidence=confidence,
            ),
            t["cap_item_diverging"].format(year=year),
        )
    units = _rows(est, year=year, group_by="unit", measure="index")
    if len(units):
        add(
            "unit_heatmap",
            plot_unit_heatmap(
                est,
                instrument,
                year,
                outdir / "unit_heatmap.svg",
                center=sehat,
                language=language,
                confidence=confidence,
            ),
            t["cap_unit_heatmap"].format(year=year),
        )
    if len(_published(units)):
        spread = respondent_sd(est, year) if sd is None else float(sd)
        add(
            "unit_funnel",
            plot_unit_funnel(
                est,
                year,
                spread,
                outdir / "unit_funnel.svg",
                language=language,
                confidence=confidence,
            ),
            t["cap_unit_funnel"].format(year=year),
        )
    picked = pick_comparison(comparisons, year)
    if picked is not None:
        y0, y1, table = picked
        settings = config.get("comparison", {})
        common = {
            "year0": y0,
            "year1": y1,
            "language": language,
            "min_meaningful_change": settings.get("min_meaningful_change", 3.0),
            "alpha": settings.get("alpha", 0.05),
        }
        add(
            "change_forest",
            plot_change_forest(table, instrument, outdir / "change_forest.svg", **common),
            t["cap_change_forest"].format(y0=y0, y1=y1),
        )
        labels = dict(zip(units["group"], units["group_label"].fillna(units["group"]), strict=True))
        unit_rows = table[(table["group_by"] == "unit") & (table["measure"] == "index")]
        if len(unit_rows):
            add(
                "change_forest_units",
                plot_change_forest(
                    table,
                    instrument,
                    outdir / "change_forest_units.svg",
                    units=True,
                    labels=labels,
                    **common,
                ),
                t["cap_change_forest_units"].format(y0=y0, y1=y1),
            )
    return manifest

"""The one formatter of the project: numbers, percents, intervals, p-values, probabilities
and dates as people read them, in Bahasa Indonesia (76,3; 4.300.000) or English (76.3).

Numbers are rounded half away from zero on their decimal digits (:mod:`budaya_kerja.rounding`,
the same rule the statistics use to decide categories), negatives carry the typographic minus.
"""

from __future__ import annotations

import datetime as dt
import math

from budaya_kerja.rounding import round_half_up
from budaya_kerja.text.catalog import catalog, code_of

__all__ = [
    "DASH", "MINUS", "SCORE_RANGE", "format_date", "format_interval", "format_number",
    "format_p", "format_percent", "format_probability", "format_score_interval", "join",
    "level_text", "named", "points",
]  # fmt: skip

DASH = "—"
MINUS = "−"  # U+2212: a typographic minus, not a hyphen
SCORE_RANGE = (0.0, 100.0)  # every score (index, value, behaviour) lives on 0-100
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (thousands, decimal point)


def _common(language) -> dict:
    return catalog(code_of(language))["common"]


def format_number(x, decimals: int = 1, language: str = "id", *, sign: bool = False) -> str:
    """A number for print: ``76,3`` and ``4.300.000`` (id) or ``76.3`` and ``4,300,000`` (en).

    Rounds half away from zero on the decimal digits people read (76,25 -> 76,3, which binary
    ``format`` would print as 76,2); a result that rounds to zero carries no sign; negatives
    use the typographic minus; ``sign=True`` prefixes ``+`` to positive numbers; NaN, None and
    non-numbers give an em dash.

    >>> format_number(76.25), format_number(4300000, 0), format_number(-2.04, 1, "en")
    ('76,3', '4.300.000', '−2.0')
    """
    try:
        value = float(x)
    except (TypeError, ValueError):
        return DASH
    if not math.isfinite(value):
        return DASH
    thousands, point = _SEPARATORS[code_of(language)]
    q = round_half_up(value, decimals)
    negative, positive = q < 0, q > 0
    text = f"{abs(q):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", point).replace("\0", thousands)
    return (MINUS if negative else "+" if sign and positive else "") + text


def format_percent(x, decimals: int = 1, language: str = "id") -> str:
    """``78,2%``; the em dash for a missing share."""
    text = format_number(x, decimals, language)
    return text if text == DASH else text + "%"


def level_text(confidence: float, language: str = "id") -> str:
    """An interval level as printed: 0.95 -> ``95%``, 0.975 -> ``97,5%``."""
    pct = 100 * float(confidence)
    return format_percent(pct, 0 if float(pct).is_integer() else 1, language)


def format_interval(low, high, decimals: int = 1, language: str = "id") -> str:
    """``75,9–76,7``; with a negative bound ``−0,5 s.d. 1,2`` (a dash would read as minus)."""
    a, b = format_number(low, decimals, language), format_number(high, decimals, language)
    if DASH in (a, b):
        return DASH
    negative = a.startswith(MINUS) or b.startswith(MINUS)
    return f"{a} {_common(language)['to']} {b}" if negative else f"{a}–{b}"


def format_score_interval(low, high, decimals: int = 1, language: str = "id") -> str:
    """A score's interval as printed, its bounds clipped to :data:`SCORE_RANGE`: the t
    interval of a mean near the top of the scale from a small group can reach past it, and
    no score can. Only the print is clipped (the tables keep the computed bounds); the
    methods say so.

    >>> format_score_interval(92.94, 100.63)
    '92,9–100,0'
    """

    def clipped(x):
        if x is None or not math.isfinite(float(x)):
            return x
        return min(SCORE_RANGE[1], max(SCORE_RANGE[0], float(x)))

    return format_interval(clipped(low), clipped(high), decimals, language)


def format_p(p, language: str = "id") -> str:
    """``< 0,001`` or ``= 0,012`` (for 'p terkoreksi …'); em dash when missing."""
    if p is None or not math.isfinite(float(p)):
        return DASH
    if p < 0.001:
        return "< " + format_number(0.001, 3, language)
    return "= " + format_number(p, 3 if p < 0.1 else 2, language)


def format_probability(p, language: str = "id") -> str:
    """A probability as a whole percent, with '< 1%' / '> 99%' rather than a false 0% or 100%."""
    if p is None or not math.isfinite(float(p)):
        return DASH
    if p < 0.005:
        return "< " + format_percent(1, 0, language)
    if p > 0.995:
        return "> " + format_percent(99, 0, language)
    return format_percent(100 * p, 0, language)


def format_date(iso: str, language: str = "id") -> str:
    """'2026-01-01' -> '1 Januari 2026' (id) or '1 January 2026' (en)."""
    day = dt.date.fromisoformat(str(iso)[:10])
    return f"{day.day} {_common(language)['months'][day.month - 1]} {day.year}"


def points(x, language: str = "id") -> str:
    """A threshold in points: '3' rather than '3,0', '2,5' as is."""
    return format_number(x, 0 if float(x) == round(float(x)) else 1, language)


def join(names: list, language: str = "id") -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {_common(language)['and']} " + names[-1]


def named(name: str, value, language: str = "id", sign: bool = False) -> str:
    """'Dinas Sosial (66,5)'; with ``sign`` 'Harmonis (−2,0)'."""
    return f"{name} ({format_number(value, 1, language, sign=sign)})"

"""Wording and number formatting: every word the report and figures print, in id and en.

The wording lives in ``id.yaml`` and ``en.yaml`` beside this file (sections ``common``,
``report``, ``figures``, ``evaluation``); :func:`wording` loads one section with the
interval level (``{ci_level}``, e.g. "95%") filled in. :mod:`budaya_kerja.text.format` holds the
one formatter for numbers, percents, intervals, probabilities and dates.
"""

from __future__ import annotations

import functools

from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.text.catalog import LANGUAGES, catalog, code_of
from budaya_kerja.text.format import (
    DASH,
    MINUS,
    SCORE_RANGE,
    format_date,
    format_interval,
    format_number,
    format_p,
    format_percent,
    format_probability,
    format_score_interval,
    join,
    level_text,
    named,
    points,
)

__all__ = [
    "DASH", "LANGUAGES", "MINUS", "SCORE_RANGE", "Words", "format_date", "format_interval",
    "format_number", "format_p", "format_percent", "format_probability",
    "format_score_interval", "join", "level_text", "named", "points", "wording",
]  # fmt: skip


def _fill(obj, level: str):
    if isinstance(obj, str):
        return obj.replace("{ci_level}", level)
    if isinstance(obj, dict):
        return {k: _fill(v, level) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_fill(v, level) for v in obj]
    return obj


@functools.cache
def _section(language: str, section: str, confidence: float) -> dict:
    words = catalog(language)
    return _fill({**words["common"], **words[section]}, level_text(confidence, language))


def wording(language: str, section: str, confidence: float = CONFIDENCE) -> dict:
    """The words of one section (``report``, ``figures``, ``evaluation``) with the ``common``
    ones, in ``language`` (id or en; anything else gives id), for intervals at ``confidence``.

    >>> wording("en", "figures", 0.9)["estimate_ci"]
    "This report's index (90% CI)"
    """
    return _section(code_of(language), section, float(confidence))


class Words(str):
    """A language code that carries its interval level: the report passes it where a plain
    ``"id"``/``"en"`` is expected (formatters read the code), and :meth:`texts` gives the
    section's words at that level."""

    def __new__(cls, code: str, confidence: float = CONFIDENCE):
        obj = super().__new__(cls, code_of(code))
        obj.confidence = float(confidence)
        return obj

    @property
    def code(self) -> str:
        return str.__str__(self)

    def texts(self, section: str) -> dict:
        return wording(self.code, section, self.confidence)

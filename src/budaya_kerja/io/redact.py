"""What respondents typed, made safe to publish: nothing a respondent typed reaches an output
unless it cannot identify anyone.

Two kinds of typed text are shown at all, and both through a closed gate:

- an unknown agency name (so the team can add it to units.yaml): digit runs of six or more (a
  NIP, a phone number) are withheld, and a name that is not a plausible organisation name —
  none of the configured organisation words (dinas, badan, biro, ...) and not a single
  acronym-like token such as ``BKPSDM`` — is withheld entirely (it may be a person's name);
- an invalid answer (so the agency can correct it): only a short number or scale words.

Everything else (NIPs, names, golongan, jabatan, free text) is never echoed at all.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["DIGITS", "MAX_NAME", "WITHHELD", "echo_answers", "redact_agencies", "redact_agency"]

WITHHELD = "(disembunyikan)"
DIGITS = "[angka disembunyikan]"
MAX_NAME = 80  # longer "agency names" are sentences, not names
_LONG_DIGITS = re.compile(r"\d{6,}")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,11}(?:[-/.][A-Z0-9]{1,11}){0,2}\.?$")
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d{1,2})?$")


def redact_agency(name: str, organisation_words) -> str:
    """An unknown agency name as it may be published (see the module docstring).

    >>> redact_agency("UPT Samsat 198203212008041001", ["upt"])
    'UPT Samsat [angka disembunyikan]'
    >>> redact_agency("Budi Santoso", ["dinas"])
    '(disembunyikan)'
    """
    text = " ".join(str(name).split())
    if not text:
        return ""
    words = set(re.findall(r"[a-z]+", text.lower()))
    plausible = bool(words & {w.lower() for w in organisation_words}) or bool(
        _ACRONYM.fullmatch(text)
    )
    if not plausible or len(text) > MAX_NAME:
        return WITHHELD
    return _LONG_DIGITS.sub(DIGITS, text)


def redact_agencies(names: pd.Series, organisation_words) -> pd.Series:
    """:func:`redact_agency` for a column (each distinct name once)."""
    distinct = pd.Series(names.unique())
    safe = distinct.map(lambda n: redact_agency(n, organisation_words)).set_axis(distinct)
    return names.map(safe).astype("object")


def echo_answers(values: pd.Series, answer_words) -> pd.Series:
    """Invalid answers as they may be shown in rejected.csv: a short number ("99", "4,5",
    "-1") or only scale words ("sangat stuju" is withheld: one word is not on the scale);
    anything else may be a name or free text that slipped into an item column."""
    text = values.astype("string").fillna("")
    number = text.str.strip().str.fullmatch(_NUMBER.pattern).fillna(False)
    vocabulary = {w.lower() for w in answer_words}
    words = text.str.lower().str.findall(r"[^\W\d_]+")
    only_scale_words = words.map(lambda w: bool(w) and set(w) <= vocabulary).astype(bool)
    closed = text.str.fullmatch(r"[\w ,.\-]{1,30}").fillna(False)  # no other signs
    show = (number | (only_scale_words & closed)) & ~text.str.contains("_", regex=False)
    return text.where(show, WITHHELD).astype("object")

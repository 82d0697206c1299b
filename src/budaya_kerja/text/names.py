"""The values' and bands' names in the language of a report.

The config names the values and the index categories in Bahasa Indonesia (``Berorientasi
Pelayanan``, ``Sehat``); a report in another language prints them translated, with the
Indonesian in brackets, ``Service-oriented (Berorientasi Pelayanan)``, ``Healthy (Sehat)``
(section ``names`` of the locale file). :func:`in_language` gives the config a report of one
language is built from; :func:`translate_categories` the tables' category columns to match.
"""

from __future__ import annotations

import copy

import pandas as pd

from budaya_kerja.text.catalog import catalog, code_of

__all__ = ["in_language", "translate", "translate_categories"]


def translate(name: str, kind: str, language: str) -> str:
    """``name`` (a value's or band's Indonesian name; ``kind`` ``values`` or ``bands``) as a
    report in ``language`` prints it: translated with the Indonesian in brackets, or as is
    when the locale file has no translation (or the same word)."""
    names = catalog(code_of(language)).get("names", {}).get(kind, {}) or {}
    other = names.get(name)
    return f"{other} ({name})" if other and other != name else name


def in_language(config: dict, language: str) -> dict:
    """A copy of ``config`` for the report in ``language``: ``report.language`` set, the
    values' and bands' names translated (:func:`translate`). The Indonesian report's config
    differs only in ``report.language``."""
    out = copy.deepcopy(config)
    out.setdefault("report", {})["language"] = language
    for spec in out.get("instrument", {}).get("values", {}).values():
        spec["name"] = translate(spec["name"], "values", language)
    for band in out.get("bands", []):
        band["label"] = translate(band["label"], "bands", language)
    return out


def translate_categories(frame: pd.DataFrame | None, language: str) -> pd.DataFrame | None:
    """``frame`` with its category columns (``category``, ``category_low``, ...: band labels)
    translated as :func:`in_language` translates the bands."""
    if frame is None:
        return None
    columns = [c for c in frame.columns if str(c).startswith("category") and
               frame[c].dtype != bool and not pd.api.types.is_bool_dtype(frame[c])]  # fmt: skip
    if not columns:
        return frame
    out = frame.copy()
    for column in columns:
        labels = out[column].dropna().unique()
        out[column] = out[column].map(
            {v: translate(str(v), "bands", language) for v in labels}, na_action="ignore"
        )
    return out

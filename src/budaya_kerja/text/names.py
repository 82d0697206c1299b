"""Names in the report's language: the values, behaviours, categories and programmes.

The instrument and the categories are configured in Bahasa Indonesia (the official names of
SE MenPANRB 20/2021 and the ministry's bands). A report in another language prints the
translated name with the Indonesian in brackets ("Service-oriented (Berorientasi
Pelayanan)", "Healthy (Sehat)"), so a reader can match it to Indonesian documents; names
without a translation (section ``names`` of the locale file) stay as configured. The
Indonesian report prints the configured names, and programme names in the report's words
(``workshop`` -> lokakarya). Size classes (``kecil``) are data labels printed in the
report's words without brackets (``small``); the tables' stand-ins for a withheld text,
withheld digits or a blank answer (``(disembunyikan)``, ``[angka disembunyikan]``,
``(tidak diisi)``) are printed in the report's language (:func:`translate_placeholders`), the
data keep the Indonesian. Every function is keyed by the Indonesian text, so applying one
twice changes nothing: :func:`in_language` translates the config a report of one language is
built from, :func:`translate_categories` the tables' category columns, :func:`localize` and
:func:`band_label` what the report's sentences print.
"""

from __future__ import annotations

import copy
import dataclasses

import pandas as pd

from budaya_kerja.settings import Instrument
from budaya_kerja.text.catalog import catalog, code_of

__all__ = [
    "band_label", "in_language", "localize", "localize_bands", "placeholder", "programme_name",
    "size_class", "translate", "translate_categories", "translate_placeholders", "translate_table",
]  # fmt: skip


def _names(language) -> dict:
    return catalog(code_of(language)).get("names", {}) or {}


def _bracketed(translated: str | None, original: str) -> str:
    if not translated or translated == original:
        return original
    return f"{translated} ({original})"


def translate(name: str, kind: str, language: str) -> str:
    """``name`` (a value's or band's Indonesian name; ``kind`` ``values`` or ``bands``) as a
    report in ``language`` prints it: translated with the Indonesian in brackets, or as is
    when the locale file has no translation (or the same word)."""
    return _bracketed((_names(language).get(kind) or {}).get(name), name)


def band_label(label, language="id") -> str:
    """A category as printed: ``Sehat`` (id), ``Healthy (Sehat)`` (en).

    >>> band_label("Cukup Sehat", "en")
    'Fairly healthy (Cukup Sehat)'
    """
    if not isinstance(label, str):
        return label
    return translate(label, "bands", language)


def localize_bands(bands: list[dict], language="id") -> list[dict]:
    """The configured bands with their labels as printed in ``language``."""
    return [{**band, "label": band_label(band["label"], language)} for band in bands]


def in_language(config: dict, language: str) -> dict:
    """A copy of ``config`` for the report in ``language``: ``report.language`` set, the
    values' and bands' names translated (:func:`translate`). The Indonesian report's config
    differs only in ``report.language``."""
    out = copy.deepcopy(config)
    out.setdefault("report", {})["language"] = language
    for spec in out.get("instrument", {}).get("values", {}).values():
        spec["name"] = translate(spec["name"], "values", language)
    out["bands"] = localize_bands(out.get("bands", []), language)
    return out


def translate_categories(frame: pd.DataFrame | None, language: str) -> pd.DataFrame | None:
    """``frame`` with its category columns (``category``, ``category_low``, ...: band labels)
    translated as :func:`in_language` translates the bands."""
    if frame is None:
        return None
    columns = [c for c in frame.columns if str(c).startswith("category") and
               not pd.api.types.is_bool_dtype(frame[c])]  # fmt: skip
    if not columns:
        return frame
    out = frame.copy()
    for column in columns:
        labels = out[column].dropna().unique()
        out[column] = out[column].map(
            {v: band_label(v, language) for v in labels}, na_action="ignore"
        )
    return out


def localize(instrument: Instrument, language="id") -> Instrument:
    """The instrument with its value names (and, in English, its behaviour statements) as the
    report prints them; the codes, items and scale are unchanged.

    >>> inst = Instrument({"BP": ["BP1"]}, {"BP": "Berorientasi Pelayanan"}, {"BP1": "Ramah"})
    >>> localize(inst, "en").value_names["BP"]
    'Service-oriented (Berorientasi Pelayanan)'
    """
    names = _names(language)
    # Keyed by the Indonesian text, so another instrument's items are never mistranslated.
    values = {v: translate(n, "values", language) for v, n in instrument.value_names.items()}
    statements = {i: (names.get("statements") or {}).get(s) or s
                  for i, s in instrument.statements.items()}  # fmt: skip
    return dataclasses.replace(instrument, value_names=values, statements=statements)


def programme_name(name: str, language="id") -> str:
    """A programme's name in the report's words (``workshop`` is *lokakarya* in Indonesian)."""
    return (_names(language).get("programmes") or {}).get(str(name).lower(), str(name))


def size_class(name, language="id") -> str:
    """A size class of config ``evaluation.size_classes`` as the report prints it.

    >>> size_class("besar", "en"), size_class("besar", "id")
    ('large', 'besar')
    """
    return (_names(language).get("size_classes") or {}).get(str(name), str(name))


def placeholder(text, language="id"):
    """``text`` with the tables' stand-ins (``(disembunyikan)`` for a withheld text,
    ``[angka disembunyikan]`` for withheld digits, ``(tidak diisi)`` for a blank answer) in
    ``language``; anything else as it is.

    >>> placeholder("Bagian (tidak diisi)", "en")
    'Bagian (not answered)'
    """
    if not isinstance(text, str):
        return text
    for code, shown in (_names(language).get("placeholders") or {}).items():
        text = text.replace(code, shown)
    return text


def translate_placeholders(frame: pd.DataFrame | None, language: str) -> pd.DataFrame | None:
    """``frame`` with the stand-ins of :func:`placeholder` translated in its text columns."""
    if frame is None or not (_names(language).get("placeholders")):
        return frame
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            values = out[column].dropna().unique()
            mapping = {v: placeholder(v, language) for v in values if isinstance(v, str)}
            changed = {k: v for k, v in mapping.items() if k != v}
            if changed:
                out[column] = out[column].replace(changed)
    return out


def translate_table(frame: pd.DataFrame | None, language: str) -> pd.DataFrame | None:
    """A table as the report in ``language`` shows it: categories (:func:`translate_categories`)
    and stand-ins (:func:`translate_placeholders`) translated."""
    return translate_placeholders(translate_categories(frame, language), language)

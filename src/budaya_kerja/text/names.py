"""Names in the report's language: the values, behaviours, categories and programmes.

The instrument and the categories are configured in Bahasa Indonesia (the official names of
SE MenPANRB 20/2021 and the ministry's bands). An English report prints the English name with
the Indonesian in brackets ("Service-oriented (Berorientasi Pelayanan)", "Healthy (Sehat)"),
so a reader can match it to Indonesian documents; names without a translation in
``en.yaml`` (section ``names``) stay as configured. The Indonesian report prints the
configured names, and programme names in the report's words (``workshop`` -> lokakarya).
"""

from __future__ import annotations

import dataclasses

from budaya_kerja.settings import Instrument
from budaya_kerja.text.catalog import catalog, code_of

__all__ = ["band_label", "localize", "localize_bands", "programme_name"]


def _names(language) -> dict:
    return catalog(code_of(language))["names"]


def _bracketed(translated: str | None, original: str) -> str:
    if not translated or translated == original:
        return original
    return f"{translated} ({original})"


def band_label(label, language="id") -> str:
    """A category as printed: ``Sehat`` (id), ``Healthy (Sehat)`` (en).

    >>> band_label("Cukup Sehat", "en")
    'Fairly healthy (Cukup Sehat)'
    """
    if not isinstance(label, str):
        return label
    return _bracketed(_names(language)["bands"].get(label), label)


def localize_bands(bands: list[dict], language="id") -> list[dict]:
    """The configured bands with their labels as printed in ``language``."""
    return [{**band, "label": band_label(band["label"], language)} for band in bands]


def localize(instrument: Instrument, language="id") -> Instrument:
    """The instrument with its value names (and, in English, its behaviour statements) as the
    report prints them; the codes, items and scale are unchanged.

    >>> inst = Instrument({"BP": ["BP1"]}, {"BP": "Berorientasi Pelayanan"}, {"BP1": "Ramah"})
    >>> localize(inst, "en").value_names["BP"]
    'Service-oriented (Berorientasi Pelayanan)'
    """
    names = _names(language)
    # Keyed by the Indonesian text, so another instrument's items are never mistranslated.
    values = {v: _bracketed(names["values"].get(n), n) for v, n in instrument.value_names.items()}
    statements = {i: names["statements"].get(s) or s for i, s in instrument.statements.items()}
    return dataclasses.replace(instrument, value_names=values, statements=statements)


def programme_name(name: str, language="id") -> str:
    """A programme's name in the report's words (``workshop`` is *lokakarya* in Indonesian)."""
    return _names(language)["programmes"].get(str(name).lower(), str(name))

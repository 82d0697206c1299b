"""The locale files ``id.yaml`` and ``en.yaml`` (package data), read once per language."""

from __future__ import annotations

import functools
from importlib import resources

import yaml

__all__ = ["LANGUAGES", "catalog", "code_of"]

LANGUAGES = ("id", "en")


def code_of(language) -> str:
    """The plain language code of a ``str`` (or :class:`~budaya_kerja.text.Words`); id when
    unknown."""
    code = str.__str__(language) if isinstance(language, str) else "id"
    return code if code in LANGUAGES else "id"


@functools.cache
def catalog(language: str) -> dict:
    """Every section of one language's locale file."""
    text = resources.files("budaya_kerja.text").joinpath(f"{code_of(language)}.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8"))

"""Messages an analyst reads (stop messages, quarantine reasons, the run summary), in Bahasa
Indonesia or English, from the catalogs ``locale/id.yaml`` and ``locale/en.yaml``.

The language is the report's (``report.language``). The workflow passes it to every job in
the environment variable ``BUDAYA_KERJA_LANG``; :func:`set_language` overrides it (notebooks,
tests). Both catalogs hold the same keys, and every key is used (tests/test_messages.py).
"""

from __future__ import annotations

import functools
import os
from importlib import resources

import yaml

__all__ = ["ENV", "LANGUAGES", "catalog", "language", "message", "set_language"]

LANGUAGES = ("id", "en")
ENV = "BUDAYA_KERJA_LANG"
_chosen: str | None = None


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """The messages of one language: key -> text with ``{placeholders}``."""
    source = resources.files(__package__).joinpath("locale", f"{language}.yaml")
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def set_language(language: str | None) -> None:
    """Use ``language`` for every message from now on (None: back to the environment)."""
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(
            message("messages.language", languages=", ".join(LANGUAGES), language=repr(language))
        )
    _chosen = language


def language() -> str:
    """The language in force: set_language's, else $BUDAYA_KERJA_LANG, else Indonesian."""
    chosen = _chosen or os.environ.get(ENV, "")
    return chosen if chosen in LANGUAGES else LANGUAGES[0]


def message(key: str, /, **values) -> str:
    """The message ``key`` in the language in force, with ``values`` filled in."""
    return catalog(language())[key].format(**values)

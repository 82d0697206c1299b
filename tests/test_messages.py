"""The message catalogs: the same keys and placeholders in both languages, every key used."""

import re
import string

import pytest

from budaya_kerja import messages
from budaya_kerja.settings import REPO_ROOT

SOURCES = [*sorted((REPO_ROOT / "src" / "budaya_kerja").rglob("*.py")),
           *sorted((REPO_ROOT / "workflow").rglob("*.py")),
           *sorted((REPO_ROOT / "workflow" / "rules").glob("*.smk")),
           REPO_ROOT / "Snakefile"]  # fmt: skip


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    ids, ens = messages.catalog("id"), messages.catalog("en")
    assert set(ids) == set(ens)
    for key in ids:
        assert _fields(ids[key]) == _fields(ens[key]), key
        words = re.sub(r"\{[^}]*\}", "", ids[key])
        assert ids[key] != ens[key] or not re.search(r"[a-z]{4}", words), key  # translated


def test_every_key_is_used_and_every_used_key_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"message\(\s*\"([a-z_]+\.[a-z_]+)\"", path.read_text()))
    # Keys chosen by a condition are written out in full at their use too.
    used |= {m for path in SOURCES for m in re.findall(r"\"((?:summary)\.[a-z_]+)\"",
                                                       path.read_text())}  # fmt: skip
    assert used == set(messages.catalog("id"))


def test_language_follows_setting_then_environment_then_indonesian(monkeypatch):
    monkeypatch.delenv(messages.ENV, raising=False)
    assert messages.message("ingest.empty") == "berkas kosong"
    monkeypatch.setenv(messages.ENV, "en")
    assert messages.message("ingest.empty") == "the file is empty"
    messages.set_language("id")
    try:
        assert messages.message("ingest.empty") == "berkas kosong"
    finally:
        messages.set_language(None)
    with pytest.raises(ValueError):
        messages.set_language("fr")


def test_stop_messages_of_a_file_are_indonesian_by_default(tmp_path, config, instrument,
                                                           monkeypatch):  # fmt: skip
    from budaya_kerja.errors import InputFileError
    from budaya_kerja.io.ingest import read_export

    monkeypatch.delenv(messages.ENV, raising=False)
    (tmp_path / "a.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match=r"^berkas a\.csv: berkas kosong\. Cara memperbaiki"):
        read_export(tmp_path / "a.csv", config["columns"], instrument)

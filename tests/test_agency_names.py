"""An alias edit re-cleans only the years whose files hold a name it changes."""

import json
import os

from budaya_kerja.io import agency_names

UNITS = {"units": [
    {"code": "DINKES", "name": "Dinas Kesehatan", "aliases": ["Dinkes"]},
    {"code": "DISDIK", "name": "Dinas Pendidikan", "aliases": []},
]}  # fmt: skip


def _with_alias(code, alias):
    return {"units": [{**u, "aliases": [*u["aliases"], alias]} if u["code"] == code else u
                      for u in UNITS["units"]]}  # fmt: skip


def test_the_digest_changes_only_with_what_the_names_resolve_to():
    names = ["Dinas Kesehatan", "dinkes", "Dinas Pendidkan"]
    base = agency_names.names_digest(names, UNITS)
    assert agency_names.names_digest(list(reversed(names)) + names, UNITS) == base
    # An alias no name of the year uses, far from its unknown names: the same digest.
    assert agency_names.names_digest(names, _with_alias("DINKES", "RSUD Kesehatan Jiwa")) == base
    # An alias that resolves one of the year's unknown names: a new digest.
    fixed = _with_alias("DISDIK", "Dinas Pendidkan")
    assert agency_names.names_digest(names, fixed) != base
    # A name of the year that moves to another agency, or a new agency code: a new digest.
    moved = {"units": [{**UNITS["units"][0], "aliases": []},
                       {**UNITS["units"][1], "aliases": ["Dinkes"]}]}  # fmt: skip
    assert agency_names.names_digest(names, moved) != base
    more = {"units": [*UNITS["units"], {"code": "BPBD", "name": "BPBD", "aliases": []}]}
    assert agency_names.names_digest(["Dinas Kesehatan"], more) != agency_names.names_digest(
        ["Dinas Kesehatan"], UNITS
    )


def test_names_are_read_once_per_file_and_kept_private(tmp_path):
    export = tmp_path / "a.csv"
    export.write_text("x")
    calls = []

    def read():
        calls.append(1)
        return ["Dinkes", "Dinkes", "Dinas Pendidikan"]

    cache = tmp_path / "cache"
    assert agency_names.cached_names(export, read, "s", cache) == ["Dinas Pendidikan", "Dinkes"]
    assert agency_names.cached_names(export, read, "s", cache) == ["Dinas Pendidikan", "Dinkes"]
    assert len(calls) == 1
    (entry,) = cache.iterdir()
    assert json.loads(entry.read_text()) == ["Dinas Pendidikan", "Dinkes"]
    assert os.stat(entry).st_mode & 0o077 == 0  # the owner's only
    agency_names.cached_names(export, read, "other settings", cache)
    export.write_text("changed file")
    agency_names.cached_names(export, read, "s", cache)
    assert len(calls) == 3


def test_an_unreadable_file_falls_back_to_the_whole_units_file(tmp_path):
    from budaya_kerja.errors import BudayaKerjaError

    def broken():
        raise BudayaKerjaError("no header")

    export = tmp_path / "a.csv"
    export.write_text("x")
    assert agency_names.year_digest({str(export): broken}, UNITS, "s", "WHOLE",
                                    tmp_path / "c") == "WHOLE"  # fmt: skip

"""The agencies (units.yaml): read and validate them, and match typed agency names to codes.

Unit codes name files (``rejected-per-unit/<code>.csv``) and table keys, so a code is checked
before any path is built from it: letters, digits, ``-`` and ``_``, starting with a letter or
digit, unique even where the file system ignores case. Names and aliases are unique across
units after the matcher's normalisation, so no spelling can silently go to two agencies.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.ingest import normalise_header
from budaya_kerja.messages import message

__all__ = ["CODE", "NO_UNIT", "TOP_KEYS", "UNIT_KEYS", "UnitMatcher", "check_units", "load_units"]

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
NO_UNIT = "tanpa-unit"  # the rejected-per-unit file of rows without a known agency
TOP_KEYS = ("units", "suffixes")
UNIT_KEYS = ("code", "name", "aliases")


class UnitMatcher:
    """Agency names -> unit codes through units.yaml (code, name, aliases, suffixes)."""

    def __init__(self, units: dict):
        self.suffixes = sorted((normalise_header(s) for s in units.get("suffixes", [])),
                               key=len, reverse=True)  # fmt: skip
        self.lookup: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for unit in units["units"]:
            self.labels[unit["code"]] = unit["name"]
            for name in [unit["code"], unit["name"], *unit.get("aliases", [])]:
                self.lookup[self.key(name)] = unit["code"]

    def key(self, name: str) -> str:
        """A name as the matcher compares it: normalised, known suffixes removed."""
        key = normalise_header(name)
        for suffix in self.suffixes:
            if key.endswith(" " + suffix):
                key = key[: -len(suffix) - 1].strip()
        return key

    @property
    def spellings(self) -> list[str]:
        """Every known spelling (codes, names, aliases, normalised) and suffix: the words an
        unknown agency name may be shown with (:mod:`budaya_kerja.io.redact`)."""
        return [*self.lookup, *self.suffixes]

    def match(self, names: pd.Series) -> pd.Series:
        """Unit code per name (<NA> when unknown); only distinct names are processed."""
        distinct = pd.Series(names.unique())
        codes = distinct.map(lambda n: self.lookup.get(self.key(n))).set_axis(distinct)
        return names.map(codes).astype("string")

    def nearest(self, name: str, n: int = 3) -> list[str]:
        """The official names of the agencies whose spellings are closest to ``name``."""
        keys = difflib.get_close_matches(self.key(name), list(self.lookup), n=n, cutoff=0.5)
        return list(dict.fromkeys(self.labels[self.lookup[k]] for k in keys))


def _stop(source, problem: str, fix: str) -> BudayaKerjaError:
    return BudayaKerjaError(message("units.invalid", source=source, problem=problem, fix=fix))


def check_units(units, source: str = "units.yaml") -> dict:
    """Validate a units mapping (see the module docstring); returns it unchanged."""
    if not isinstance(units, dict) or not units.get("units"):
        raise _stop(source, message("units.none"), message("units.none_fix"))
    for key in units:
        if key not in TOP_KEYS:
            near = difflib.get_close_matches(str(key), TOP_KEYS, n=1, cutoff=0.6)
            hint = message("config.did_you_mean", key=near[0]) if near else ""
            raise _stop(source, message("units.unknown_key", key=key, hint=hint),
                        message("units.unknown_key_fix", keys=", ".join(TOP_KEYS)))  # fmt: skip
    suffixes = units.get("suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(s, str) for s in suffixes):
        raise _stop(source, message("units.suffixes"), message("units.suffixes_fix"))
    if not isinstance(units["units"], list):
        raise _stop(source, message("units.none"), message("units.none_fix"))
    codes: dict[str, str] = {}
    for i, unit in enumerate(units["units"], 1):
        if not isinstance(unit, dict) or not {"code", "name"} <= set(unit):
            raise _stop(source, message("units.entry", n=i), message("units.entry_fix"))
        for key in unit:
            if key not in UNIT_KEYS:
                near = difflib.get_close_matches(str(key), UNIT_KEYS, n=1, cutoff=0.6)
                hint = message("config.did_you_mean", key=near[0]) if near else ""
                raise _stop(source, message("units.unit_key", n=i, key=key, hint=hint),
                            message("units.unknown_key_fix", keys=", ".join(UNIT_KEYS)))  # fmt: skip
        code, name, aliases = unit["code"], unit["name"], unit.get("aliases") or []
        if not isinstance(code, str) or not CODE.fullmatch(code) or code.lower() == NO_UNIT:
            raise _stop(source, message("units.code", n=i, code=code, reserved=NO_UNIT),
                        message("units.code_fix"))  # fmt: skip
        if code.lower() in codes:
            raise _stop(source, message("units.code_twice", code=code, other=codes[code.lower()]),
                        message("units.code_twice_fix"))  # fmt: skip
        codes[code.lower()] = code
        if (
            not isinstance(name, str)
            or not isinstance(aliases, list)
            or not all(isinstance(a, str) for a in aliases)
        ):
            raise _stop(source, message("units.entry", n=i), message("units.entry_fix"))
    matcher = UnitMatcher({"units": [], "suffixes": suffixes})
    owner: dict[str, str] = {}
    for unit in units["units"]:
        for spelling in [unit["code"], unit["name"], *(unit.get("aliases") or [])]:
            key = matcher.key(spelling)
            if not key:
                raise _stop(source, message("units.alias_empty", code=unit["code"], alias=spelling),
                            message("units.alias_empty_fix"))  # fmt: skip
            if owner.get(key, unit["code"]) != unit["code"]:
                raise _stop(source, message("units.alias_twice", alias=spelling,
                                            code=unit["code"], other=owner[key]),
                            message("units.alias_twice_fix"))  # fmt: skip
            owner[key] = unit["code"]
    return units


def load_units(path: str | Path) -> dict:
    """Read and validate units.yaml: {'units': [{code, name, aliases}], 'suffixes': [...]}."""
    with open(path, encoding="utf-8") as fh:
        units = yaml.safe_load(fh)
    return check_units(units, str(path))

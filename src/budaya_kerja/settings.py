"""Configuration: load config.yaml with the schema's defaults, and read the instrument from it.

Configuration enters the package's functions as plain arguments; this module only turns the
YAML into those arguments, so notebooks and tests load settings exactly as the workflow does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "config" / "config.yaml"
# Schemas (and the report's templates) are package data, so an installed package finds them.
SCHEMAS = resources.files("budaya_kerja").joinpath("schemas")
CONFIG_SCHEMA = SCHEMAS.joinpath("config.schema.yaml")


@dataclass(frozen=True)
class Instrument:
    """The seven values, their items and names, and the answer scale."""

    values: dict[str, list[str]]  # value id -> item ids, in questionnaire order
    value_names: dict[str, str]
    statements: dict[str, str]  # item id -> behaviour statement
    scale_min: int = 1
    scale_max: int = 5
    conversion: str = "linear"
    positive_min: int = 4

    @property
    def items(self) -> list[str]:
        return [item for items in self.values.values() for item in items]

    @property
    def value_ids(self) -> list[str]:
        return list(self.values)

    @classmethod
    def from_config(cls, config: dict) -> Instrument:
        values = config["instrument"]["values"]
        scale = config["scale"]
        return cls(
            values={v: list(spec["items"]) for v, spec in values.items()},
            value_names={v: spec["name"] for v, spec in values.items()},
            statements={i: s for spec in values.values() for i, s in spec["items"].items()},
            scale_min=int(scale["min"]),
            scale_max=int(scale["max"]),
            conversion=scale["conversion"],
            positive_min=int(scale["positive_min"]),
        )


def _set_defaults(instance: dict, schema: dict) -> None:
    """Fill absent keys with the schema's defaults, recursing into nested objects."""
    for key, sub in schema.get("properties", {}).items():
        if key not in instance and "default" in sub:
            instance[key] = yaml.safe_load(yaml.safe_dump(sub["default"]))
        if isinstance(instance.get(key), dict) and sub.get("type") == "object":
            _set_defaults(instance[key], sub)


def _schema_keys(schema: dict, path: tuple = ()) -> list[tuple[str, ...]]:
    """Every key path the schema names, e.g. ('estimation', 'min_group_size')."""
    found = []
    for key, sub in schema.get("properties", {}).items():
        found.append((*path, key))
        found += _schema_keys(sub, (*path, key))
    return found


def nearest_key(key: str, here: list[str], everywhere: list[tuple[str, ...]]) -> str | None:
    """The valid key closest to a mistyped one: at the same level, else anywhere (dotted)."""
    close = difflib.get_close_matches(str(key), here, n=1, cutoff=0.6)
    if close:
        return close[0]
    names = {path[-1]: ".".join(path) for path in reversed(everywhere)}
    close = difflib.get_close_matches(str(key), list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def unknown_keys(config, schema: dict, root: dict | None = None, path: tuple = ()) -> list[tuple]:
    """(path, key, nearest valid key) for each key the schema does not allow
    (``additionalProperties: false``), at every level; arrays are checked item by item."""
    root = root or schema
    found = []
    if isinstance(config, dict):
        allowed = schema.get("properties", {})
        for key, value in config.items():
            if key in allowed:
                found += unknown_keys(value, allowed[key], root, (*path, key))
            elif schema.get("additionalProperties") is False:
                found.append((path, key, nearest_key(key, list(allowed), _schema_keys(root))))
            elif isinstance(schema.get("additionalProperties"), dict):
                found += unknown_keys(value, schema["additionalProperties"], root, (*path, key))
    elif isinstance(config, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(config):
            found += unknown_keys(item, schema["items"], root, (*path, i))
    return found


def check_config(config: dict, source: str, schema_path=CONFIG_SCHEMA) -> dict:
    """Fill the schema's defaults into ``config`` (in place) and validate it strictly: an
    unknown key stops with the nearest valid key named, a wrong value with its path."""
    import jsonschema

    schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    for path, key, nearest in unknown_keys(config, schema):
        where = "/".join(str(p) for p in path) or message("config.top_level")
        hint = message("config.did_you_mean", key=nearest) if nearest else ""
        raise BudayaKerjaError(
            message("config.unknown_key", source=source, key=key, where=where, hint=hint)
        )
    _set_defaults(config, schema)
    try:
        jsonschema.validate(config, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or message("config.top_level")
        raise BudayaKerjaError(
            message("config.invalid", source=source, where=where, problem=exc.message)
        ) from None
    return config


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """Read a config file, apply ``overrides`` (top-level keys), fill defaults and validate."""
    path = Path(path) if path else DEFAULT_CONFIG
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    config.update(overrides or {})
    return check_config(config, str(path))

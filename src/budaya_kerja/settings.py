"""Configuration: load config.yaml with the schema's defaults, and read the instrument from it.

Configuration enters the package's functions as plain arguments; this module only turns the
YAML into those arguments, so notebooks and tests load settings exactly as the workflow does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BudayaKerjaError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "config" / "config.yaml"
CONFIG_SCHEMA = REPO_ROOT / "workflow" / "schemas" / "config.schema.yaml"


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


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """Read a config file, apply ``overrides`` (top-level keys), fill defaults and validate."""
    import jsonschema

    path = Path(path) if path else DEFAULT_CONFIG
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    config.update(overrides or {})
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    _set_defaults(config, schema)
    try:
        jsonschema.validate(config, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise BudayaKerjaError(f"config {path}, key {where}: {exc.message}") from None
    return config


def load_units(path: str | Path) -> dict:
    """Read units.yaml: {'units': [{code, name, aliases}], 'suffixes': [...]}."""
    with open(path, encoding="utf-8") as fh:
        units = yaml.safe_load(fh)
    if not units or not units.get("units"):
        raise BudayaKerjaError(f"units file {path} lists no units; see config/README.md")
    return units

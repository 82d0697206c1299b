"""Configuration: load config.yaml with the schema's defaults, and read the instrument from it.

Configuration enters the package's functions as plain arguments; this module only turns the
YAML into those arguments, so notebooks and tests load settings exactly as the workflow does.

Two files make a project's configuration: the repo's ``config/config.yaml`` and, optionally,
a ``config/config.yaml`` in the working directory. Each top-level key of the local file
*replaces* the repo's key whole (:func:`layer`): a local ``instrument`` is the whole
instrument, local ``bands`` all the bands, a local ``estimation`` the whole section (its keys
not written take the schema's defaults, not the repo's values). Keys the local file does not
name stay the repo's.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

__all__ = [
    "CONFIDENCE", "CONFIG_SCHEMA", "DEFAULT_CONFIG", "LOCAL_CONFIG", "REPO_ROOT",
    "RESERVED_COLUMNS", "Instrument", "age_band_labels", "check_config", "group_order", "layer",
    "load_config", "project_config", "schema_default", "schema_problem",
]  # fmt: skip

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "config" / "config.yaml"
LOCAL_CONFIG = Path("config") / "config.yaml"  # relative to the working directory
# Schemas (and the report's templates) are package data, so an installed package finds them.
SCHEMAS = resources.files("budaya_kerja").joinpath("schemas")
CONFIG_SCHEMA = SCHEMAS.joinpath("config.schema.yaml")


@functools.cache
def _config_schema() -> dict:
    return yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))


def schema_default(*keys: str):
    """The default the config schema gives a setting, e.g. ``("estimation", "confidence")``:
    the one place a setting's default is written (the pipeline reads the validated config).

    >>> schema_default("estimation", "min_group_size")
    10
    """
    node = _config_schema()
    for key in keys:
        node = node["properties"][key]
    return node["default"]


# The interval level of functions called outside the pipeline (the API, notebooks, tests),
# which has no config to read: the schema's default.
CONFIDENCE: float = schema_default("estimation", "confidence")


# Columns the pipeline's tables already use: no value or item may be called so.
RESERVED_COLUMNS = frozenset({
    "respondent", "year", "unit", "nip", "nama", "waktu", "waktu_mulai", "saran", "usia",
    "jenis_kelamin", "status_kepegawaian", "golongan", "jenis_jabatan", "kelompok_usia",
    "n_answered", "index", "weight", "stratum", "stratum_N", "excluded", "file", "row",
})  # fmt: skip


@dataclass(frozen=True)
class Instrument:
    """The values, their items and names, which items are reverse-keyed, and the scale.

    A reverse-keyed item (``reverse: true`` in the config, a negatively worded statement) is
    scored as ``scale_min + scale_max - x`` when the exports are cleaned, before anything
    else: every table downstream (scores, estimates, percent positive, reliability, CFA,
    item distributions) sees it in the scored direction, where higher is more favourable.
    """

    values: dict[str, list[str]]  # value id -> item ids, in questionnaire order
    value_names: dict[str, str]
    statements: dict[str, str]  # item id -> behaviour statement
    scale_min: int = 1
    scale_max: int = 5
    conversion: str = "linear"
    positive_min: int = 4
    reverse: tuple[str, ...] = ()  # reverse-keyed item ids

    @property
    def items(self) -> list[str]:
        return [item for items in self.values.values() for item in items]

    @property
    def value_ids(self) -> list[str]:
        return list(self.values)

    @classmethod
    def from_config(cls, config: dict) -> Instrument:
        """The instrument of a config: an item is ``code: statement`` or
        ``code: {statement: ..., reverse: true}``."""
        values = config["instrument"]["values"]
        scale = config["scale"]
        items = {i: _item_spec(spec) for v in values.values() for i, spec in v["items"].items()}
        return cls(
            values={v: [str(i) for i in spec["items"]] for v, spec in values.items()},
            value_names={v: spec["name"] for v, spec in values.items()},
            statements={str(i): spec["statement"] for i, spec in items.items()},
            scale_min=int(scale["min"]),
            scale_max=int(scale["max"]),
            conversion=scale["conversion"],
            positive_min=int(scale["positive_min"]),
            reverse=tuple(str(i) for i, spec in items.items() if spec.get("reverse")),
        )


def _item_spec(spec) -> dict:
    return spec if isinstance(spec, dict) else {"statement": spec, "reverse": False}


def age_band_labels(bounds: list[int]) -> list[str]:
    """The age groups of lower bounds ``[18, 30, 40, 50]``, youngest first: ``['<30',
    '30–39', '40–49', '50+']``."""
    inner = [f"{a}–{b - 1}" for a, b in zip(bounds[1:-1], bounds[2:], strict=True)]
    return [f"<{bounds[1]}", *inner, f"{bounds[-1]}+"]


def group_order(config: dict) -> dict[str, list[str]]:
    """The order the groups of each demographic breakdown are listed in, in every table and
    figure: age groups youngest first, the other fields in the order ``demographics`` names
    their values (position types by level: JPT, Administrator, ... Pelaksana)."""
    demographics = config.get("demographics", {})
    order = {
        field: list(dict.fromkeys(str(v) for v in mapping.values()))
        for field, mapping in demographics.items()
        if isinstance(mapping, dict)
    }
    order["kelompok_usia"] = age_band_labels(demographics.get("age_bands", [18, 30, 40, 50]))
    return order


def check_instrument(config: dict, source: str) -> None:
    """Item and value ids become column names: unique (ignoring case, as exports are matched
    ignoring case), and none of the tables' own columns (:data:`RESERVED_COLUMNS`)."""
    seen: dict[str, str] = {}
    for value, spec in config["instrument"]["values"].items():
        for name in [value, *spec["items"]]:
            name = str(name)
            taken = name in RESERVED_COLUMNS or name.startswith(("pos_", "flag_", "_"))
            if taken or name.lower() in seen:
                problem = (message("config.id_reserved", name=name) if taken else
                           message("config.id_twice", name=name, other=seen[name.lower()]))  # fmt: skip
                raise BudayaKerjaError(
                    message("config.invalid", source=source, where="instrument/values",
                            problem=problem)
                )  # fmt: skip
            seen[name.lower()] = name
    scale = config["scale"]
    if not scale["min"] < scale["max"] or not scale["min"] <= scale["positive_min"] <= scale["max"]:
        raise BudayaKerjaError(message("config.invalid", source=source, where="scale",
                                       problem=message("config.scale_order")))  # fmt: skip


# jsonschema's own wording of the common violations, in the language in force.
_SCHEMA_MESSAGES = {
    "type": "schema.type", "enum": "schema.enum", "minimum": "schema.minimum",
    "maximum": "schema.maximum", "exclusiveMinimum": "schema.exclusive_minimum",
    "exclusiveMaximum": "schema.exclusive_maximum", "pattern": "schema.pattern",
    "minItems": "schema.min_items", "maxItems": "schema.max_items",
    "minLength": "schema.min_length", "minProperties": "schema.min_properties",
    "uniqueItems": "schema.unique_items", "oneOf": "schema.one_of", "anyOf": "schema.one_of",
}  # fmt: skip


def schema_problem(error) -> str:
    """What a ``jsonschema.ValidationError`` says, in the language in force (jsonschema's
    English text for the rarer validators)."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind in _SCHEMA_MESSAGES:
        return message(_SCHEMA_MESSAGES[kind], value=repr(instance), expected=repr(expected))
    if kind == "required" and isinstance(instance, dict):
        absent = [name for name in expected if name not in instance]
        return message("schema.required", name=repr(absent[0] if absent else expected))
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        return message("schema.additional", names=sorted(k for k in instance if k not in known))
    return error.message


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


def _languages(config: dict, source: str) -> None:
    """``report.language`` (one language, the older form) still works: it means
    ``languages: [<it>]``; with both written, the one language must be among the list."""
    report = config.get("report")
    if not isinstance(report, dict) or "language" not in report:
        return
    if "languages" not in report:
        report["languages"] = [report["language"]]
    elif report["language"] not in (report["languages"] or []):
        raise BudayaKerjaError(
            message("config.invalid", source=source, where="report",
                    problem=message("config.language_twice", language=report["language"],
                                    languages=report["languages"]))
        )  # fmt: skip


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
    _languages(config, source)
    _set_defaults(config, schema)
    config["report"].setdefault("language", config["report"]["languages"][0])
    try:
        jsonschema.validate(config, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or message("config.top_level")
        raise BudayaKerjaError(
            message("config.invalid", source=source, where=where, problem=schema_problem(exc))
        ) from None
    check_instrument(config, source)
    return config


def layer(base: dict, local: dict | None) -> dict:
    """The configuration of a project: ``base`` (the repo's file) with every top-level key
    of ``local`` (the working directory's file) replacing the base's key whole.

    >>> layer({"bands": [{"min": 0}], "scale": {"min": 1, "max": 5}}, {"scale": {"max": 6}})
    {'bands': [{'min': 0}], 'scale': {'max': 6}}
    """
    return {**base, **(local or {})}


def _read_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BudayaKerjaError(message("config.unreadable", source=str(path), detail=exc)) from None
    if not isinstance(data, dict):
        raise BudayaKerjaError(message("config.invalid", source=str(path),
                                       where=message("config.top_level"),
                                       problem=message("config.not_mapping")))  # fmt: skip
    return data


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """Read a config file, apply ``overrides`` (top-level keys replace, as :func:`layer`),
    fill defaults and validate."""
    if path is None and not DEFAULT_CONFIG.is_file():
        raise BudayaKerjaError(message("config.no_repo", local=LOCAL_CONFIG))
    path = Path(path) if path else DEFAULT_CONFIG
    return check_config(layer(_read_yaml(path), overrides), str(path))


def project_config(root: str | Path | None = None) -> dict:
    """The configuration the workflow uses in the directory ``root`` (default: the working
    directory): the repo's config layered with ``root/config/config.yaml`` when present
    (:func:`layer`), defaults filled and validated. A package installed outside its checkout
    has no repo config: the project's own ``config/config.yaml`` is then the whole config."""
    local = Path(root or ".") / LOCAL_CONFIG
    if not DEFAULT_CONFIG.is_file() and local.is_file():
        # An installed package, outside its checkout: the project's own file is the config.
        return load_config(local)
    if not local.is_file() or local.resolve() == DEFAULT_CONFIG.resolve():
        return load_config()
    source = f"{DEFAULT_CONFIG} + {local}"
    return check_config(layer(_read_yaml(DEFAULT_CONFIG), _read_yaml(local)), source)

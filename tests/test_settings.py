"""Strict configuration: an unknown key at any level stops, naming the nearest valid key."""

import ast
import copy

import pytest
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import (
    CONFIDENCE,
    CONFIG_SCHEMA,
    DEFAULT_CONFIG,
    REPO_ROOT,
    check_config,
    load_config,
    schema_default,
    unknown_keys,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def raw_config():
    return yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def test_the_shipped_config_is_valid_and_gets_the_new_defaults():
    config = load_config()
    assert config["quality"]["max_rejected_share"] == 0.05 and config["demo"] == "auto"
    assert "dinas" in config["privacy"]["organisation_words"]


@pytest.mark.parametrize("edit,expected", [
    (lambda c: c.update(estimaton=c.pop("estimation")),
     r"unknown key 'estimaton' under \(top level\); did you mean 'estimation'\?"),
    (lambda c: c.update(min_grup_size=10),
     r"unknown key 'min_grup_size' under \(top level\); did you mean 'estimation\.min_group_size'"),
    (lambda c: c["estimation"].update(min_grup_size=c["estimation"].pop("min_group_size")),
     r"unknown key 'min_grup_size' under estimation; did you mean 'min_group_size'\?"),
    (lambda c: c["quality"].update(exclude_speeder=True),
     r"unknown key 'exclude_speeder' under quality; did you mean 'exclude_speeders'\?"),
    (lambda c: c["bands"][0].update(lable="x"),
     r"unknown key 'lable' under bands/0; did you mean 'label'\?"),
    (lambda c: c["instrument"]["values"]["BP"].update(itmes={}),
     r"unknown key 'itmes' under instrument/values/BP; did you mean 'items'\?"),
    (lambda c: c["pseudonym"].update(demo_key="x"), r"unknown key 'demo_key' under pseudonym"),
    (lambda c: c["columns"].update(unti=["x"]), r"unknown key 'unti' under columns; did you mean 'unit'"),
    (lambda c: c["report"].update(langauge="en"),
     r"unknown key 'langauge' under report; did you mean 'language'\?"),
])  # fmt: skip
def test_a_mistyped_key_stops_with_the_nearest_valid_key(raw_config, edit, expected):
    config = copy.deepcopy(raw_config)
    edit(config)
    with pytest.raises(BudayaKerjaError, match=r"^config x\.yaml: " + expected):
        check_config(config, "x.yaml")


def test_wrong_values_stop_with_their_path(raw_config):
    config = copy.deepcopy(raw_config)
    config["estimation"]["min_group_size"] = "ten"
    with pytest.raises(BudayaKerjaError, match=r"key estimation/min_group_size: 'ten' is not"):
        check_config(config, "x.yaml")
    config = copy.deepcopy(raw_config)
    config["demo"] = "sometimes"
    with pytest.raises(BudayaKerjaError, match=r"key demo: 'sometimes' is not one of"):
        check_config(config, "x.yaml")


def test_open_mappings_stay_open(raw_config):
    """Value ids, targets by year and label tables are the user's own keys."""
    config = copy.deepcopy(raw_config)
    config["targets"][2030] = [85, 95]
    config["scale"]["labels"]["setuju sekali"] = 5
    assert unknown_keys(config, yaml.safe_load(CONFIG_SCHEMA.read_text())) == []
    check_config(config, "x.yaml")


# --------------------------------------------------------------------------- issue 13
def test_a_local_config_replaces_whole_top_level_keys(tmp_path, raw_config):
    from budaya_kerja.settings import Instrument, layer, project_config

    local = {
        "instrument": {"values": {"E": {"name": "Extraversion", "items": {
            "E1": "Don't talk a lot", "E2": {"statement": "Talk to a lot of people",
                                               "reverse": False},
            "E3": {"statement": "Keep in the background", "reverse": True}}},
            "N": {"name": "Neuroticism", "items": {"N1": "Get angry easily", "N2": "x"}}}},
        "bands": [{"min": 60, "label": "Tinggi"}, {"min": 0, "label": "Rendah"}],
        "estimation": {"group_by": ["unit"]},
        "scale": {"min": 1, "max": 6, "positive_min": 4},
    }  # fmt: skip
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_text(yaml.safe_dump(local))
    config = project_config(tmp_path)
    assert list(config["instrument"]["values"]) == ["E", "N"]  # replaced, not merged
    assert [b["label"] for b in config["bands"]] == ["Tinggi", "Rendah"]
    # A replaced section's other keys take the schema's defaults, not the repo's values.
    assert config["estimation"] == {"group_by": ["unit"], "min_group_size": 10,
                                    "confidence": 0.95, "weighting": True,
                                    "parts": 1}  # fmt: skip
    assert config["scale"]["labels"] == {} and config["scale"]["conversion"] == "linear"
    assert config["columns"] == raw_config["columns"]  # not named: the repo's
    inst = Instrument.from_config(config)
    assert inst.items == ["E1", "E2", "E3", "N1", "N2"] and inst.reverse == ("E3",)
    assert inst.statements["E3"] == "Keep in the background"
    assert layer({"a": {"x": 1, "y": 2}}, {"a": {"x": 3}}) == {"a": {"x": 3}}
    assert project_config(tmp_path / "nowhere") == load_config()


@pytest.mark.parametrize("values,expected", [
    ({"V": {"name": "V", "items": {"index": "x"}}}, r"'index' cannot be a value or item id"),
    ({"V": {"name": "V", "items": {"pos_1": "x"}}}, r"'pos_1' cannot be a value or item id"),
    ({"V": {"name": "V", "items": {"A1": "x", "a1": "y"}}}, r"the id 'a1' is used twice"),
    ({"A1": {"name": "V", "items": {"A1": "x"}}}, r"the id 'A1' is used twice"),
    ({"V": {"name": "V", "items": {"A 1": "x"}}}, r"instrument/values/V/items"),
    ({"V": {"name": "V", "items": {"A1": {"statement": "x", "revers": True}}}},
     r"unknown key 'revers'|instrument/values/V/items/A1"),
])  # fmt: skip
def test_item_ids_must_be_usable_column_names(raw_config, values, expected):
    config = copy.deepcopy(raw_config)
    config["instrument"]["values"] = values
    with pytest.raises(BudayaKerjaError, match=expected):
        check_config(config, "x.yaml")


def test_the_scale_must_be_ordered(raw_config):
    config = copy.deepcopy(raw_config)
    config["scale"]["positive_min"] = 7
    with pytest.raises(BudayaKerjaError, match="positive_min between them"):
        check_config(config, "x.yaml")


def test_report_languages_default_and_the_older_one_language_form(raw_config):
    config = load_config()
    assert config["report"]["languages"] == ["id"] and config["report"]["language"] == "id"
    older = copy.deepcopy(raw_config)
    older["report"].pop("languages")
    older["report"]["language"] = "en"
    checked = check_config(older, "x.yaml")
    assert checked["report"]["languages"] == ["en"] and checked["report"]["language"] == "en"
    both = copy.deepcopy(raw_config)
    both["report"]["languages"] = ["id", "en"]
    assert check_config(both, "x.yaml")["report"]["language"] == "id"  # the first: messages
    clash = copy.deepcopy(raw_config)
    clash["report"].update(languages=["id"], language="en")
    with pytest.raises(BudayaKerjaError, match=r"language: en is not among languages: \['id'\]; "
                       r"write only languages:"):  # fmt: skip
        check_config(clash, "x.yaml")
    wrong = copy.deepcopy(raw_config)
    wrong["report"]["languages"] = ["id", "fr"]
    with pytest.raises(BudayaKerjaError, match=r"key report/languages/1: 'fr' is not one of"):
        check_config(wrong, "x.yaml")


def _objects(node, path=()):
    """Every object of the schema with properties, with its path."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            yield path, node
        for key, sub in node.items():
            yield from _objects(sub, (*path, key))


def test_a_setting_has_one_default_in_the_schema():
    """A section's own default names no key whose property has a default already (the two
    could disagree); absent sections are filled key by key from the properties."""
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    repeated = [(path, key) for path, node in _objects(schema)
                for key in (node.get("default") or {})
                if "default" in node["properties"].get(key, {})]  # fmt: skip
    assert repeated == []
    minimal = {k: yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))[k]
               for k in schema["required"]}  # fmt: skip
    filled = check_config(minimal, "test")
    assert filled["estimation"]["confidence"] == schema_default("estimation", "confidence")
    assert filled["comparison"] == {"min_meaningful_change": 3.0, "alpha": 0.05}
    assert filled["report"]["prepared_by"] == {"position": "", "name": None}


def test_the_schema_is_the_one_place_of_the_interval_default():
    """No module types the default interval level: a function that needs a default takes
    :data:`budaya_kerja.settings.CONFIDENCE` (the schema's), the pipeline reads the config."""
    assert CONFIDENCE == schema_default("estimation", "confidence") == 0.95
    package = REPO_ROOT / "src" / "budaya_kerja"
    typed = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            defaults = []
            if isinstance(node, ast.arguments):
                defaults = [*node.defaults, *node.kw_defaults]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get":
                defaults = node.args[1:]
            typed += [(name, d.lineno) for d in defaults
                      if isinstance(d, ast.Constant) and d.value == CONFIDENCE]  # fmt: skip
    assert typed == []


def test_an_installed_package_reads_the_projects_own_config(tmp_path):
    """The package copied out of its checkout (as pip installs it): a project holding its own
    config/ is configured from it, and without one the stop says what to do."""
    import shutil
    import subprocess
    import sys

    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "src" / "budaya_kerja", site / "budaya_kerja")
    project = tmp_path / "proyek"
    shutil.copytree(REPO_ROOT / "config", project / "config")
    code = (
        "import budaya_kerja as bk, sys\n"
        "from budaya_kerja.settings import project_config, DEFAULT_CONFIG\n"
        "assert not DEFAULT_CONFIG.is_file(), DEFAULT_CONFIG\n"
        "print(len(project_config(sys.argv[1])['instrument']['values']))\n"
        "try:\n"
        "    bk.load(root=sys.argv[1])\n"
        "except bk.errors.BudayaKerjaError as e:\n"
        "    print(e)\n"
    )
    env = {"PYTHONPATH": str(site), "BUDAYA_KERJA_LANG": "en", "PATH": "/usr/bin:/bin"}
    ran = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=120)  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.splitlines()[0] == "7"  # the seven BerAKHLAK values
    assert "holds no processed year" in ran.stdout
    (project / "config" / "config.yaml").unlink()
    ran = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=120)  # fmt: skip
    assert "installed outside its repository" in ran.stderr + ran.stdout, ran.stderr[-2000:]

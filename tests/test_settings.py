"""Strict configuration: an unknown key at any level stops, naming the nearest valid key."""

import copy

import pytest
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import (
    CONFIG_SCHEMA,
    DEFAULT_CONFIG,
    check_config,
    load_config,
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

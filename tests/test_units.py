"""units.yaml is validated before any path is built from a unit code."""

import copy

import pandas as pd
import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import clean
from budaya_kerja.io.units import UnitMatcher, check_units, load_units
from budaya_kerja.settings import REPO_ROOT

pytestmark = pytest.mark.usefixtures("english")


def _units(*extra, suffixes=("prov kalteng",)):
    base = [{"code": "DINKES", "name": "Dinas Kesehatan", "aliases": ["dinkes"]},
            {"code": "DISDIK", "name": "Dinas Pendidikan", "aliases": ["disdik"]}]  # fmt: skip
    return {"units": [*base, *extra], "suffixes": list(suffixes)}


def test_the_shipped_units_are_valid():
    units = load_units(REPO_ROOT / "config" / "units.yaml")
    assert len(units["units"]) == 46


@pytest.mark.parametrize("code", ["../X", "-X", "a/b", "X Y", "", "tanpa-unit", "TANPA-UNIT", "é"])
def test_codes_that_cannot_name_a_file_stop(code):
    units = _units({"code": code, "name": "Badan X", "aliases": []})
    with pytest.raises(BudayaKerjaError, match=rf"^units file u\.yaml: unit no\. 3 has the code "
                                               rf"'{__import__('re').escape(code)}', which cannot be used"):  # fmt: skip
        check_units(units, "u.yaml")


@pytest.mark.parametrize("code", ["DINKES", "dinkes"])
def test_a_code_used_twice_stops(code):
    units = _units({"code": code, "name": "Dinas Kesehatan Hewan", "aliases": []})
    with pytest.raises(BudayaKerjaError, match=rf"the code '{code}' is used twice"):
        check_units(units, "u.yaml")


@pytest.mark.parametrize("alias", ["Dinkes", "DINAS KESEHATAN", "dinas kesehatan prov. kalteng",
                                   "disdik!"])  # fmt: skip
def test_a_spelling_of_two_units_stops(alias):
    units = _units({"code": "DKH", "name": "Dinas Kesehatan Hewan", "aliases": [alias]})
    with pytest.raises(BudayaKerjaError, match=r"belongs to both DKH and (DINKES|DISDIK)"):
        check_units(units, "u.yaml")


@pytest.mark.parametrize("units,expected", [
    ({"units": []}, "it lists no units"),
    ({**_units(), "unitz": []}, r"unknown key 'unitz'; did you mean 'units'\?"),
    (_units({"code": "X", "name": "Badan X", "alias": ["x"]}),
     r"unit no\. 3 has an unknown key 'alias'; did you mean 'aliases'\?"),
    (_units({"code": "X"}), r"unit no\. 3 needs a code and a name"),
    (_units({"code": "X", "name": "Badan X", "aliases": ["..."]}), r"the spelling '\.\.\.' of X is empty"),
])  # fmt: skip
def test_malformed_units_files_stop(units, expected):
    with pytest.raises(BudayaKerjaError, match=expected):
        check_units(copy.deepcopy(units), "u.yaml")


def test_rejected_rows_are_split_into_files_named_by_validated_codes():
    units = check_units(_units())
    rejected = pd.DataFrame({"unit": ["DINKES", "", pd.NA, "DINKES"], "row": [2, 3, 4, 5]})
    parts = clean.split_rejected(rejected)
    assert set(parts) == {"DINKES", "tanpa-unit"}
    assert parts["tanpa-unit"]["row"].tolist() == [3, 4]
    assert set(UnitMatcher(units).labels) == {"DINKES", "DISDIK"}

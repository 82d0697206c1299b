"""Values' and bands' names in the report's language: translated, the Indonesian in brackets."""

import pandas as pd

from budaya_kerja.settings import Instrument
from budaya_kerja.text import names


def test_english_names_carry_the_indonesian_in_brackets(config):
    english = names.in_language(config, "en")
    assert english["report"]["language"] == "en"
    inst = Instrument.from_config(english)
    assert inst.value_names["BP"] == "Service-oriented (Berorientasi Pelayanan)"
    assert inst.value_names["LO"] == "Loyal"  # the same word is not repeated
    assert [b["label"] for b in english["bands"]][:2] == ["Healthy (Sehat)",
                                                          "Fairly healthy (Cukup Sehat)"]  # fmt: skip
    assert config["bands"][0]["label"] == "Sehat"  # the config itself is left as it was
    indonesian = names.in_language(config, "id")
    assert (
        Instrument.from_config(indonesian).value_names == Instrument.from_config(config).value_names
    )
    assert names.translate("Nilai Lokal", "values", "en") == "Nilai Lokal"  # no translation


def test_category_columns_follow_the_bands():
    table = pd.DataFrame({"category": ["Sehat", None, "Cukup Sehat"],
                          "category_certain": [True, False, True], "group": ["Sehat"] * 3})  # fmt: skip
    out = names.translate_categories(table, "en")
    assert out["category"].tolist()[::2] == ["Healthy (Sehat)", "Fairly healthy (Cukup Sehat)"]
    assert pd.isna(out["category"].iloc[1])
    assert out["category_certain"].tolist() == [True, False, True]
    assert out["group"].tolist() == ["Sehat"] * 3  # only category columns
    assert names.translate_categories(table, "id")["category"].tolist()[::2] == ["Sehat",
                                                                                 "Cukup Sehat"]  # fmt: skip


def test_size_classes_print_in_the_reports_words(config):
    classes = [c["name"] for c in config["evaluation"]["size_classes"]]
    assert [names.size_class(c, "en") for c in classes] == ["small", "medium", "large"]
    assert [names.size_class(c, "id") for c in classes] == classes  # the data labels
    assert names.size_class("mikro", "en") == "mikro"  # a class without a translation


def test_stand_ins_for_withheld_and_blank_print_in_the_reports_language():
    from budaya_kerja.io.redact import DIGITS, WITHHELD
    from budaya_kerja.stats.cells import MISSING_GROUP

    assert names.placeholder(WITHHELD, "en") == "(withheld)"
    assert names.placeholder(MISSING_GROUP, "en") == "(not answered)"
    assert names.placeholder(MISSING_GROUP, "id") == MISSING_GROUP
    assert names.placeholder(f"nip {WITHHELD}", "en") == "nip (withheld)"
    assert names.placeholder(f"UPT {DIGITS}", "en") == "UPT [digits withheld]"
    table = pd.DataFrame({"group": ["L", MISSING_GROUP, None], "unit_label": [WITHHELD, "A", "B"],
                          "n": [3, 4, 5], "category": ["Sehat", "Sehat", None]})  # fmt: skip
    out = names.translate_table(table, "en")
    assert out["group"].tolist()[:2] == ["L", "(not answered)"] and pd.isna(out["group"].iloc[2])
    assert out["unit_label"].tolist() == ["(withheld)", "A", "B"]
    assert out["category"].tolist()[:2] == ["Healthy (Sehat)"] * 2
    assert out["n"].tolist() == [3, 4, 5]
    assert table["group"].iloc[1] == MISSING_GROUP  # the data keep the Indonesian code
    assert names.translate_table(table, "id").equals(table)
    assert names.translate_table(None, "en") is None

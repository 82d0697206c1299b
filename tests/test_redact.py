"""Typed text reaches outputs only through a closed gate."""

import pandas as pd
import pytest

from budaya_kerja.io.redact import DIGITS, WITHHELD, echo_answers, redact_agencies, redact_agency

WORDS = ["dinas", "badan", "biro", "rsud", "rsj", "upt", "uptd", "sekretariat", "inspektorat",
         "kantor", "bidang", "bagian", "satuan", "balai", "unit"]  # fmt: skip


@pytest.mark.parametrize("typed,shown", [
    ("Budi Santoso 198203212008041001", WITHHELD),  # no organisation word: maybe a person
    ("Budi Santoso", WITHHELD),
    ("Siti_Aminah", WITHHELD),
    ("198203212008041001", WITHHELD),
    ("UPT Samsat 198203212008041001", f"UPT Samsat {DIGITS}"),
    ("Dinas Kesehtan Prov", "Dinas Kesehtan Prov"),
    ("dinas   pendidkan", "dinas pendidkan"),
    ("Biro Organsasi, telp 0812345678", f"Biro Organsasi, telp {DIGITS}"),
    ("Bidang 12345", "Bidang 12345"),  # five digits: a room or a code, not a NIP
    ("BKPSDM", "BKPSDM"),
    ("SETDA-ORG", "SETDA-ORG"),
    ("Bkpsdm", WITHHELD),  # not an acronym in capitals, no organisation word
    ("Dinas " + "x" * 80, WITHHELD),  # a sentence, not a name
    ("", ""),
])  # fmt: skip
def test_agency_names(typed, shown):
    assert redact_agency(typed, WORDS) == shown


def test_agency_names_of_a_column_are_redacted_once_each():
    names = pd.Series(["Budi Santoso", "BKPSDM", "Budi Santoso"])
    assert redact_agencies(names, WORDS).tolist() == [WITHHELD, "BKPSDM", WITHHELD]


@pytest.mark.parametrize("typed,shown", [
    ("99", "99"), ("4,5", "4,5"), ("-1", "-1"), ("0", "0"), ("7.25", "7.25"),
    ("sangat", "sangat"), ("Tidak Setuju Sekali", WITHHELD), ("setuju tidak", "setuju tidak"),
    ("Siti_Aminah", WITHHELD), ("Siti Aminah", WITHHELD), ("kadang", WITHHELD),
    ("198203212008041001", WITHHELD), ("1234", WITHHELD), ("=1+1", WITHHELD),
    ("sangat_setuju", WITHHELD),
])  # fmt: skip
def test_invalid_answers_are_shown_only_from_a_closed_set(typed, shown):
    words = {"sangat", "setuju", "tidak", "netral"}
    assert echo_answers(pd.Series([typed]), words).tolist() == [shown]

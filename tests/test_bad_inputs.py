"""The corpus of real-export faults: each case is a generated file and its exact outcome.

Outcomes: ("accept", field, value) — the row is accepted with that cleaned value;
("reject", reason_code, column) — the row is quarantined with that reason and column;
("flag", flag, True) — accepted and flagged; ("stop", pattern) — the run stops with a message
naming the file. Every case also checks rows read == accepted + rejected.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook

from budaya_kerja import clean
from budaya_kerja.errors import BudayaKerjaError

from .exports import ITEMS, nip, row

pytestmark = pytest.mark.usefixtures("english")

VALID = nip(1)
CORPUS_KEY = "kunci-korpus-uji-yang-panjangnya-cukup-32"


def csv(rows, sep=",", encoding="utf-8", header=True):
    def write(path):
        text = pd.DataFrame(rows).to_csv(index=False, sep=sep, header=header, lineterminator="\n")
        path.write_bytes(text.encode(encoding))

    return write


def xlsx(sheets: dict[str, list[list]]):
    def write(path):
        book = Workbook()
        book.remove(book.active)
        for name, rows in sheets.items():
            sheet = book.create_sheet(name)
            for r in rows:
                sheet.append(r)
        book.save(path)

    return write


def table(rows: list[dict]) -> list[list]:
    frame = pd.DataFrame(rows)
    return [list(frame.columns), *frame.astype(object).values.tolist()]


CASES = {
    # --- encodings and separators -------------------------------------------------------
    "csv-comma-utf8": ("a.csv", csv([row(1)]), ("accept", "unit", "DINKES")),
    "csv-semicolon": ("a.csv", csv([row(1)], sep=";"), ("accept", "unit", "DINKES")),
    "csv-utf8-bom": ("a.csv", csv([row(1)], encoding="utf-8-sig"), ("accept", "BP1", 4)),
    "csv-windows-1252-accents": ("a.csv", csv([row(1, Nama="Andrés Ñoño")], ";", "cp1252"),
                                 ("accept", "BP1", 4)),
    "csv-embedded-newline": ("a.csv", csv([row(1, Saran="satu\ndua")]), ("accept", "BP1", 4)),
    "csv-decimal-comma-answer": ("a.csv", csv([row(1, BP1="5,0")], sep=";"), ("accept", "BP1", 5)),
    "csv-decimal-comma-age": ("a.csv", csv([row(1, Usia="39,0")], sep=";"), ("accept", "usia", 39)),
    # --- headers ------------------------------------------------------------------------
    "header-case-and-punctuation": ("a.csv", csv([{("  " + k.upper() + "  :" if k in ("NIP",)
                                                    else k): v for k, v in row(1).items()}]),
                                    ("accept", "unit", "DINKES")),
    "header-english": ("a.csv", csv([{"Employee ID": VALID, "Agency": "Dinkes",
                                      "Gender": "Female", **{i: 4 for i in ITEMS}}]),
                       ("accept", "jenis_kelamin", "P")),
    "header-question-text": ("a.csv", csv([{"NIP": VALID, "OPD": "Dinkes",
                                            "Bertindak proaktif": 2,
                                            **{i: 4 for i in ITEMS if i != "AD3"}}]),
                             ("accept", "AD3", 2)),
    # --- answers ------------------------------------------------------------------------
    "label-sangat-setuju": ("a.csv", csv([row(1, BP1="Sangat Setuju")]), ("accept", "BP1", 5)),
    "label-trailing-space": ("a.csv", csv([row(1, BP1="setuju ")]), ("accept", "BP1", 4)),
    "label-abbrev-ss": ("a.csv", csv([row(1, BP1="SS")]), ("accept", "BP1", 5)),
    "label-ragu-ragu": ("a.csv", csv([row(1, BP1="Ragu-ragu")]), ("accept", "BP1", 3)),
    "label-sts": ("a.csv", csv([row(1, BP1="STS")]), ("accept", "BP1", 1)),
    "blank-answer": ("a.csv", csv([row(1, BP1="")]), ("accept", "BP1", None)),
    "code-0": ("a.csv", csv([row(1, KO2="0")]), ("reject", "item_out_of_range", "KO2")),
    "code-6": ("a.csv", csv([row(1, KO2="6")]), ("reject", "item_out_of_range", "KO2")),
    "code-9": ("a.csv", csv([row(1, KO2="9")]), ("reject", "item_out_of_range", "KO2")),
    "code-99": ("a.csv", csv([row(1, KO2="99")]), ("reject", "item_out_of_range", "KO2")),
    "unknown-label": ("a.csv", csv([row(1, KO2="kadang")]), ("reject", "item_out_of_range", "KO2")),
    "too-many-blanks": ("a.csv", csv([row(1, **{i: "" for i in ITEMS[:10]})]),
                        ("flag", "flag_incomplete", True)),
    # --- agencies -----------------------------------------------------------------------
    "agency-abbreviation": ("a.csv", csv([row(1, unit="Bappedalitbang")]),
                            ("accept", "unit", "BAPPEDALITBANG")),
    "agency-suffix": ("a.csv", csv([row(1, unit="BPSDM Prov. Kalteng")]), ("accept", "unit", "BPSDM")),
    "agency-typo": ("a.csv", csv([row(1, unit="Dinas Pendidkan")]), ("reject", "unit_unknown", "unit")),
    "agency-blank": ("a.csv", csv([row(1, unit="")]), ("reject", "unit_missing", "unit")),
    # --- NIPs ---------------------------------------------------------------------------
    "nip-excel-number": ("a.csv", csv([row(1, NIP="1.98609E+17")]), ("reject", "nip_scientific", "nip")),
    "nip-with-spaces": ("a.csv", csv([row(1, NIP="19860926 201505 1 001")]),
                        ("accept", "unit", "DINKES")),
    "nip-with-dots": ("a.csv", csv([row(1, NIP="19860926.201505.1.001")]), ("accept", "unit", "DINKES")),
    "nip-17-digits": ("a.csv", csv([row(1, NIP=VALID[:-1])]), ("reject", "nip_length", "nip")),
    "nip-bad-birthdate": ("a.csv", csv([row(1, NIP="19863126201505" + "1001")]),
                          ("reject", "nip_birthdate", "nip")),
    "nip-bad-sex-digit": ("a.csv", csv([row(1, NIP=VALID[:14] + "5" + VALID[15:])]),
                          ("reject", "nip_sex_digit", "nip")),
    "nip-pppk-shape": ("a.csv", csv([row(1, NIP="19950314" + "2023" + "21" + "2" + "017")]),
                       ("accept", "unit", "DINKES")),
    # --- duplicates and flags -----------------------------------------------------------
    "duplicate-keeps-latest": ("a.csv", csv([row(1, BP1=2, Timestamp="01/10/2025 08:00:00"),
                                             row(1, BP1=5, Timestamp="02/10/2025 08:00:00")]),
                               ("accept", "BP1", 5)),
    "duplicate-identical": ("a.csv", csv([row(1), row(1)]), ("reject", "duplicate", "nip")),
    "straight-liner": ("a.csv", csv([row(1, answer=5)]), ("flag", "flag_straightline", True)),
    "speeder": ("a.csv", csv([row(1, Timestamp="01/10/2025 08:00:30",
                                  **{"Waktu Mulai": "01/10/2025 08:00:00"})]),
                ("flag", "flag_speeder", True)),
    "demographic-unknown-value": ("a.csv", csv([row(1, **{"Jenis Kelamin": "X"})]),
                                  ("accept", "jenis_kelamin", None)),
    # --- workbooks ----------------------------------------------------------------------
    "xlsx-title-row": ("a.xlsx", xlsx({"Rekap": [["Rekap Survei 2025"], *table([row(1)])]}),
                       ("accept", "unit", "DINKES")),
    "xlsx-cover-sheet-first": ("a.xlsx", xlsx({"Petunjuk": [["Isi semua kolom"]],
                                               "Data": table([row(1)])}), ("accept", "BP1", 4)),
    "xlsx-numbers-as-text": ("a.xlsx", xlsx({"S": [[str(c) for c in r] for r in table([row(1)])]}),
                             ("accept", "KL3", 4)),
    "xlsx-number-nip": ("a.xlsx", xlsx({"S": table([row(1, NIP=198609262015051001)])}),
                        ("reject", "nip_scientific", "nip")),
    "xlsx-excel-date-serial": ("a.xlsx", xlsx({"S": table([row(1, Timestamp=45931.5)])}),
                               ("accept", "unit", "DINKES")),
    "xlsx-date-serial-is-read": ("a.xlsx", xlsx({"S": table([row(1, Timestamp=45576.5)])}),
                                 ("stop", r"a\.xlsx: most submissions are dated 2024")),
    "xlsx-datetime-cells": ("a.xlsx", xlsx({"S": table([row(1, Timestamp=dt.datetime(2025, 10, 2, 9))])}),
                            ("accept", "unit", "DINKES")),
    "xlsx-merged-header": ("a.xlsx", xlsx({"S": [
        ["NIP", "Unit Kerja", "Penilaian", *[""] * 20],
        ["", "", *ITEMS], [VALID, "Dinkes", *[4] * 21]]}), ("accept", "BP2", 4)),
    # --- files that cannot be used --------------------------------------------------------
    "stop-empty-file": ("a.csv", lambda p: p.write_bytes(b""), ("stop", r"a\.csv: the file is empty")),
    "stop-no-header": ("a.csv", csv([row(1)], header=False),
                       ("stop", r"a\.csv: no row among the first 20 has both a NIP and a unit")),
    "csv-title-row": ("a.csv", lambda p: p.write_text("Rekap Survei 2025\n" + pd.DataFrame(
        [row(1)]).to_csv(index=False)), ("accept", "BP1", 4)),
    "stop-missing-item-column": ("a.csv", csv([{k: v for k, v in row(1).items() if k != "HA3"}]),
                                 ("stop", r"a\.csv: required column\(s\) \['HA3'\]")),
    "stop-unknown-format": ("a.ods", lambda p: p.write_bytes(b"PK.."),
                            ("stop", r"a\.ods: '\.ods' is not a supported export format")),
    "stop-not-really-xlsx": ("a.xlsx", lambda p: p.write_bytes(b"hello"),
                             ("stop", r"a\.xlsx: cannot be opened as an Excel workbook")),
    "stop-other-year": ("a.csv", csv([row(1, Timestamp="05/10/2024 10:00:00")]),
                        ("stop", r"a\.csv: most submissions are dated 2024.*data/raw/2024/")),
    "stop-xlsx-without-columns": ("a.xlsx", xlsx({"S": [["foo", "bar"], [1, 2]]}),
                                  ("stop", r"a\.xlsx: no row among the first 20")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_case(case, tmp_path, monkeypatch, config, instrument, units):
    name, write, outcome = CASES[case]
    path = tmp_path / name
    write(path)
    monkeypatch.setenv(config["pseudonym"]["key_env"], CORPUS_KEY)
    run = lambda: clean.clean_files(  # noqa: E731
        [str(path)], [], units, year=2025, instrument=instrument, settings=config
    )
    if outcome[0] == "stop":
        with pytest.raises(BudayaKerjaError, match=outcome[1]):
            run()
        return
    responses, rejected, quality, _ = run()
    assert quality["rows_read"] == len(responses) + len(rejected)
    kind, field, expected = outcome
    if kind == "reject":
        assert len(responses) == 0 or case.startswith("duplicate"), responses
        hit = rejected[rejected.reason_code == field]
        assert len(hit) == 1 and hit.iloc[0].column == expected, rejected
        assert hit.iloc[0].reason and hit.iloc[0].row >= 2 and hit.iloc[0].file == name
    else:
        assert len(responses) == 1, rejected.to_dict("records")
        value = responses.iloc[0][field]
        assert pd.isna(value) if expected is None else value == expected, value


def test_stop_messages_never_echo_respondent_data(tmp_path, config, instrument, units):
    path = tmp_path / "a.csv"
    csv([row(1, Nama="Siti Rahayu")], header=False)(path)
    with pytest.raises(BudayaKerjaError) as stop:
        clean.clean_files([str(path)], [], units, year=2025, instrument=instrument, settings=config)
    assert VALID not in str(stop.value) and "Siti Rahayu" not in str(stop.value)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30

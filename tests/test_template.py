"""`make template`: the blank survey form and worksheets, read back by the pipeline as they are."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from budaya_kerja.io import template
from budaya_kerja.io.clean import clean_year
from budaya_kerja.io.ingest import read_export
from budaya_kerja.io.rubric import SCORE_MAPS, load_rubric
from budaya_kerja.io.worksheets import blank_worksheets, check_files
from budaya_kerja.settings import REPO_ROOT

from .exports import nip


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(REPO_ROOT / "config" / "evaluasi.yaml")


def test_a_filled_survey_template_round_trips_through_ingest_and_clean(config, instrument, units,
                                                                       tmp_path):  # fmt: skip
    data = template.survey_template(config, units, 2025)
    assert data == template.survey_template(config, units, 2025)  # byte-identical
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Survei"]
    assert wb.sheetnames[:2] == ["Survei", "Petunjuk"] and wb["Daftar"].sheet_state == "hidden"
    header = [c.value for c in ws[1]]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("Sangat Setuju" in f for f in lists.values())  # answers as drop-down lists
    assert any(f.startswith("Daftar!") for f in lists.values())  # agencies from the hidden list
    assert "NIP" in wb["Petunjuk"]["A4"].value  # instructions in Bahasa Indonesia
    answer = {"Waktu Pengisian": "01/10/2025 08:00:00", "Unit Kerja": "Dinas Sosial",
              "Jenis Kelamin": "Perempuan", "Status Kepegawaian": "PNS", "Golongan": "III/b",
              "Jenis Jabatan": "Fungsional", "Usia": 39, "Saran dan Masukan": "lebih baik"}  # fmt: skip
    for r in range(2, 14):
        for j, name in enumerate(header, start=1):
            if name == "NIP":
                ws.cell(r, j, nip(r))  # the column is Text, so the 18 digits stay text
            elif name in answer:
                ws.cell(r, j, answer[name])
            else:
                ws.cell(r, j, ["Setuju", "Sangat Setuju", "Netral"][r % 3])
    path = tmp_path / "survei-sintetis.xlsx"
    wb.save(path)
    export = read_export(path, config["columns"], instrument)
    responses, rejected, quality = clean_year(
        [export], year=2025, instrument=instrument, units=units, key=b"k", scale=config["scale"],
        demographics=config["demographics"], quality_settings=config["quality"],
        organisation_words=config["privacy"]["organisation_words"],
    )  # fmt: skip
    assert len(responses) == 12 and rejected.empty
    assert set(responses["unit"].astype(str)) == {"DINSOS"}
    assert responses["golongan"].iloc[0] == "III/b" and responses["jenis_kelamin"].iloc[0] == "P"
    assert responses[instrument.items].notna().all().all()


def test_blank_worksheets_round_trip_through_the_reader(rubric, units, tmp_path):
    files = blank_worksheets(rubric, units, 2025)
    assert len(files) == len(units["units"])
    name = "lke-2025-dinsos.xlsx"
    assert files[name] == blank_worksheets(rubric, units, 2025)[name]  # byte-identical
    wb = load_workbook(io.BytesIO(files[name]))
    ws = wb["LKE"]
    assert wb.sheetnames == ["LKE", "Petunjuk"] and ws["C3"].value == "Dinas Sosial"
    header_row = next(r for r in range(1, 12) if ws.cell(r, 2).value == "Kode")
    rules = [(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation]
    for kind, options in SCORE_MAPS.items():
        assert ("list", '"' + ",".join(options) + '"') in rules, kind
    assert ("decimal", "0") in rules
    # As delivered the sheet holds no answer: the agency counts as not submitted.
    blank = tmp_path / "blank"
    blank.mkdir()
    (blank / name).write_bytes(files[name])
    criteria, rejected, summary = check_files([str(blank / name)], rubric, units, 2025)
    assert "DINSOS" in summary["units_not_submitted"]
    assert set(rejected["reason_code"]) == {"verified_missing"}
    assert len(rejected) == len(rubric.criteria)
    # Filled in as an evaluator would (option letters, Ya/Tidak, numbers), it is scored.
    best = {"ya_tidak": "Ya", "abc": "A", "abcd": "A", "abcde": "A", "persen": 100}
    kinds = rubric.criteria.set_index("code")["answer_type"]
    for r in range(header_row + 1, header_row + 1 + len(rubric.criteria)):
        answer = best[kinds[ws.cell(r, 2).value]]
        ws.cell(r, 8, answer)
        ws.cell(r, 9, "bukti.pdf")
        ws.cell(r, 10, answer)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    criteria, rejected, summary = check_files([str(filled)], rubric, units, 2025)
    assert rejected.empty and summary["units_scored"] == ["DINSOS"]
    assert (criteria["score"] == 1).all()


def test_make_template_writes_both(tmp_path):
    template.main(["--year", "2026", "--out", str(tmp_path)])
    assert (tmp_path / "survei-2026-templat.xlsx").stat().st_size > 0
    assert len(list((tmp_path / "evaluasi").glob("lke-2026-*.xlsx"))) == 46
    help_text = subprocess.run(["make", "-s", "help"], cwd=REPO_ROOT, capture_output=True,
                               text=True).stdout  # fmt: skip
    assert "template" in help_text

"""Evaluation worksheets: every row scored or quarantined with its reason; bad files stop."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from budaya_kerja.errors import InputFileError
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.io.worksheets import build_workbook, check_files, check_rows, read_worksheets
from budaya_kerja.settings import REPO_ROOT
from budaya_kerja.synthetic.evaluation import UNKNOWN_TYPO

NIP = "198609262015051001"
NOTE = f"Diverifikasi oleh Budi Santoso NIP {NIP}"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(REPO_ROOT / "config" / "evaluasi.yaml")


def answers(rubric, **changes) -> pd.DataFrame:
    """Every criterion answered with its best option and evidence; ``changes`` maps a code to
    the cells to change (or to None to drop the row)."""
    best = {"ya_tidak": "Ya", "abc": "A", "abcd": "A", "abcde": "A", "persen": 100}
    rows = []
    for r in rubric.criteria.itertuples():
        row = {"code": r.code, "self": best[r.answer_type], "evidence": "SK 800/12/2025.pdf",
               "verified": best[r.answer_type], "note": NOTE}  # fmt: skip
        if r.code in changes:
            if changes[r.code] is None:
                continue
            row.update(changes[r.code])
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def workbook(tmp_path, rubric, sheets, name="lke-sintetis.xlsx"):
    path = tmp_path / name
    path.write_bytes(build_workbook(sheets, rubric, 2025))
    return path


def check(paths, rubric, units):
    return check_files([str(p) for p in paths], rubric, units, 2025)


def test_each_reason_and_rows_in_equal_scored_plus_quarantined(tmp_path, rubric, units):
    messy = answers(rubric, KP2={"verified": "E"}, KP3={"verified": ""},
                    AP1={"evidence": ""}, RA1={"code": "RA9"})  # fmt: skip
    extra = pd.DataFrame([{"code": "IN1", "self": "B", "evidence": "x", "verified": "B"},
                          {"code": "", "self": "A", "evidence": "", "verified": "A"}])  # fmt: skip
    messy = pd.concat([messy, extra], ignore_index=True)
    path = workbook(tmp_path, rubric, [
        {"title": "Dinsos", "unit": "DINAS SOSIAL Prov. Kalteng", "answers": messy},
        {"title": "Lain", "unit": "Dinas Pariwisata Kabupaten", "answers": answers(rubric)},
    ])  # fmt: skip
    raw = read_worksheets([path])
    criteria, rejected, summary = check_rows(raw, rubric, units, 2025)
    scored = int((criteria["status"] == "scored").sum())
    assert len(raw) == scored + len(rejected) == summary["scored"] + summary["quarantined"]
    n = len(rubric.criteria)
    assert summary["quarantined_by_reason"] == {
        "unit_unknown": n, "criterion_unknown": 2, "criterion_duplicate": 1,
        "answer_invalid": 1, "verified_missing": 1, "evidence_missing": 1,
    }  # fmt: skip
    by = rejected.set_index("reason_code")
    assert (
        by.loc["answer_invalid", "criterion"] == "KP2" and by.loc["answer_invalid", "value"] == "E"
    )
    assert by.loc["evidence_missing", "column"] == "Bukti dukung"
    first_in1 = 6 + rubric.codes.index("IN1") + 1  # the header is row 6 of the template
    assert f"lembar Dinsos baris {first_in1})" in by.loc["criterion_duplicate", "reason"]
    assert "jawaban verifikasinya berbeda" in by.loc["criterion_duplicate", "reason"]
    # The agency was recognised through its spelling; the criteria of the other sheet are not.
    assert set(criteria["unit"]) == {"DINSOS"}
    c = criteria.set_index("criterion")
    # Quarantined and missing criteria score 0; the evidence rule keeps the verified answer.
    assert c.loc["KP2", "score"] == 0 and c.loc["KP3", "score"] == 0
    assert c.loc["AP1", ["score", "verified_score"]].tolist() == [0.0, 1.0]
    assert c.loc["RA1", "status"] == "missing" and c.loc["RA1", "score"] == 0
    assert c.loc["IN1", "score"] == 1.0  # the first IN1 row is the one kept
    assert (c["status"] == "scored").sum() == scored


def test_evidence_is_required_only_for_an_answer_that_scores(tmp_path, rubric, units):
    table = answers(rubric, KP1={"verified": "Tidak", "evidence": ""},
                    AP4={"evidence": ""}, AP2={"verified": 0, "evidence": ""})  # fmt: skip
    path = workbook(tmp_path, rubric, [{"title": "LKE", "unit": "bkd", "answers": table}])
    criteria, rejected, summary = check([path], rubric, units)
    assert rejected.empty and summary["scored"] == len(rubric.criteria)
    c = criteria.set_index("criterion")
    assert c.loc["KP1", "score"] == 0 and c.loc["AP2", "score"] == 0  # a valid "no"
    assert c.loc["AP4", "score"] == 1  # evidence not required


def test_an_unknown_agency_is_echoed_only_when_it_resembles_one(tmp_path, rubric, units):
    path = workbook(tmp_path, rubric, [
        {"title": "A", "unit": "Dinas Perhubngan", "answers": answers(rubric)},
        {"title": "B", "unit": "Budi Santoso", "answers": answers(rubric)},
        {"title": "C", "unit": "", "answers": answers(rubric)},
        # Near misses of a known agency that hold a name or a NIP (issue 9 review).
        {"title": "D", "unit": "Dinas Perhubungan Budi", "answers": answers(rubric)},
        {"title": "E", "unit": "Dinas Kesehatan Siti A", "answers": answers(rubric)},
        {"title": "F", "unit": "Dinas Perhubngan 1982 0321 2008 041001", "answers": answers(rubric)},
        {"title": "G", "unit": UNKNOWN_TYPO[1], "answers": answers(rubric)},  # the demo's typo
    ])  # fmt: skip
    _, rejected, summary = check([path], rubric, units)
    assert summary["quarantined_by_reason"] == {"unit_unknown": 7 * len(rubric.criteria)}
    assert "Budi" not in rejected.to_csv() and "Siti" not in rejected.to_csv()
    assert "1982 0321" not in rejected.to_csv()
    first = rejected.groupby("sheet").first()
    assert first.loc["A", "value"] == "Dinas Perhubngan"
    assert first.loc["G", "value"] == UNKNOWN_TYPO[1]
    assert "(terdekat: Dinas Perhubungan" in first.loc["A", "reason"]
    assert first.loc["B", "value"] == "(disembunyikan)" and "Budi" not in first.loc["B", "reason"]
    assert "'Perangkat Daerah:' pada lembar ini kosong" in first.loc["C", "reason"]
    for sheet in "DEF":
        assert first.loc[sheet, "value"] == "(disembunyikan)", sheet


def test_agency_status_submitted_verified_or_not(tmp_path, rubric, units):
    blank = answers(rubric)
    blank[["self", "verified", "evidence", "note"]] = ""
    self_only = answers(rubric).assign(verified="")
    path = workbook(tmp_path, rubric, [
        {"title": "A", "unit": "Dinas Sosial", "answers": answers(rubric)},
        {"title": "B", "unit": "Inspektorat", "answers": blank},
        {"title": "C", "unit": "Dinas Kesehatan", "answers": self_only},
    ])  # fmt: skip
    criteria, rejected, summary = check([path], rubric, units)
    status = criteria.drop_duplicates("unit").set_index("unit")["unit_status"]
    assert status.to_dict() == {"DINKES": "not_verified", "DINSOS": "scored",
                                "INSP": "not_submitted"}  # fmt: skip
    assert "INSP" in summary["units_not_submitted"] and "DISHUB" in summary["units_not_submitted"]
    assert summary["units_not_verified"] == ["DINKES"]
    assert (rejected["reason_code"] == "verified_missing").sum() == 2 * len(rubric.criteria)


def test_percent_cells_are_read_as_shown(tmp_path, rubric, units):
    table = answers(rubric, AP2={"verified": 85, "self": 90}).assign(as_percent=True)
    path = workbook(tmp_path, rubric, [{"title": "LKE", "unit": "Dinas Sosial", "answers": table}])
    criteria, _, _ = check([path], rubric, units)
    c = criteria.set_index("criterion")
    assert c.loc["AP2", "score"] == pytest.approx(0.85)
    assert c.loc["AP2", "self_score"] == pytest.approx(0.90)


def test_free_text_never_reaches_the_outputs(tmp_path, rubric, units):
    table = answers(rubric, KP2={"verified": f"lihat catatan {NOTE}"},
                    KP1={"evidence": f"Foto Budi Santoso {NIP}.jpg"})  # fmt: skip
    path = workbook(tmp_path, rubric, [{"title": "LKE", "unit": "Dinas Sosial", "answers": table}])
    criteria, rejected, summary = check([path], rubric, units)
    text = criteria.to_csv() + rejected.to_csv() + json.dumps(summary)
    for secret in ["Budi", NIP, "Santoso", "SK 800", "catatan"]:
        assert secret not in text
    assert rejected.set_index("criterion").loc["KP2", "value"] == "(disembunyikan)"
    assert criteria.set_index("criterion").loc["KP1", "has_evidence"]


def test_two_files_for_one_agency_keep_the_first_file(tmp_path, rubric, units):
    a = workbook(tmp_path, rubric, [{"title": "LKE", "unit": "Dinas Sosial",
                                     "answers": answers(rubric)}], "a-sintetis.xlsx")  # fmt: skip
    b = workbook(tmp_path, rubric, [{"title": "LKE", "unit": "dinsos", "answers": answers(
        rubric, KP2={"verified": "D"})}], "b-sintetis.xlsx")  # fmt: skip
    criteria, rejected, summary = check([b, a], rubric, units)
    assert set(rejected["reason_code"]) == {"criterion_duplicate"}
    assert set(rejected["file"]) == {"b-sintetis.xlsx"}
    assert criteria.set_index("criterion").loc["KP2", "score"] == 1.0
    assert [f["file"] for f in summary["files"]] == ["a-sintetis.xlsx", "b-sintetis.xlsx"]
    assert summary["files"][1]["sheets"][0]["quarantined"] == len(rubric.criteria)
    assert not summary["synthetic"]  # demo files are known by their SHA-256, not by name


def test_bad_files_stop_with_a_message_naming_file_and_fix(tmp_path, rubric, units, english):
    from openpyxl import Workbook

    empty = tmp_path / "kosong.xlsx"
    wb = Workbook()
    wb.active["A1"] = "Petunjuk saja"
    wb.save(empty)
    with pytest.raises(InputFileError, match=r"kosong.xlsx: no sheet holds an evaluation"):
        read_worksheets([empty])
    zero = tmp_path / "nol.xlsx"
    zero.write_bytes(b"")
    with pytest.raises(InputFileError, match=r"nol.xlsx: the file is empty"):
        read_worksheets([zero])
    old = tmp_path / "lama.xls"
    old.write_bytes(b"x")
    with pytest.raises(InputFileError, match=r"'.xls' is not a supported"):
        read_worksheets([old])
    half = tmp_path / "setengah.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Dinsos"
    ws.append(["Perangkat Daerah:", "Dinas Sosial"])
    ws.append([])
    ws.append(["Kode", "Jawaban mandiri", "Jawaban verifikasi"])
    wb.save(half)
    with pytest.raises(InputFileError, match=r"sheet 'Dinsos', header row 3: column\(s\) \['Bukti"):
        read_worksheets([half])
    label_only = tmp_path / "label.xlsx"
    wb = Workbook()
    wb.active.append(["Perangkat Daerah:", "Dinas Sosial"])
    wb.save(label_only)
    with pytest.raises(InputFileError, match=r"names an agency but has no criteria table"):
        read_worksheets([label_only])


def test_an_empty_folder_means_nobody_submitted(rubric, units):
    criteria, rejected, summary = check([], rubric, units)
    assert criteria.empty and rejected.empty and summary["rows_read"] == 0
    assert len(summary["units_not_submitted"]) == len(units["units"])


def test_workbooks_are_byte_identical(rubric):
    sheets = [{"title": "LKE", "unit": "Dinas Sosial", "answers": answers(rubric)}]
    assert build_workbook(sheets, rubric, 2025) == build_workbook(sheets, rubric, 2025)

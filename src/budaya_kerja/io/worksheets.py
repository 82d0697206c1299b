"""Evaluation worksheets (Lembar Kerja Evaluasi): write the blank ones, read and check filled ones.

A worksheet is an ``.xlsx`` sheet with a labelled cell naming the agency (``Perangkat
Daerah:`` and the name in a cell to its right) above a table with one row per criterion:
``Kode``, the question, the agency's ``Jawaban mandiri`` (self-assessment), the ``Bukti
dukung`` it cites (document names or links), the team's ``Jawaban verifikasi`` and a
``Catatan evaluator``. ``data/raw/<year>/evaluasi/`` holds one workbook per agency or one
workbook with a sheet per agency; sheets without such a table (instructions) are skipped.

Checking (:func:`check_rows`) puts every criterion row read into exactly one of *scored* or
*quarantined* (rows in = scored + quarantined), with a reason code, first match wins:

==================== =======================================================================
reason code           when
==================== =======================================================================
unit_unknown          the sheet's agency label is blank or not in ``config/units.yaml``
criterion_unknown     the code is blank or not a criterion of the rubric
criterion_duplicate   the agency already has a row for this criterion (the first row is kept)
answer_invalid        the verified answer is outside the answer type's options
verified_missing      the verified answer is blank
evidence_missing      evidence is required, the verified answer scores above 0, none is cited
==================== =======================================================================

A quarantined row of a known agency and criterion scores 0 (an LKE gives nothing for what is
not verified), so an ``evidence_missing`` criterion is both listed and scored 0; a rubric
criterion with no row at all also scores 0 (``missing``). An agency whose sheet holds no
answer at all did not submit (no score); one with self-assessments but no verified answer is
not yet verified (no score). An invalid *self-assessment* does not quarantine the row (the
verified answer scores): it is left out of the self-assessment and counted.

Privacy: the evidence and the evaluator's note are read only as "is there something" flags;
their text never leaves this module. An invalid answer is echoed only when it is a token from
the closed set of answers (:func:`budaya_kerja.io.rubric.shown_answer`); an unknown agency name
only when it resembles a known one and holds nothing but agency words (:mod:`redact`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.errors import InputFileError
from budaya_kerja.io import origin, redact
from budaya_kerja.io.clean import WITHHELD, UnitMatcher
from budaya_kerja.io.ingest import normalise_header
from budaya_kerja.io.rubric import PERCENT, SCORE_MAPS, Rubric, score_answers, shown_answer
from budaya_kerja.io.tables import deterministic_zip, sha256
from budaya_kerja.messages import message

__all__ = [
    "COLUMNS", "CRITERIA_COLUMNS", "HEADER", "HEADER_SEARCH_ROWS", "INSTRUCTIONS", "REASONS",
    "REJECTED_COLUMNS", "REQUIRED", "TYPE_LABELS", "UNIT_LABELS", "blank_worksheets",
    "build_workbook", "check_files", "check_rows", "finish_workbook", "read_sheet",
    "read_workbook", "read_worksheets",
]  # fmt: skip

# Canonical worksheet columns and the header texts (normalised) that name them.
COLUMNS = {
    "criterion": ["kode", "kode kriteria", "kode butir", "code"],
    "self": ["jawaban mandiri", "penilaian mandiri", "jawaban perangkat daerah", "self assessment"],
    "evidence": ["bukti dukung", "bukti", "nama tautan bukti dukung", "evidence"],
    "verified": ["jawaban verifikasi", "jawaban evaluator", "hasil verifikasi", "verified answer"],
    "note": ["catatan evaluator", "catatan verifikasi", "catatan", "evaluator note"],
}
REQUIRED = ("criterion", "self", "evidence", "verified")
UNIT_LABELS = {"perangkat daerah", "nama perangkat daerah", "opd", "unit kerja", "instansi"}
HEADER_SEARCH_ROWS = 30
REASONS = ["unit_unknown", "criterion_unknown", "criterion_duplicate", "answer_invalid",
           "verified_missing", "evidence_missing"]  # fmt: skip
REJECTED_COLUMNS = ["file", "sheet", "row", "unit", "criterion", "reason_code", "reason",
                    "column", "value"]  # fmt: skip
CRITERIA_COLUMNS = ["year", "unit", "unit_status", "component", "criterion", "answer_type",
                    "evidence_required", "status", "reason_code", "self_score", "self_invalid",
                    "verified_score", "score", "has_evidence"]  # fmt: skip
# The header the template writes (what the reader expects first), in column order.
HEADER = ["No", "Kode", "Komponen", "Kriteria", "Jenis jawaban", "Pilihan jawaban",
          "Bukti dukung wajib", "Jawaban mandiri", "Bukti dukung", "Jawaban verifikasi",
          "Catatan evaluator"]  # fmt: skip
TYPE_LABELS = {"ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E",
               PERCENT: "Persen (0–100)"}  # fmt: skip


# --------------------------------------------------------------------------- reading
def _cell_text(cell) -> str:
    """A cell as the evaluator sees it: a percent-formatted 0.85 is '85', 1.0 is '1'."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = float(value)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            number *= 100
        return f"{number:.6f}".rstrip("0").rstrip(".")
    return str(value).strip()


def _header_map(row: list[str]) -> dict[int, str]:
    aliases = {a: field for field, names in COLUMNS.items() for a in names}
    found = {}
    for j, text in enumerate(row):
        field = aliases.get(normalise_header(text))
        if field and field not in found.values():
            found[j] = field
    return found


def _unit_label(rows: list[list[str]], before: int) -> str | None:
    """The agency named beside the 'Perangkat Daerah:' cell above the table (None: no label)."""
    for row in rows[:before]:
        for j, text in enumerate(row):
            if normalise_header(text) in UNIT_LABELS:
                rest = [c for c in row[j + 1 :] if c]
                return rest[0] if rest else ""
    return None


def read_sheet(name: str, file: str, rows: list[list[str]]) -> pd.DataFrame | None:
    """One sheet's criterion rows as text (None when the sheet holds no worksheet table)."""
    header_row, mapping = None, {}
    for h, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = _header_map(row)
        if {"criterion", "verified"} <= set(found.values()):
            header_row, mapping = h, found
            break
    unit = _unit_label(rows, header_row if header_row is not None else HEADER_SEARCH_ROWS)
    if header_row is None:
        if unit is not None:
            raise InputFileError(
                file, message("worksheets.no_table", sheet=name, rows=HEADER_SEARCH_ROWS),
                message("worksheets.no_table_fix"),
            )  # fmt: skip
        return None
    missing = [f for f in REQUIRED if f not in mapping.values()]
    if missing:
        names = [COLUMNS[f][0].capitalize() for f in missing]
        raise InputFileError(
            file, message("worksheets.missing", sheet=name, row=header_row + 1, names=names),
            message("worksheets.missing_fix"),
        )  # fmt: skip
    fields = ["criterion", "self", "evidence", "verified", "note"]
    where = {f: j for j, f in mapping.items()}
    body = []
    for i, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        cells = {f: (row[where[f]] if f in where and where[f] < len(row) else "") for f in fields}
        if any(cells.values()):
            body.append({"row": i, **cells})
    table = pd.DataFrame(body, columns=["row", *fields])
    # Evidence and notes become flags here: their text stays in data/raw.
    table["has_evidence"] = table.pop("evidence").str.strip() != ""
    table["has_note"] = table.pop("note").str.strip() != ""
    table.insert(0, "unit_text", "" if unit is None else unit)
    table.insert(0, "sheet", name)
    table.insert(0, "file", file)
    table["row"] = table["row"].astype("int64")
    return table


def read_workbook(path: str | Path) -> pd.DataFrame:
    """Every worksheet table of one workbook, in sheet order; stop if it has none."""
    from openpyxl import load_workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputFileError(path.name, message("worksheets.format", suffix=path.suffix),
                             message("worksheets.format_fix"))  # fmt: skip
    if path.stat().st_size == 0:
        raise InputFileError(path.name, message("ingest.empty"), message("worksheets.empty_fix"))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise InputFileError(path.name, message("ingest.not_workbook", detail=exc),
                             message("ingest.not_workbook_fix")) from None  # fmt: skip
    parts = []
    try:
        for name in book.sheetnames:
            rows = [[_cell_text(c) for c in row] for row in book[name].iter_rows()]
            table = read_sheet(name, path.name, rows)
            if table is not None:
                parts.append(table)
    finally:
        book.close()
    if not parts:
        raise InputFileError(
            path.name, message("worksheets.none"), message("worksheets.none_fix")
        )  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def read_worksheets(paths: list[str | Path]) -> pd.DataFrame:
    """All criterion rows of a year's workbooks (files in name order)."""
    frames = [read_workbook(p) for p in sorted(paths, key=lambda p: Path(p).name)]
    if not frames:
        return pd.DataFrame(columns=["file", "sheet", "unit_text", "row", "criterion", "self",
                                     "verified", "has_evidence", "has_note"])  # fmt: skip
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- checking
def _resembles(matcher: UnitMatcher, name: str, cutoff: float = 0.8) -> bool:
    """True when a name is a near miss of a known agency name (a typo, safe to echo); a
    person's name typed into the agency cell is not."""
    key = matcher.key(name)  # normalised, suffixes such as "Prov. Kalteng" removed
    return bool(difflib.get_close_matches(key, list(matcher.lookup), n=1, cutoff=cutoff))


def check_rows(
    raw: pd.DataFrame, rubric: Rubric, units: dict, year: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Score or quarantine every criterion row read (see the module docstring).

    Returns ``criteria`` (one row per agency with a worksheet x rubric criterion: status,
    scores 0-1, flags; no text), ``rejected`` (one row per quarantined row read) and a summary.
    """
    matcher = UnitMatcher(units)
    raw = raw.reset_index(drop=True)
    names = raw["unit_text"].astype("string").fillna("").str.strip()
    unit = matcher.match(names)
    code = raw["criterion"].astype("string").fillna("").str.upper()
    code = code.str.replace(r"\s", "", regex=True)
    spec = rubric.criteria.set_index("code")
    known = code.isin(spec.index)
    kind = code.map(spec["answer_type"]).astype("object")
    needs_evidence = code.map(spec["evidence_required"]).astype("boolean").fillna(False)
    verified, invalid = score_answers(raw["verified"], kind)
    self_score, self_invalid = score_answers(raw["self"], kind)
    verified_text = raw["verified"].astype("string").fillna("").str.strip()
    has_evidence = raw["has_evidence"].astype(bool)

    reason_code = pd.Series("", index=raw.index, dtype="object")
    reason = pd.Series("", index=raw.index, dtype="object")
    column = pd.Series("", index=raw.index, dtype="object")
    value = pd.Series("", index=raw.index, dtype="object")

    def reject(mask, rcode, text, col, val=""):
        mask = mask & (reason_code == "")
        reason_code[mask] = rcode
        reason[mask] = text[mask] if isinstance(text, pd.Series) else text
        column[mask] = col
        value[mask] = val[mask] if isinstance(val, pd.Series) else val

    # Agency: an unknown name is echoed only when it resembles a known agency (a typo) and
    # passes the gate of io/redact.py with the units' words ("Dinas Perhubungan Budi"
    # resembles one but holds a name).
    unknown = names[unit.isna() & (names != "")].unique()
    typos = pd.Series([t for t in unknown if _resembles(matcher, t)], dtype="object")
    safe = redact.redact_by_units(typos, matcher.spellings)
    shown = {t: s for t, s in zip(typos, safe, strict=True) if s != WITHHELD}
    hints = {t: matcher.nearest(t) for t in shown}  # none for a withheld name
    shown_unit = names.map(lambda t: shown.get(t, WITHHELD))
    unit_reason = names.map(lambda t: message(
        "worksheets.reason_unit", name=shown.get(t, WITHHELD),
        nearest=message("reason.unit_nearest", names=", ".join(hints[t])) if hints.get(t) else "",
    ))  # fmt: skip
    reject(unit.isna() & (names == ""), "unit_unknown", message("worksheets.reason_unit_blank"),
           "Perangkat Daerah")  # fmt: skip
    reject(unit.isna(), "unit_unknown", unit_reason, "Perangkat Daerah", shown_unit)
    # Criterion
    shown_code = code.where(code.str.fullmatch(r"[A-Z0-9.]{1,10}").fillna(False), WITHHELD)
    reject(~known & (code == ""), "criterion_unknown", message("worksheets.reason_code_blank"),
           "Kode")  # fmt: skip
    reject(~known, "criterion_unknown", shown_code.map(lambda c: message(
        "worksheets.reason_code", code=c)), "Kode", shown_code)  # fmt: skip
    # Duplicates: the first row of an agency x criterion (file, sheet, row order) is kept.
    candidate = reason_code == ""
    key = (unit.fillna("") + "|" + code).where(candidate)
    first = candidate & ~key.duplicated()
    where_kept = pd.Series([message("worksheets.where", file=f, sheet=s, row=r) for f, s, r in zip(
        raw["file"], raw["sheet"], raw["row"], strict=True)], index=raw.index)  # fmt: skip
    kept_at = key.map(pd.Series(where_kept[first].to_numpy(), index=key[first].to_numpy()))
    kept_answer = key.map(pd.Series(verified_text[first].str.lower().to_numpy(),
                                    index=key[first].to_numpy()))  # fmt: skip
    differs = kept_answer.astype("string").fillna("") != verified_text.str.lower()
    advice = {True: message("worksheets.reason_differs"), False: message("worksheets.reason_same")}
    dup_reason = pd.Series([message("worksheets.reason_duplicate", kept=k, advice=advice[d])
                            for k, d in zip(kept_at.astype("string").fillna(""), differs,
                                            strict=True)], index=raw.index)  # fmt: skip
    reject(candidate & ~first, "criterion_duplicate", dup_reason, "Kode", shown_code)
    # Answers
    shown = shown_answer(raw["verified"], WITHHELD)
    options = kind.map(lambda k: "/".join(SCORE_MAPS[k]) if k in SCORE_MAPS else "0–100")
    answer_reason = pd.Series([message("worksheets.reason_answer", answer=a, options=o)
                               for a, o in zip(shown, options, strict=True)], index=raw.index)  # fmt: skip
    reject(invalid, "answer_invalid", answer_reason, "Jawaban verifikasi", shown)
    reject(verified_text == "", "verified_missing", message("worksheets.reason_verified"),
           "Jawaban verifikasi")  # fmt: skip
    reject(needs_evidence & (verified > 0) & ~has_evidence, "evidence_missing",
           message("worksheets.reason_evidence"), "Bukti dukung")  # fmt: skip

    scored = reason_code == ""
    rejected = pd.DataFrame({
        "file": raw["file"], "sheet": raw["sheet"], "row": raw["row"], "unit": unit.fillna(""),
        "criterion": code.where(known, ""), "reason_code": reason_code, "reason": reason,
        "column": column, "value": value,
    })[~scored].reset_index(drop=True)  # fmt: skip

    # Agency status: any verified answer -> scored; only self-assessments -> not yet verified.
    text = pd.DataFrame({"unit": unit, "self": raw["self"].astype("string").fillna("").str.strip()
                         != "", "verified": verified_text != ""})[unit.notna()]  # fmt: skip
    answered = text.groupby("unit")[["self", "verified"]].any()
    status = pd.Series(np.where(answered["verified"], "scored", np.where(
        answered["self"], "not_verified", "not_submitted")), index=answered.index)  # fmt: skip
    kept = pd.DataFrame({
        "unit": unit, "criterion": code, "status": np.where(scored, "scored", "quarantined"),
        "reason_code": reason_code, "self_score": self_score, "self_invalid": self_invalid,
        "verified_score": verified.fillna(0.0), "score": verified.where(scored, 0.0).fillna(0.0),
        "has_evidence": has_evidence,
    })[first]  # fmt: skip
    grid = pd.MultiIndex.from_product([sorted(status.index), rubric.codes],
                                      names=["unit", "criterion"])  # fmt: skip
    criteria = kept.set_index(["unit", "criterion"]).reindex(grid).reset_index()
    absent = criteria["status"].isna()
    criteria.loc[absent, "status"] = "missing"
    criteria["reason_code"] = criteria["reason_code"].fillna("")
    criteria[["verified_score", "score"]] = criteria[["verified_score", "score"]].fillna(0.0)
    for flag in ("self_invalid", "has_evidence"):
        criteria[flag] = criteria[flag].astype("boolean").fillna(False).astype(bool)
    criteria["unit_status"] = criteria["unit"].map(status)
    criteria["component"] = criteria["criterion"].map(spec["component"])
    criteria["answer_type"] = criteria["criterion"].map(spec["answer_type"])
    criteria["evidence_required"] = criteria["criterion"].map(spec["evidence_required"])
    criteria["evidence_required"] = criteria["evidence_required"].astype(bool)
    criteria["year"] = int(year)
    summary = {
        "year": int(year),
        "rows_read": len(raw),
        "scored": int(scored.sum()),
        "quarantined": int((~scored).sum()),
        "quarantined_by_reason": {r: int((reason_code == r).sum()) for r in REASONS
                                  if (reason_code == r).any()},  # fmt: skip
        "self_assessment_invalid": int((self_invalid & scored).sum()),
        "units_scored": sorted(map(str, status.index[status == "scored"])),
        "units_not_verified": sorted(map(str, status.index[status == "not_verified"])),
        "units_not_submitted": sorted(set(matcher.labels) - set(status.index[status != "not_submitted"])),
        "criteria_missing": int(absent.sum()),
    }  # fmt: skip
    return criteria[CRITERIA_COLUMNS].reset_index(drop=True), rejected, summary


def check_files(paths: list[str], rubric: Rubric, units: dict, year: int):
    """Read and check a year's workbooks; the summary lists each file with its SHA-256 and the
    rows of each sheet (read, scored, quarantined)."""
    raw = read_worksheets(paths)
    criteria, rejected, summary = check_rows(raw, rubric, units, year)
    matcher = UnitMatcher(units)
    quarantined = rejected.groupby(["file", "sheet"]).size()
    files = []
    for path in sorted(paths, key=lambda p: Path(p).name):
        name = Path(path).name
        sheets = []
        for sheet, part in raw[raw["file"] == name].groupby("sheet", sort=False):
            q = int(quarantined.get((name, sheet), 0))
            code = matcher.match(part["unit_text"].head(1).astype("string")).iloc[0]
            sheets.append({"sheet": sheet, "unit": None if pd.isna(code) else str(code),
                           "rows_read": len(part), "scored": len(part) - q, "quarantined": q})  # fmt: skip
        files.append({"file": name, "sha256": sha256(path), "bytes": Path(path).stat().st_size,
                      "sheets": sheets})  # fmt: skip
    summary = {"year": summary.pop("year"), "files": files, **summary,
               # Shipped demo worksheets are known by their SHA-256, never by name.
               "synthetic": bool(paths) and origin.origin_of(paths, f"{year}/evaluasi") == origin.SYNTHETIC}  # fmt: skip
    return criteria, rejected, summary


# --------------------------------------------------------------------------- writing
INSTRUCTIONS = [
    "PETUNJUK PENGISIAN LEMBAR KERJA EVALUASI (LKE) IMPLEMENTASI BUDAYA KERJA ASN BERAKHLAK",
    "",
    "1. Satu lembar untuk satu perangkat daerah. Tulis nama perangkat daerah pada sel di samping "
    "'Perangkat Daerah:' persis seperti nama resminya.",
    "2. Jangan mengubah, menghapus atau menambah kolom 'Kode'; satu kriteria cukup satu baris.",
    "3. Perangkat daerah mengisi kolom 'Jawaban mandiri' (penilaian mandiri) dan 'Bukti dukung' "
    "(nama dokumen atau tautan). Pilih jawaban dari daftar: Ya/Tidak, A/B/C, A/B/C/D, A/B/C/D/E, "
    "atau angka 0–100 untuk kriteria persen.",
    "4. Tim evaluasi mengisi 'Jawaban verifikasi' setelah memeriksa bukti dukung, dan boleh "
    "menulis 'Catatan evaluator'. Hanya jawaban verifikasi yang dinilai.",
    "5. Nilai jawaban: Ya = 1, Tidak = 0; A/B/C = 1; 0,5; 0; A/B/C/D = 1; 0,67; 0,33; 0; "
    "A/B/C/D/E = 1; 0,75; 0,5; 0,25; 0; persen = angka / 100.",
    "6. Kriteria dengan 'Bukti dukung wajib' = Ya bernilai 0 bila jawaban verifikasinya "
    "bernilai lebih dari 0 tetapi tidak ada bukti dukung yang dicantumkan.",
    "7. Skor komponen = rerata nilai kriterianya × bobot komponen; skor total = jumlah skor "
    "komponen (0–100).",
    "8. Isi bukti dukung dan catatan evaluator tidak diterbitkan; laporan hanya memuat "
    "kelengkapan bukti dukung dan skor.",
]


def _options_text(row) -> str:
    if row["answer_type"] == PERCENT:
        return "Angka 0–100"
    described = row["options"] or {}
    return "; ".join(
        f"{o} = {described.get(o, '')}".rstrip(" =") for o in SCORE_MAPS[row["answer_type"]]
    )


def build_workbook(sheets: list[dict], rubric: Rubric, year: int) -> bytes:
    """An evaluation workbook, byte-identical for the same arguments.

    Each entry of ``sheets`` is ``{"title": sheet name, "unit": text beside 'Perangkat
    Daerah:', "answers": DataFrame or None}``; ``answers`` has columns ``code, self,
    evidence, verified, note`` (values written as given; a column ``as_percent`` marks rows
    whose numeric answers are written as Excel percentages) and its rows replace the rubric's
    (so tests and the synthetic generator can write mess). Without answers the sheet is the
    blank template. An instructions sheet (Bahasa Indonesia) comes last.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = rubric.criteria.set_index("code")
    names = rubric.components.set_index("code")["name"]
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for entry in sheets:
        ws = wb.create_sheet(entry["title"][:31])
        ws["A1"] = "LEMBAR KERJA EVALUASI IMPLEMENTASI BUDAYA KERJA ASN BERAKHLAK"
        ws["A1"].font = Font(bold=True, size=12)
        ws["A3"], ws["C3"] = "Perangkat Daerah:", entry.get("unit", "")
        ws["A4"], ws["C4"] = "Tahun:", int(year)
        ws["A3"].font = ws["A4"].font = bold
        ws.append([])
        ws.append(HEADER)
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        answers = entry.get("answers")
        if answers is None:
            answers = pd.DataFrame({"code": rubric.codes})
        answers = answers.reindex(columns=["code", "self", "evidence", "verified", "note",
                                           "as_percent"])  # fmt: skip
        validations: dict[str, list[str]] = {}
        for i, row in enumerate(answers.itertuples(index=False), start=1):
            code = row.code
            known = code in spec.index
            crit = spec.loc[code] if known else None
            r = header_row + i
            cells = [i, code,
                     names.get(crit["component"], "") if known else "",
                     crit["question"] if known else "",
                     TYPE_LABELS[crit["answer_type"]] if known else "",
                     _options_text(crit) if known else "",
                     ("Ya" if crit["evidence_required"] else "Tidak") if known else ""]  # fmt: skip
            for j, v in enumerate(cells, start=1):
                ws.cell(r, j, v)
            percent = bool(row.as_percent) if pd.notna(row.as_percent) else False
            for j, v in ((8, row.self), (9, row.evidence), (10, row.verified), (11, row.note)):
                if v is None or (isinstance(v, float) and np.isnan(v)):
                    continue
                cell = ws.cell(r, j)
                if percent and isinstance(v, int | float) and j in (8, 10):
                    cell.value, cell.number_format = float(v) / 100, "0%"
                else:
                    cell.value = v
            for j in (4, 6):
                ws.cell(r, j).alignment = Alignment(wrap_text=True, vertical="top")
            if known:
                validations.setdefault(crit["answer_type"], []).extend([f"H{r}", f"J{r}"])
        for kind, where in validations.items():
            if kind == PERCENT:
                dv = DataValidation(type="decimal", operator="between", formula1="0",
                                    formula2="100", allow_blank=True)  # fmt: skip
                dv.error = "Isi angka 0 sampai 100."
            else:
                dv = DataValidation(type="list", formula1='"' + ",".join(SCORE_MAPS[kind]) + '"',
                                    allow_blank=True)  # fmt: skip
                dv.error = "Pilih jawaban dari daftar: " + "/".join(SCORE_MAPS[kind]) + "."
            dv.errorTitle, dv.showErrorMessage = "Jawaban tidak valid", True
            for cell in where:
                dv.add(cell)
            ws.add_data_validation(dv)
        widths = [5, 7, 22, 60, 12, 36, 10, 14, 40, 14, 36]
        for j, w in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + j)].width = w
        ws.freeze_panes = f"A{header_row + 1}"
    return finish_workbook(wb, INSTRUCTIONS, year, "budaya_kerja.worksheets")  # as shipped


def finish_workbook(wb, instructions: list[str], year: int, creator: str, index=None) -> bytes:
    """Add the instructions sheet ('Petunjuk', at ``index`` or last) and save the workbook with
    fixed properties and zip times, so the same content gives the same bytes."""
    from openpyxl.styles import Font

    guide = wb.create_sheet("Petunjuk", index)
    for line in instructions:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 120
    wb.properties.creator = creator
    wb.properties.created = wb.properties.modified = dt.datetime(int(year), 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_zip(buffer.getvalue())


def blank_worksheets(rubric: Rubric, units: dict, year: int) -> dict[str, bytes]:
    """One blank worksheet per agency of ``units.yaml``: file name -> bytes."""
    return {
        f"lke-{year}-{u['code'].lower()}.xlsx": build_workbook(
            [{"title": "LKE", "unit": u["name"]}], rubric, year
        )
        for u in units["units"]
    }

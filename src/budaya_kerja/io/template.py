"""Blank input templates (``make template``): the survey form and the evaluation worksheets.

Both are ``.xlsx`` with answer lists as data validation and instructions in Bahasa Indonesia,
byte-identical for the same configuration, and read back by the pipeline exactly as they are
(the survey through :mod:`budaya_kerja.io.ingest` and :mod:`budaya_kerja.io.clean`, the worksheets
through :mod:`budaya_kerja.io.worksheets`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.ingest import column_map
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.io.units import load_units
from budaya_kerja.io.worksheets import blank_worksheets, finish_workbook
from budaya_kerja.messages import message
from budaya_kerja.settings import REPO_ROOT, Instrument, load_config

__all__ = [
    "GOLONGAN", "ROWS", "SURVEY_HEADERS", "SURVEY_INSTRUCTIONS", "main", "survey_template",
    "write_templates",
]  # fmt: skip

# Header of each survey field in the template; every one must be a configured alias.
SURVEY_HEADERS = {
    "waktu": "Waktu Pengisian", "nip": "NIP", "nama": "Nama Lengkap", "unit": "Unit Kerja",
    "jenis_kelamin": "Jenis Kelamin", "status_kepegawaian": "Status Kepegawaian",
    "golongan": "Golongan", "jenis_jabatan": "Jenis Jabatan", "usia": "Usia",
    "saran": "Saran dan Masukan",
}  # fmt: skip
# Golongan of PNS: I/a-I/d, II/a-II/d, III/a-III/d, IV/a-IV/e (PPPK leave it blank).
GOLONGAN = [f"{r}/{s}" for r in ("I", "II", "III") for s in "abcd"] + [f"IV/{s}" for s in "abcde"]
ROWS = 2000  # rows that carry the answer lists
SURVEY_INSTRUCTIONS = [
    "PETUNJUK PENGISIAN SURVEI BUDAYA KERJA ASN BERAKHLAK",
    "",
    "1. Satu baris untuk satu pegawai. Jangan mengubah judul kolom pada baris pertama.",
    "2. NIP ditulis 18 digit tanpa spasi; kolom NIP sudah berformat Teks agar Excel tidak "
    "mengubahnya menjadi angka 1,99E+17.",
    "3. Pilih Unit Kerja, Jenis Kelamin, Status Kepegawaian, Golongan dan Jenis Jabatan dari "
    "daftar pilihan.",
    "4. Setiap pernyataan perilaku dijawab dengan salah satu pilihan: {labels}.",
    "5. Waktu Pengisian ditulis sebagai tanggal dan jam (mis. 01/10/{year} 08:30:00).",
    "6. NIP dan nama tidak pernah diterbitkan: sebelum diolah, NIP diganti dengan kode samaran "
    "dan nama serta saran tidak ikut dianalisis.",
]


def _labels(scale: dict) -> list[str]:
    """One label per answer code: the first configured label of each code, capitalised."""
    first: dict[int, str] = {}
    for label, code in scale["labels"].items():
        first.setdefault(int(code), label)
    codes = range(int(scale["min"]), int(scale["max"]) + 1)
    missing = [c for c in codes if c not in first]
    if missing:
        raise BudayaKerjaError(message("template.labels", missing=missing))
    return [first[c].title() for c in codes]


def survey_template(config: dict, units: dict, year: int) -> bytes:
    """The blank survey form: the configured fields and the behaviour statements as columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    instrument = Instrument.from_config(config)
    fields = [f for f in SURVEY_HEADERS if f in config["columns"] or f in ("nip", "unit")]
    headers = [SURVEY_HEADERS[f] for f in fields]
    items = [f"{i}. {instrument.statements[i]}" for i in instrument.items]
    mapped = column_map([*headers, *items], config["columns"], instrument)
    wrong = [h for h, f in zip(headers, fields, strict=True) if mapped.get(h) != f]
    if wrong or len(mapped) != len(headers) + len(items):
        raise BudayaKerjaError(message("template.headers", wrong=wrong))
    if "saran" in fields:  # free text last, after the statements
        fields.remove("saran")
        headers.remove(SURVEY_HEADERS["saran"])
        tail = [SURVEY_HEADERS["saran"]]
    else:
        tail = []
    labels = _labels(config["scale"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Survei"
    ws.append([*headers, *items, *tail])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    lists = wb.create_sheet("Daftar")
    names = [u["name"] for u in units["units"]]
    for i, name in enumerate(names, start=1):
        lists.cell(i, 1, name)
    lists.sheet_state = "hidden"
    demographics = config.get("demographics", {})
    choices = {
        "unit": f"Daftar!$A$1:$A${len(names)}",
        "jenis_kelamin": '"Laki-laki,Perempuan"',
        "status_kepegawaian": '"' + ",".join(sorted(set(demographics.get(
            "status_kepegawaian", {"pns": "PNS", "pppk": "PPPK"}).values()))) + '"',
        "golongan": '"' + ",".join(GOLONGAN) + '"',
        "jenis_jabatan": '"' + ",".join(dict.fromkeys(demographics.get(
            "jenis_jabatan", {}).values())) + '"',
    }  # fmt: skip
    for j, field in enumerate(fields, start=1):
        col = get_column_letter(j)
        ws.column_dimensions[col].width = 22
        if field == "nip":
            for r in range(2, ROWS + 2):
                ws.cell(r, j).number_format = "@"
        if field == "usia":
            dv = DataValidation(type="whole", operator="between", formula1="17", formula2="70",
                                allow_blank=True)  # fmt: skip
        elif field in choices and choices[field] != '""':
            dv = DataValidation(type="list", formula1=choices[field], allow_blank=True)
        else:
            continue
        dv.error, dv.errorTitle, dv.showErrorMessage = (
            "Pilih dari daftar.",
            "Isian tidak valid",
            True,
        )
        dv.add(f"{col}2:{col}{ROWS + 1}")
        ws.add_data_validation(dv)
    first, last = len(fields) + 1, len(fields) + len(items)
    dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    dv.error, dv.errorTitle, dv.showErrorMessage = (
        "Pilih jawaban dari daftar.",
        "Jawaban tidak valid",
        True,
    )
    dv.add(f"{get_column_letter(first)}2:{get_column_letter(last)}{ROWS + 1}")
    ws.add_data_validation(dv)
    for j in range(first, last + 1):
        ws.column_dimensions[get_column_letter(j)].width = 18
    lines = [line.format(labels=", ".join(labels), year=year) for line in SURVEY_INSTRUCTIONS]
    return finish_workbook(wb, lines, year, "budaya_kerja.template", index=1)  # as shipped


def write_templates(config: dict, units: dict, rubric_path: str | Path, year: int,
                    outdir: str | Path) -> list[Path]:  # fmt: skip
    """Write ``survei-<year>-templat.xlsx`` and ``evaluasi/lke-<year>-<agency>.xlsx``."""
    outdir = Path(outdir)
    (outdir / "evaluasi").mkdir(parents=True, exist_ok=True)
    written = [outdir / f"survei-{year}-templat.xlsx"]
    written[0].write_bytes(survey_template(config, units, year))
    for name, data in blank_worksheets(load_rubric(rubric_path), units, year).items():
        (outdir / "evaluasi" / name).write_bytes(data)
        written.append(outdir / "evaluasi" / name)
    return written


def main(argv: list[str] | None = None) -> None:
    import sys

    from budaya_kerja.errors import excepthook

    sys.excepthook = excepthook
    parser = argparse.ArgumentParser(description="Write the blank survey and LKE templates.")
    parser.add_argument("--config", default=None, help="config.yaml (default: the repo's)")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", default="templat")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    local = Path(config["units_file"])
    units = load_units(local if local.exists() else REPO_ROOT / config["units_file"])
    rubric = Path(config["evaluation"]["rubric_file"])
    rubric = rubric if rubric.exists() else REPO_ROOT / rubric
    for path in write_templates(config, units, rubric, args.year, args.out):
        print(path)


if __name__ == "__main__":
    main()

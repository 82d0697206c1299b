"""The analyst workbook (``tabel-<year>.xlsx``): the year's tables for analysts, in Bahasa
Indonesia.

One sheet per table (``workbook.yaml`` beside this module names the sheets, and for every
column its header, meaning, unit and number format), a first sheet ``keterangan`` (what the
workbook holds, what a marked cell means, which sheets are left out and why) and a last sheet
``kodebuku`` (each sheet's columns: header, original column name, meaning, unit). Headers
are bold with frozen panes and filters; columns are as wide as their content; numbers keep
their full precision and are *shown* to 1 decimal (scores), as percent (shares) or to 3
decimals (p-values, coefficients) by their cell's number format. Cells a suppressed row
leaves empty say ``disembunyikan`` (grey); with synthetic data every sheet opens with the
DATA SINTETIS line. A table without rows gets no sheet (``keterangan`` says so). The same
tables give the same bytes (:func:`budaya_kerja.io.tables.deterministic_zip`).
"""

from __future__ import annotations

import functools
import io
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from budaya_kerja.io.tables import deterministic_zip
from budaya_kerja.text import names

__all__ = ["HIDDEN", "SYNTHETIC", "build_workbook", "spec", "workbook_sheets", "write_workbook"]

HIDDEN = "disembunyikan"  # in the cells a suppressed row leaves empty
SYNTHETIC = ("DATA SINTETIS — angka dalam lembar ini berasal dari data buatan untuk uji metode, "
             "bukan dari survei sebenarnya.")  # fmt: skip
MAX_WIDTH = 60  # characters: wider text wraps in its cell


@functools.cache
def spec() -> dict:
    """The workbook's sheets, columns, value translations and formats (``workbook.yaml``)."""
    text = resources.files("budaya_kerja.report").joinpath("workbook.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8"))


def _translate(column: str, values: pd.Series) -> pd.Series:
    """Text values in Bahasa Indonesia: whole values by ``values``, phrases by ``phrases``."""
    book = spec()
    out = values
    if column in book["values"]:
        out = out.map(lambda v: book["values"][column].get(v, v) if isinstance(v, str) else v)
    if column == "programme":  # the report's words (workshop: lokakarya)
        out = out.map(lambda v: names.programme_name(v) if isinstance(v, str) else v)
    if column in ("family", "note"):
        for pattern, replacement in book["phrases"]:
            out = out.map(lambda v, p=pattern, r=replacement: re.sub(p, r, v)
                          if isinstance(v, str) else v)  # fmt: skip
    return out


def _yes_no(value):
    if isinstance(value, (bool, np.bool_)) or value in ("True", "False"):
        return "ya" if value in (True, "True") else "tidak"
    return value


def workbook_sheets(tables: dict[str, pd.DataFrame | None]) -> dict[str, pd.DataFrame]:
    """The sheets' tables: for each sheet of :func:`spec` whose table (``tables``, keyed by
    table name) has rows, its listed columns in order, text values in Bahasa Indonesia,
    booleans as ya/tidak; still the original column names and full-precision numbers."""
    out = {}
    for sheet, entry in spec()["sheets"].items():
        frame = tables.get(entry["table"])
        if frame is None or frame.empty:
            continue
        columns = [c for c in entry["columns"] if c in frame.columns]
        frame = frame[columns].copy()
        for column in columns:
            kind = entry["columns"][column][3]
            if kind == "flag":
                frame[column] = frame[column].map(_yes_no)
            elif kind == "text":
                frame[column] = _translate(column, frame[column].astype("object"))
        out[sheet] = frame.reset_index(drop=True)
    return out


def _hidden_rows(frame: pd.DataFrame) -> np.ndarray:
    if "suppressed" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return (frame["suppressed"] == "ya").to_numpy()


def build_workbook(tables: dict[str, pd.DataFrame | None], *, year: int, synthetic: bool) -> bytes:
    """The workbook's bytes (module docstring); ``tables`` by table name (``estimates``,
    ``comparison``, ...), None or empty for a table the year does not have."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = spec()
    sheets = workbook_sheets(tables)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    banner_font = Font(bold=True, color="FFFFFF")
    banner_fill = PatternFill("solid", fgColor="B2182B")
    top = 2 if synthetic else 1  # the header row

    wb = Workbook()
    info = wb.active
    info.title = "keterangan"

    def banner(ws):
        if synthetic:
            ws.cell(row=1, column=1, value=SYNTHETIC).font = banner_font
            for col in range(1, max(ws.max_column, 6) + 1):
                ws.cell(row=1, column=col).fill = banner_fill

    lines = [f"Tabel hasil survei Budaya Kerja ASN BerAKHLAK tahun {int(year)}", ""]
    lines += [f"{name}: {book['sheets'][name]['title']}" for name in sheets]
    lines += ["kodebuku: arti dan satuan setiap kolom", ""]
    lines += [f"Sel bertuliskan '{HIDDEN}' (abu-abu): angka kelompok itu tidak diterbitkan "
              "(terlalu sedikit responden, atau agar tidak dapat dihitung dari selisih).",
              "Angka disimpan dengan presisi penuh; tampilannya dibulatkan oleh format sel "
              "(skor 1 desimal, proporsi dalam persen)."]  # fmt: skip
    left_out = [name for name, entry in book["sheets"].items() if name not in sheets
                and entry["table"] in tables]  # fmt: skip
    lines += [f"Lembar {name} ({book['sheets'][name]['title'].lower()}) tidak ada untuk tahun "
              f"{int(year)}: " + book["sheets"][name].get("empty", "tabelnya tidak berisi baris")
              + "." for name in left_out]  # fmt: skip
    for i, line in enumerate(lines, start=top):
        info.cell(row=i, column=1, value=line)
    info.cell(row=top, column=1).font = bold
    info.column_dimensions["A"].width = 100
    banner(info)

    for name, frame in sheets.items():
        columns = book["sheets"][name]["columns"]
        ws = wb.create_sheet(name)
        hidden = _hidden_rows(frame)
        for j, column in enumerate(frame.columns, start=1):
            header, _meaning, _unit, kind = columns[column]
            ws.cell(row=top, column=j, value=header).font = bold
            number_format = book["formats"][kind]
            values = frame[column].tolist()
            width = len(header)
            numeric = kind not in ("text", "flag")
            for i, value in enumerate(values):
                cell = ws.cell(row=top + 1 + i, column=j)
                missing = value is None or (isinstance(value, float) and np.isnan(value)) or (
                    value is pd.NA)  # fmt: skip
                if missing:
                    if hidden[i] and numeric:
                        cell.value = HIDDEN
                        cell.fill = grey
                        width = max(width, len(HIDDEN))
                    continue
                if numeric:
                    cell.value = float(value) if kind != "count" else _count(value)
                    cell.number_format = number_format
                    width = max(width, 8)
                else:
                    cell.value = str(value)
                    width = max(width, len(str(value)))
            ws.column_dimensions[get_column_letter(j)].width = min(width, MAX_WIDTH) + 2
            if width > MAX_WIDTH:
                for row in ws.iter_rows(min_row=top + 1, min_col=j, max_col=j):
                    row[0].alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = ws.cell(row=top + 1, column=1).coordinate
        last = get_column_letter(len(frame.columns))
        ws.auto_filter.ref = f"A{top}:{last}{top + len(frame)}"
        banner(ws)

    code = wb.create_sheet("kodebuku")
    header = ["Lembar", "Kolom", "Nama kolom di tabel CSV", "Arti", "Satuan"]
    for j, text in enumerate(header, start=1):
        code.cell(row=top, column=j, value=text).font = bold
    row = top + 1
    for name, frame in sheets.items():
        for column in frame.columns:
            label, meaning, unit, _kind = book["sheets"][name]["columns"][column]
            for j, text in enumerate([name, label, column, meaning, unit], start=1):
                code.cell(row=row, column=j, value=text)
            row += 1
    for j, width in enumerate([16, 32, 24, 90, 18], start=1):
        code.column_dimensions[get_column_letter(j)].width = width
    code.freeze_panes = code.cell(row=top + 1, column=1).coordinate
    code.auto_filter.ref = f"A{top}:E{row - 1}"
    banner(code)

    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _count(value) -> float | int:
    number = float(value)
    return int(number) if number.is_integer() else number


def write_workbook(
    tables: dict[str, pd.DataFrame | None], path: str | Path, *, year: int, synthetic: bool
) -> Path:
    """Write :func:`build_workbook` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_workbook(tables, year=year, synthetic=synthetic))
    return path

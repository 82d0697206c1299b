"""Build small export files for tests (generated, never pasted)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ITEMS = [f"{v}{i}" for v in ["BP", "AK", "KO", "HA", "LO", "AD", "KL"] for i in (1, 2, 3)]


def nip(n: int, birth: str = "19860926", tmt: str = "201505", sex: str = "1") -> str:
    return f"{birth}{tmt}{sex}{n:03d}"


def row(n: int = 1, unit: str = "Dinas Kesehatan", answer=4, **extra) -> dict:
    """One questionnaire: a valid PNS NIP, an agency, a timestamp and 21 answers."""
    base = {"Timestamp": f"0{1 + n % 9}/10/2025 08:00:00", "NIP": nip(n), "Nama": f"Pegawai {n}",
            "Unit Kerja": unit, "Jenis Kelamin": "Laki-laki", "Usia": "39"}  # fmt: skip
    base.update({item: answer for item in ITEMS})
    base.update(extra)
    return base


def write_csv(path: Path, rows: list[dict], sep=",", encoding="utf-8") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep, encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[dict], title: str | None = None) -> Path:
    frame = pd.DataFrame(rows)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, startrow=1 if title else 0)
        if title:
            writer.sheets["Sheet1"]["A1"] = title
    return path


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, extracted with pypdf (reads Typst's Type0 fonts via ToUnicode)."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def decoded_text(path: Path) -> str:
    """Everything a person could read in a file: Parquet and xlsx cells as text (their bytes
    are compressed), PDF text via pypdf, anything else as UTF-8 (other bytes replaced)."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype("string").to_csv(index=False)
    if path.suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None, engine="openpyxl")
        return "\n".join(frame.to_csv(index=False) for frame in sheets.values())
    if path.suffix == ".pdf":
        return pdf_text(path.read_bytes())
    return path.read_bytes().decode("utf-8", errors="replace")


def output_texts(root: Path, parts=("data/processed", "reports", "logs", ".snakemake/log")):
    """(path, decoded text) of every output file under ``root``."""
    for part in parts:
        for path in sorted((root / part).rglob("*")):
            if path.is_file():
                yield path, decoded_text(path)


def xlsx_with_empty_rows(path: Path, rows: list[dict], n_empty: int, styled: int = 3) -> Path:
    """A workbook holding ``rows`` and then ``n_empty`` formatted but empty rows (``styled``
    cells each, as a template formatted far below its data; the sheet's dimension covers
    every column): written by openpyxl, then the empty rows added to the sheet's XML
    directly (openpyxl itself takes minutes to write them)."""
    import re
    import zipfile

    from openpyxl.utils import get_column_letter

    write_xlsx(path, rows)
    width = len(rows[0])
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    first = len(rows) + 2
    cells = "".join(f'<c r="{col}{{r}}" s="0"/>' for col in letters[:styled])
    empty = "".join(f'<row r="{r}">' + cells.replace("{r}", str(r)) + "</row>"
                    for r in range(first, first + n_empty))  # fmt: skip
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet = sheet.replace("</sheetData>", empty + "</sheetData>")
    sheet = re.sub(r'<dimension ref="[^"]*" ?/>',
                   f'<dimension ref="A1:{letters[-1]}{first + n_empty - 1}"/>', sheet)  # fmt: skip
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


BLANK = None  # a blank line (a CSV) or an empty row (a workbook) in :func:`csv_lines`


def csv_lines(records: list, sep=",", end="\n") -> str:
    """A CSV's text, one spreadsheet row per entry: ``BLANK``, a title string, a list (the
    header) or a questionnaire dict (a value holding a newline spans lines but stays one row)."""
    out = []
    for record in records:
        if record is BLANK:
            out.append("")
        elif isinstance(record, str):
            out.append(record)
        else:
            header = not isinstance(record, dict)
            frame = pd.DataFrame(columns=record) if header else pd.DataFrame([record])
            text = frame.to_csv(index=False, header=header, sep=sep, lineterminator=end)
            out.append(text.removesuffix(end))
    return end.join(out) + end

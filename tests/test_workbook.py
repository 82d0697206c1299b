"""The analyst workbook, read back with openpyxl: Indonesian headers and values, a codebook,
frozen panes, filters, widths, number formats on exact values, suppressed cells marked,
DATA SINTETIS on every sheet, no header-only sheet, the same bytes for the same tables."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from budaya_kerja.report import workbook


def _tables(processed, year):
    return {
        "estimates": processed.estimates.query(f"year == {year}"),
        "response_rates": processed.of(year, "response_rates"),
        "reliability": processed.of(year, "reliability"),
        "target": processed.of(year, "target"),
        "comparison": processed.comparison if year == 2025 else None,
        "programmes": pd.DataFrame(columns=["programme", "effect"]),  # a header-only table
    }


@pytest.fixture(scope="module")
def book(processed):
    data = workbook.build_workbook(_tables(processed, 2025), year=2025, synthetic=True)
    return data, load_workbook(io.BytesIO(data))


def _header(ws, top=2):
    """The header row (the DATA SINTETIS line may reach past the last column)."""
    cells = [c.value for c in ws[top]]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def test_sheets_codebook_and_left_out_tables(book, processed):
    data, wb = book
    assert wb.sheetnames == ["keterangan", "estimasi", "tingkat_respons", "reliabilitas",
                             "target", "perbandingan", "kodebuku"]  # fmt: skip
    info = " ".join(str(c.value) for c in wb["keterangan"]["A"] if c.value)
    assert "Lembar program" in info and "tidak ada untuk tahun 2025" in info
    code = wb["kodebuku"]
    assert _header(code) == ["Lembar", "Kolom", "Nama kolom di tabel CSV", "Arti", "Satuan"]
    listed = {(r[0], r[2]) for r in code.iter_rows(min_row=3, values_only=True)}
    for name in wb.sheetnames[1:-1]:
        ws = wb[name]
        n_columns = len(_header(ws))
        assert sum(1 for sheet, _ in listed if sheet == name) == n_columns
    for row in code.iter_rows(min_row=3, max_col=5, values_only=True):
        assert all(row), row  # every column has a header, name, meaning and unit
    assert ("estimasi", "estimate") in listed and ("perbandingan", "p_adj") in listed
    # a second build of the same tables gives the same bytes
    again = workbook.build_workbook(_tables(processed, 2025), year=2025, synthetic=True)
    assert again == data


def test_headers_and_values_are_indonesian(book):
    _data, wb = book
    snake = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
    english = {"all", "index", "below", "within", "above", "True", "False", "holm", "fdr_bh",
               "headline", "unit", "suppressed"}  # fmt: skip
    for ws in wb.worksheets[1:-1]:
        header = _header(ws)
        assert not [h for h in header if snake.match(str(h))], ws.title
        for row in ws.iter_rows(min_row=3, values_only=True):
            assert not english & {v for v in row if isinstance(v, str)}, (ws.title, row)
            assert not [v for v in row if isinstance(v, str) and re.search(r"\bin \d{4}", v)]
    est = wb["estimasi"]
    first = dict(zip(_header(est), next(est.iter_rows(min_row=3, values_only=True)), strict=True))
    assert first["Rincian"] == "provinsi" and first["Ukuran"] == "indeks"
    assert first["Kategori pasti"] in ("ya", "tidak")


def test_layout_formats_and_exact_values(book, processed):
    _data, wb = book
    for ws in wb.worksheets:
        assert str(ws["A1"].value).startswith("DATA SINTETIS"), ws.title
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A3", ws.title
        assert ws.auto_filter.ref.startswith("A2:"), ws.title
        assert ws.max_row > 2, ws.title  # no header-only sheet
        widths = [ws.column_dimensions[c].width for c in ("A", "B")]
        assert all(w and w >= 6 for w in widths), ws.title
    est = wb["estimasi"]
    header = _header(est)
    col = {h: i for i, h in enumerate(header)}
    rows = list(est.iter_rows(min_row=3))
    province = processed.estimates.query("year == 2025 and group_by == 'all' and "
                                         "measure == 'index'").iloc[0]  # fmt: skip
    score = rows[0][col["Skor"]]
    assert score.value == province.estimate  # stored exactly, not rounded
    assert score.number_format == "0.0"
    assert rows[0][col["Jawaban positif"]].number_format == "0.0"
    assert rows[0][col["Responden"]].number_format == "#,##0"
    rates = wb["tingkat_respons"]
    column = _header(rates).index("Tingkat respons")
    shown = [r[column] for r in rates.iter_rows(min_row=3) if isinstance(r[column].value, float)]
    assert shown and all(c.number_format == "0.0%" and 0 < c.value <= 1 for c in shown)
    comp = wb["perbandingan"]
    p_adj = comp.cell(row=3, column=_header(comp).index("p terkoreksi") + 1)
    assert p_adj.number_format == "0.000"


def test_suppressed_cells_are_marked(book, processed):
    _data, wb = book
    est = wb["estimasi"]
    header = _header(est)
    col = {h: i for i, h in enumerate(header)}
    hidden = [r for r in est.iter_rows(min_row=3, values_only=True) if r[col["Disembunyikan"]]
              == "ya"]  # fmt: skip
    expected = processed.estimates.query("year == 2025").suppressed.sum()
    assert len(hidden) == expected > 0
    for row in hidden:
        assert row[col["Skor"]] == workbook.HIDDEN
        assert row[col["IK bawah"]] == workbook.HIDDEN
    shown = [r for r in est.iter_rows(min_row=3, values_only=True)
             if r[col["Disembunyikan"]] == "tidak"]  # fmt: skip
    assert all(isinstance(r[col["Skor"]], (int, float)) for r in shown)


def test_real_data_has_no_synthetic_mark(processed):
    data = workbook.build_workbook(_tables(processed, 2024), year=2024, synthetic=False)
    wb = load_workbook(io.BytesIO(data))
    assert "perbandingan" not in wb.sheetnames
    for ws in wb.worksheets:
        assert "SINTETIS" not in str(ws["A1"].value)
    assert wb["estimasi"].freeze_panes == "A2"
    info = " ".join(str(c.value) for c in wb["keterangan"]["A"] if c.value)
    assert "belum ada tahun sebelumnya" in info


def test_programmes_are_named_as_in_the_report(processed):
    """The workbook says *lokakarya*, as the report does, not the data's ``workshop``."""
    tables = {"programmes": pd.DataFrame({"programme": ["podcast", "seminar", "workshop"],
                                          "effect": [0.5, -0.4, 5.5]})}  # fmt: skip
    wb = load_workbook(io.BytesIO(workbook.build_workbook(tables, year=2025, synthetic=False)))
    names = [row[0] for row in wb["program"].iter_rows(min_row=2, values_only=True)]
    assert names == ["podcast", "seminar", "lokakarya"]

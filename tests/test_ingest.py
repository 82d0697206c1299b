import pandas as pd
import pytest

from budaya_kerja.errors import InputFileError
from budaya_kerja.io.ingest import column_map, normalise_header, read_export

from .exports import BLANK, ITEMS, csv_lines, nip, row, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("english")


def test_normalise_header():
    assert normalise_header("  Unit Kerja (OPD) ") == "unit kerja opd"
    assert normalise_header(None) == ""


def test_headers_by_alias_code_and_statement(config, instrument):
    headers = ["NIP", "Perangkat Daerah", "BP1. Memahami dan memenuhi kebutuhan masyarakat",
               "[AK2]", "Ramah, cekatan, solutif, dan dapat diandalkan", "No"]  # fmt: skip
    mapping = column_map(headers, config["columns"], instrument)
    assert mapping == {"NIP": "nip", "Perangkat Daerah": "unit",
                       "BP1. Memahami dan memenuhi kebutuhan masyarakat": "BP1",
                       "[AK2]": "AK2", "Ramah, cekatan, solutif, dan dapat diandalkan": "BP2"}  # fmt: skip


@pytest.mark.parametrize("sep,encoding", [(",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252")])
def test_csv_variants_read_the_same(tmp_path, config, instrument, sep, encoding):
    path = write_csv(
        tmp_path / "a.csv", [row(1, unit="Dinas Pendidikan Café"), row(2)], sep, encoding
    )
    export = read_export(path, config["columns"], instrument)
    assert export.table["unit"].tolist() == ["Dinas Pendidikan Café", "Dinas Kesehatan"]
    assert export.table["row"].tolist() == [2, 3]
    assert export.table["BP1"].tolist() == ["4", "4"]
    assert "nama" in export.table and set(ITEMS) <= set(export.table.columns)


def test_xlsx_with_title_row_keeps_sheet_row_numbers(tmp_path, config, instrument):
    path = write_xlsx(tmp_path / "a.xlsx", [row(1), row(2, answer=5)], title="Rekap Survei 2025")
    export = read_export(path, config["columns"], instrument)
    assert export.table["row"].tolist() == [3, 4]  # title row 1, header row 2
    assert export.table["KL3"].tolist() == ["4", "5"]


def test_missing_required_column_names_file_and_fix(tmp_path, config, instrument):
    bad = [{k: v for k, v in row(1).items() if k != "KO2"}]
    path = write_csv(tmp_path / "survei.csv", bad)
    with pytest.raises(InputFileError, match=r"survei\.csv.*\['KO2'\].*config\.yaml"):
        read_export(path, config["columns"], instrument)


def test_unsupported_and_empty_files_stop(tmp_path, config, instrument):
    (tmp_path / "a.ods").write_bytes(b"x")
    with pytest.raises(InputFileError, match="not a supported export format"):
        read_export(tmp_path / "a.ods", config["columns"], instrument)
    (tmp_path / "b.csv").write_bytes(b"  \n")
    with pytest.raises(InputFileError, match="empty"):
        read_export(tmp_path / "b.csv", config["columns"], instrument)


def test_two_columns_for_one_field_stop(tmp_path, config, instrument):
    path = write_csv(tmp_path / "a.csv", [{**row(1), "OPD": "Dinas Kesehatan"}])
    with pytest.raises(InputFileError, match="map to \\['unit'\\]"):
        read_export(path, config["columns"], instrument)


def test_embedded_newline_in_quoted_field(tmp_path, config, instrument):
    path = write_csv(tmp_path / "a.csv", [row(1, Saran="baris satu\nbaris dua"), row(2)])
    export = read_export(path, config["columns"], instrument)
    assert len(export.table) == 2 and export.table["row"].tolist() == [2, 3]
    assert isinstance(export.table, pd.DataFrame)


def test_any_item_code_heads_its_column(config):
    from budaya_kerja.settings import Instrument

    inst = Instrument({"A": ["A1", "A10", "EXT_3", "q2b"]}, {"A": "A"},
                      {"A1": "", "A10": "", "EXT_3": "", "q2b": ""})  # fmt: skip
    headers = ["A1", "[A10] I am the life of the party", "ext 3", "EXT_3.", "Q2b", "a 1", "NIP"]
    mapping = column_map(headers, config["columns"], inst)
    assert mapping["A1"] == "A1" and mapping["a 1"] == "A1"  # 'A1' and 'A 1' both: doubled
    assert mapping["[A10] I am the life of the party"] == "A10"  # never read as A1
    assert mapping["ext 3"] == mapping["EXT_3."] == "EXT_3"
    assert mapping["Q2b"] == "q2b" and mapping["NIP"] == "nip"
    assert "A100" not in column_map(["A100"], config["columns"], inst)


def test_an_anonymous_export_needs_no_nip(tmp_path, config, instrument):
    rows = [{k: v for k, v in row(i).items() if k not in ("NIP", "Nama")} for i in (1, 2)]
    path = write_csv(tmp_path / "anonim.csv", rows)
    with pytest.raises(InputFileError, match="set `anonymous: true`"):
        read_export(path, config["columns"], instrument)
    export = read_export(path, config["columns"], instrument, anonymous=True)
    assert len(export.table) == 2 and "nip" not in export.table
    # A NIP column an anonymous survey still has is not read.
    with_nip = read_export(write_csv(tmp_path / "b.csv", [row(1)]), config["columns"],
                           instrument, anonymous=True)  # fmt: skip
    assert "nip" not in with_nip.table


def test_workbook_columns_are_formatted_as_cell_by_cell():
    """The columnar fast path writes every workbook cell exactly as the cell-by-cell rule."""
    import datetime as dt

    from budaya_kerja.io.ingest import _cell_text, _column_text

    cells = [dt.datetime(2024, 9, 27, 8, 10, 40, 999999), dt.datetime(1999, 1, 1), "x", " y ",
             4.0, 4.5, float("nan"), 1.98609262015051e17, -0.0, True, 7, dt.date(2024, 1, 2),
             None, float("inf"), 1e15, 999999999999999.0, -3.0, ""]  # fmt: skip
    got = _column_text(pd.Series(cells * 3, dtype=object)).tolist()
    assert got == [_cell_text(c) for c in cells * 3]
    text_only = pd.Series(["a", "", "b"], dtype=object)
    assert _column_text(text_only).tolist() == ["a", "", "b"]


def _variants(tmp_path) -> dict:
    """Exports written in the shapes real ones come in, as bytes."""
    rows = [row(1, unit="Dinas Pendidikan Café"), row(2, Saran='baik\nsekali, "kata"'), row(3)]
    text = pd.DataFrame(rows).to_csv(index=False)
    plain = pd.DataFrame([row(1), row(2)]).to_csv(index=False)
    return {
        "plain": plain.encode(),
        "bom_crlf": b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode(),
        "cp1252_semicolon": pd.DataFrame(rows[:1] + rows[2:])
        .to_csv(index=False, sep=";")
        .encode("cp1252"),
        "utf16": plain.encode("utf-16"),
        "title_and_blank_lines": ("Rekap Survei\n\n" + plain + "\n\n").encode(),
        "value_over_two_lines": text.encode(),
        "blank_header_cells": plain.replace("\n", ",,\n").encode(),
        "ragged_row": (plain + "1,2\n").encode(),
        "only_cr": plain.replace("\n", "\r").encode(),
        "blank_lines_between_rows": plain.replace("\n", "\n\n").encode(),
        "row_of_separators": (plain + "," * (len(row(1)) - 1) + "\n" + plain.split("\n")[1]
                              + "\n").encode(),
        "row_of_quoted_empties": (plain + ",".join(['""'] * len(row(1))) + "\n").encode(),
        "row_of_a_quote": (plain + ",".join(['""""'] + ['""'] * (len(row(1)) - 1)) + "\n").encode(),
    }  # fmt: skip


@pytest.mark.parametrize("shape", ["plain", "bom_crlf", "cp1252_semicolon", "utf16",
                                   "title_and_blank_lines", "value_over_two_lines",
                                   "blank_header_cells", "ragged_row", "only_cr",
                                   "blank_lines_between_rows", "row_of_separators",
                                   "row_of_quoted_empties", "row_of_a_quote"])  # fmt: skip
def test_fast_csv_path_reads_what_pandas_reads(tmp_path, config, instrument, monkeypatch, shape):
    """pyarrow reads only the mapped columns; where it might read a file otherwise than
    pandas' parser, it declines and pandas reads the file: the table is the same either way."""
    from budaya_kerja.io import ingest

    path = tmp_path / "a.csv"
    path.write_bytes(_variants(tmp_path)[shape])
    taken = []
    fast = ingest._read_mapped
    monkeypatch.setattr(ingest, "_read_mapped", lambda *a: taken.append(fast(*a)) or taken[-1])
    try:
        quick = read_export(path, config["columns"], instrument)
    except InputFileError as exc:
        quick = exc
    monkeypatch.setattr(ingest, "_read_mapped", lambda *a: None)
    try:
        slow = read_export(path, config["columns"], instrument)
    except InputFileError as exc:
        assert str(quick) == str(exc)
        return
    pd.testing.assert_frame_equal(quick.table, slow.table)
    assert quick.unmapped == slow.unmapped
    # The plain shapes go the fast way; a value over two lines, a ragged row, a header with
    # several blank names or a row of empty mapped cells with quotes in its line never does.
    expect_fast = shape in ("plain", "bom_crlf", "cp1252_semicolon", "utf16",
                            "title_and_blank_lines", "only_cr", "blank_lines_between_rows",
                            "row_of_separators", "row_of_a_quote")  # fmt: skip
    counts = {"row_of_separators": 3, "row_of_quoted_empties": 2, "row_of_a_quote": 3}
    assert len(slow.table) == counts.get(shape, len(slow.table))  # an empty row is not read
    assert (bool(taken) and taken[-1] is not None) == expect_fast, taken


def test_unclosed_quote_stops_with_the_file_named(tmp_path, config, instrument):
    plain = pd.DataFrame([row(1), row(2)]).to_csv(index=False)
    path = tmp_path / "survei.csv"
    path.write_text(plain + '20241001,"Dinas Kesehatan\n')
    with pytest.raises(InputFileError, match=r"survei\.csv.*not well-formed CSV.*quote"):
        read_export(path, config["columns"], instrument)


# Spreadsheet rows: BLANK is an empty row; every other entry is one row, a value over two
# lines included. The row a respondent must be reported at is their entry's position + 1.
def _answer(n: int, saran: str = "") -> dict:
    return row(n, unit="Dinas Pendidikan Café", Saran=saran)


SEPARATORS = "{sep}" * (len(_answer(1)) - 1)  # a row of empty cells, as Excel writes one
TITLE = "Rekap Survei 2025" + SEPARATORS  # a title cell and empty ones
LAYOUTS = {
    "blank_lines": [BLANK, TITLE, BLANK, list(_answer(1)), _answer(1), BLANK, _answer(2),
                    BLANK, BLANK, _answer(3), BLANK, BLANK],
    "row_of_separators": [list(_answer(1)), _answer(1), SEPARATORS, _answer(2), BLANK,
                          _answer(3)],
    "value_over_two_lines": [list(_answer(1)), _answer(1, "satu\ndua"), BLANK, _answer(2),
                             _answer(3, "tiga\n\nempat"), BLANK, _answer(4)],
}  # fmt: skip
ENCODINGS = {"lf": (",", "utf-8", "\n"), "crlf_bom": (",", "utf-8-sig", "\r\n"),
             "cr": (",", "utf-8", "\r"), "utf16_tab": ("\t", "utf-16", "\r\n"),
             "cp1252_semicolon": (";", "cp1252", "\r\n")}  # fmt: skip


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("path_taken", ["fast", "pandas"])
def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(
    tmp_path, config, instrument, monkeypatch, layout, encoding, path_taken
):
    """Blank lines count as rows, a value over several lines is one row, a row of separators
    holds nothing and is not read: each respondent's row is where a spreadsheet shows it."""
    from budaya_kerja.io import ingest

    sep, codec, end = ENCODINGS[encoding]
    records = [r.format(sep=sep) if isinstance(r, str) else r for r in LAYOUTS[layout]]
    if end != "\n":  # a value's own line break as the file's, as an editor saving it writes it
        records = [{**r, "Saran": r["Saran"].replace("\n", end)} if isinstance(r, dict) else r
                   for r in records]  # fmt: skip
    path = tmp_path / "a.csv"
    path.write_bytes(csv_lines(records, sep, end).encode(codec))
    taken = []
    fast = ingest._read_mapped
    if path_taken == "pandas":
        monkeypatch.setattr(ingest, "_read_mapped", lambda *a: None)
    else:
        monkeypatch.setattr(ingest, "_read_mapped", lambda *a: taken.append(fast(*a)) or taken[-1])
    table = read_export(path, config["columns"], instrument).table
    expected = {r["NIP"]: i + 1 for i, r in enumerate(records) if isinstance(r, dict)}
    assert dict(zip(table["nip"], table["row"], strict=True)) == expected
    assert set(table["unit"]) == {"Dinas Pendidikan Café"}
    if path_taken == "fast":  # the fast path reads every layout whose records are one line each
        assert (taken[-1] is not None) == (layout != "value_over_two_lines")


@pytest.mark.parametrize("top", [["Rekap Survei 2025", BLANK], [BLANK, BLANK]])
def test_xlsx_rows_keep_the_sheet_numbers_across_empty_rows(tmp_path, config, instrument, top):
    from openpyxl import Workbook

    rows = [*top, list(row(1)), row(1), BLANK, row(2), BLANK, BLANK, row(3)]
    book = Workbook()
    for r, entry in enumerate(rows, start=1):
        cells = [entry] if isinstance(entry, str) else entry or []
        for c, value in enumerate(cells.values() if isinstance(cells, dict) else cells, start=1):
            book.active.cell(row=r, column=c, value=value)
    book.save(tmp_path / "a.xlsx")
    table = read_export(tmp_path / "a.xlsx", config["columns"], instrument).table
    assert table["row"].tolist() == [4, 6, 9]
    assert table["nip"].tolist() == [nip(i) for i in (1, 2, 3)]


def test_csv_rows_match_a_spreadsheet_on_generated_layouts(tmp_path, config, instrument,
                                                           monkeypatch):  # fmt: skip
    """Random layouts (blank lines, titles over one or two lines, rows of separators, values
    over lines with blank lines in them) in every encoding and line end: both paths give each
    respondent the row a spreadsheet shows (the entry's position), known by construction."""
    import random

    from budaya_kerja.io import ingest

    fast = ingest._read_mapped
    taken = []
    rng = random.Random(20251130)
    width = len(_answer(1))
    for _ in range(25):
        sep, codec, end = rng.choice(list(ENCODINGS.values()) + [(";", "utf-16-le", "\n")])
        two_line_title = {"a": f"Rekap{end}2025", **{f"c{j}": "" for j in range(width - 1)}}
        records = [rng.choice([BLANK, "Rekap" + sep * (width - 1), two_line_title])
                   for _ in range(rng.randint(0, 3))] + [list(_answer(1))]  # fmt: skip
        for n in range(1, rng.randint(2, 12)):
            records += rng.choices([[], [BLANK], [sep * (width - 1)]], weights=[6, 3, 1])[0]
            saran = rng.choice(["", "", "a\nb", "x\n\ny", 'kata "kutip"', "a, b; c"])
            records.append(_answer(n, saran.replace("\n", end)))
        records += [BLANK] * rng.randint(0, 2)
        path = tmp_path / "a.csv"
        path.write_bytes(csv_lines(records, sep, end).encode(codec))
        expected = {r["NIP"]: i + 1 for i, r in enumerate(records)
                    if isinstance(r, dict) and "NIP" in r}  # fmt: skip
        for reader in (lambda *a: taken.append(fast(*a)) or taken[-1], lambda *a: None):
            monkeypatch.setattr(ingest, "_read_mapped", reader)
            table = read_export(path, config["columns"], instrument).table
            assert dict(zip(table["nip"], table["row"], strict=True)) == expected, records
    assert 0 < sum(t is not None for t in taken) < len(taken)  # both ways were taken


def test_missing_column_message_names_the_header_row_a_spreadsheet_shows(tmp_path, config,
                                                                         instrument):  # fmt: skip
    """Blank lines and a title over two lines above the header: the header is row 5."""
    bad = {k: v for k, v in row(1).items() if k != "KO2"}
    title = {"a": "Rekap\nSurvei", **{f"c{j}": "" for j in range(len(bad) - 1)}}
    path = tmp_path / "survei.csv"
    path.write_text(csv_lines([BLANK, title, BLANK, BLANK, list(bad), bad], sep=";"))
    with pytest.raises(InputFileError, match=r"\['KO2'\] not found \(header row 5 "):
        read_export(path, config["columns"], instrument)


@pytest.mark.parametrize("kind", ["csv", "csv_multiline", "xlsx"])
def test_an_export_read_in_chunks_is_the_export_read_whole(tmp_path, config, instrument, kind):
    """Chunks of 2 rows, over blank lines and (in a workbook) empty columns on the left: the
    same cells and row numbers as one read, and every row in exactly one chunk."""
    from openpyxl import Workbook

    from budaya_kerja.io.ingest import read_export_chunks

    rows = [BLANK, list(row(1, Saran="")), *[row(n, Saran="a" * (n % 2)) for n in (1, 2, 3)],
            BLANK, BLANK, row(4, Saran=""), BLANK, row(5, Saran=""), BLANK]  # fmt: skip
    if kind == "csv_multiline":  # a value over two lines: read by pandas, not pyarrow
        rows[3] = row(2, Saran="baris satu\nbaris dua")
    if kind == "xlsx":
        path = tmp_path / "a.xlsx"
        book = Workbook()
        for r, entry in enumerate(rows, start=2):  # from B2: an empty row and column first
            cells = entry.values() if isinstance(entry, dict) else entry or []
            for c, value in enumerate(cells, start=2):
                book.active.cell(row=r, column=c, value=value)
        book.save(path)
    else:
        path = tmp_path / "a.csv"
        path.write_text(csv_lines(rows), encoding="utf-8")
    whole = read_export(path, config["columns"], instrument)
    parts = list(read_export_chunks(path, config["columns"], instrument, chunk_rows=2))
    assert len(parts) >= 3 and all(len(p.table) <= 2 for p in parts)
    assert {p.file for p in parts} == {whole.file} and parts[0].unmapped == whole.unmapped
    joined = pd.concat([p.table for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole.table)
    assert whole.table["nip"].tolist() == [nip(i) for i in range(1, 6)]

"""Read survey exports (CSV or XLSX) into one table of text cells with canonical column names.

Reading is deliberately dumb: every cell stays text (Excel dates and numbers become text
in a fixed format) so that ``clean`` can validate every value and report it as the analyst
sees it. Each row keeps its file name and its row number as a spreadsheet shows it: in a CSV
every record is a row, blank lines included, and a quoted value over several lines is one row;
in a workbook, the sheet's own row numbers. A row holding no value (a blank line, a row of
separators, an empty sheet row) is not read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from budaya_kerja.errors import InputFileError
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument

__all__ = [
    "ANONYMOUS_REQUIRED", "REQUIRED", "Export", "code_spellings", "column_map", "normalise_header",
    "read_export", "read_export_chunks", "read_frame",
]  # fmt: skip

REQUIRED = ("nip", "unit")
SHEET_CHUNK_ROWS = 20_000  # most rows of a workbook turned into Python objects at a time
ANONYMOUS_REQUIRED = ("unit",)  # an anonymous survey's exports have no NIP


@dataclass
class Export:
    """One export file read: canonical columns of text cells plus ``file`` and ``row``."""

    file: str
    table: pd.DataFrame
    unmapped: list[str]  # export columns that matched no field (ignored, e.g. "No")


def normalise_header(text) -> str:
    """Lower case, punctuation to spaces, single spaces: 'Unit Kerja (OPD)' -> 'unit kerja opd'."""
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def code_spellings(code: str) -> set[str]:
    """How an item code may head an export column once normalised: the code itself
    ('KO1' -> 'ko1', 'EXT_3' -> 'ext 3') and with a space between its letters and digits
    ('ko 1')."""
    norm = normalise_header(code)
    spaced = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", norm)
    return {norm, spaced} - {""}


def _item_of(norm: str, codes: dict[str, str]) -> str | None:
    """The item whose code starts the header as a whole word ('ko1 meningkatkan ...',
    '[A1]', 'A1.'); the longest code wins, so 'A10' is never read as 'A1'."""
    words = norm.split(" ")
    for n in range(len(words), 0, -1):
        item = codes.get(" ".join(words[:n]))
        if item is not None:
            return item
    return None


def column_map(headers: list, columns: dict[str, list[str]], instrument: Instrument) -> dict:
    """Map export headers to canonical fields: item codes (any code the instrument uses, as
    the header or its first word), field aliases, or behaviour statements."""
    aliases = {normalise_header(a): field for field, names in columns.items() for a in names}
    for field in [*columns, *REQUIRED]:
        aliases.setdefault(normalise_header(field), field)
    codes = {spelling: i for i in instrument.items for spelling in code_spellings(i)}
    statements = {normalise_header(s): i for i, s in instrument.statements.items()}
    mapping = {}
    for header in headers:
        norm = normalise_header(header)
        item = _item_of(norm, codes)
        if item is not None:
            mapping[header] = item
        elif norm in aliases:
            mapping[header] = aliases[norm]
        else:
            hit = [i for s, i in statements.items() if s and s in norm]
            if len(hit) == 1:
                mapping[header] = hit[0]
    return mapping


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # fmt: skip


def _decode(path: Path) -> str:
    """The text of a CSV: UTF-8 (with or without BOM), UTF-16/32 with BOM (Excel's "Unicode
    text"), UTF-16 without BOM, else Windows-1252 (Excel's "CSV" on Windows). Bytes that fit
    none stop with the file and the byte's position, never a traceback."""
    return _decoded(path.read_bytes(), path)[0]


def _decoded(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a CSV's bytes (:func:`_decode`) and the encoding it was read with."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputFileError(path.name, message("ingest.empty"), message("ingest.empty_fix"))
    candidates = [enc for bom, enc in _BOMS if data.startswith(bom)][:1]
    if not candidates:
        # Without a BOM, NUL bytes in every other position mean UTF-16 (little or big end).
        head = data[:4096]
        if head[1::2].count(0) > 0.3 * len(head[1::2]) and head[0::2].count(0) == 0:
            candidates = ["utf-16-le"]
        elif head[0::2].count(0) > 0.3 * len(head[0::2]) and head[1::2].count(0) == 0:
            candidates = ["utf-16-be"]
        else:
            candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            # Only the position is kept: the error (holding the bytes) and its traceback
            # (holding this frame) would keep the file's bytes and text alive in a cycle.
            position = exc.start
            continue
        if "\x00" in text:
            raise InputFileError(path.name, message("ingest.binary"), message("ingest.binary_fix"))
        return text, encoding
    raise InputFileError(path.name, message("ingest.undecodable", position=position),
                         message("ingest.undecodable_fix"))  # fmt: skip


def _pick_header(rows: list[list[str]], columns, instrument,
                 required=REQUIRED) -> tuple[int, list[str]] | None:  # fmt: skip
    """The header among the first rows: the one mapping the most fields, the ``required``
    ones (NIP and unit) among them (a title row may sit above it; a cell merged down from the
    row above is empty)."""
    best = None
    for h, own in enumerate(rows[:20]):
        above = rows[h - 1] if h else []
        header = [c or (above[j] if j < len(above) else "") for j, c in enumerate(own)]
        found = set(column_map(header, columns, instrument).values())
        if set(required) <= found and (best is None or len(found) > best[0]):
            best = (len(found), h, header)
    return best[1:] if best else None


def _no_header(name: str, required, rows, columns, instrument) -> InputFileError:
    """No header among ``rows``: say so, or that it lacks only the NIP (an anonymous survey
    set up as one with NIPs). The message names no cell: without a header, the first rows
    are respondents' data."""
    if "nip" in required and _pick_header(rows, columns, instrument, ANONYMOUS_REQUIRED):
        return InputFileError(name, message("ingest.no_nip"), message("ingest.no_nip_fix"))
    if "nip" in required:
        problem = message("ingest.no_header")
    else:
        problem = message("ingest.no_header_anonymous")
    return InputFileError(name, problem, message("ingest.no_header_fix"))


def _read_csv(path: Path, columns, instrument, required=REQUIRED,
              chunk_rows=None) -> tuple[Iterator[pd.DataFrame], int, list[str]]:  # fmt: skip
    """The export's columns as text, indexed by row number, ``chunk_rows`` rows at a time
    (all at once when None), the header's row and the header: only the columns that map to a
    field when pyarrow can read the file exactly as pandas would (:func:`_read_mapped`), else
    all of them. Records holding no value are left out."""
    data = path.read_bytes()
    text, encoding = _decoded(data, path)
    # The separator is the one the first line holding any has most of (blank lines, or a
    # title's first line, may stand above the header).
    lines = text[: 1 << 16].splitlines()
    first = next((line for line in lines if any(sep in line for sep in ",;\t")), "")
    seps = {sep: first.count(sep) for sep in (",", ";", "\t")}
    sep = max(seps, key=seps.get) if max(seps.values()) else ","
    # The header search reads only the first rows (from the first MiB when it holds them);
    # a free-text answer of any length is fine (the csv module's default limit is 128 KiB).
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    head = list(
        itertools.islice(csv.reader(io.StringIO(text[: 1 << 20], newline=""), delimiter=sep), 21)
    )
    if len(head) <= 20:  # the first MiB may end inside a row: read them from the whole text
        head = list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=sep), 20))
    head = head[:20]
    picked = _pick_header(head, columns, instrument, required)
    if picked is None:
        raise _no_header(path.name, required, head, columns, instrument)
    h, header = picked
    if header == head[h] and len(set(header)) == len(header):
        wanted = list(column_map(header, columns, instrument))
        # pyarrow reads UTF-8: the file's bytes, else its text encoded (Windows-1252, UTF-16).
        # Only those bytes are kept while pyarrow reads (the text is decoded again if needed).
        if encoding in ("utf-8", "utf-8-sig"):
            utf8 = memoryview(data)[3:] if data.startswith(b"\xef\xbb\xbf") else data
        else:
            del data
            utf8 = text.encode("utf-8")
        del text
        mapped = _read_mapped(utf8, sep, head[:h], wanted)
        if mapped is not None:
            return _arrow_frames(*mapped, chunk_rows), h + 1, header
        text = str(utf8, "utf-8")
    try:
        # Blank lines are read as records (of empty cells) so that each record's position
        # after the header gives its row; ``skiprows`` counts records, blank lines included,
        # except after a blank line ended by a lone \r (so those ends are read as \n).
        if "\n" not in text:
            text = text.replace("\r", "\n")
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, skiprows=h, header=0, engine="c")  # fmt: skip
    except pd.errors.ParserError as exc:  # e.g. a quote opened and never closed
        raise InputFileError(path.name, message("ingest.malformed", detail=str(exc).strip()),
                             message("ingest.malformed_fix")) from None  # fmt: skip
    frame.columns = header + [f"_extra{i}" for i in range(len(frame.columns) - len(header))]
    frame.index = np.arange(len(frame)) + h + 2  # the header is row h + 1
    empty = _empty_records([frame.iloc[:, j] for j in range(frame.shape[1])])
    frame = frame[~empty] if empty.any() else frame
    return _frame_chunks(frame, chunk_rows), h + 1, list(frame.columns)


def _frame_chunks(frame: pd.DataFrame, chunk_rows) -> Iterator[pd.DataFrame]:
    """``frame`` in slices of ``chunk_rows`` rows (whole when None; once when empty)."""
    step = chunk_rows or max(len(frame), 1)
    for start in range(0, max(len(frame), 1), step):
        yield frame.iloc[start : start + step]


def _arrow_frames(table: pa.Table, rows: np.ndarray, empty: np.ndarray,
                  chunk_rows) -> Iterator[pd.DataFrame]:  # fmt: skip
    """The records of ``table`` as pandas text, ``chunk_rows`` at a time (all when None;
    once when there are none), indexed by their ``rows``, the ``empty`` ones left out: only a
    chunk's cells are Python strings at a time."""
    step = chunk_rows or max(table.num_rows, 1)
    for start in range(0, max(table.num_rows, 1), step):
        frame = table.slice(start, step).to_pandas()
        frame.index = rows[start : start + step]
        gone = empty[start : start + step]
        yield frame[~gone] if gone.any() else frame


def _read_mapped(utf8, sep: str, above: list[list[str]],
                 wanted: list[str]) -> tuple[pa.Table, np.ndarray, np.ndarray] | None:  # fmt: skip
    """The ``wanted`` columns (header names) of a UTF-8 CSV (bytes or a memoryview of them)
    by pyarrow's multi-threaded reader, each record's row number and whether it is empty (for
    :func:`_arrow_frames`, which gives the text pandas reads), or None when the file may read
    differently: a row of another width, or a value spanning lines (then the rows read do not
    match the file's lines). ``above`` are the rows above the header, skipped."""
    try:
        # A block at a time (the whole file's parse at once would hold several times its size)
        reader = pacsv.open_csv(
            pa.BufferReader(pa.py_buffer(utf8)),
            read_options=pacsv.ReadOptions(skip_rows=len(above), block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in wanted}, include_columns=wanted,
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
        table = reader.read_all()
    except (pa.ArrowException, UnicodeError, KeyError):
        return None
    skipped = sum(1 for row in above if row)  # csv.reader gives [] for a blank line
    raw = np.frombuffer(utf8, dtype=np.uint8)
    starts, stops = _line_spans(raw)
    filled = np.flatnonzero(stops > starts)  # pyarrow skips only empty lines
    if table.column_names != wanted or len(filled) != skipped + 1 + table.num_rows:
        return None
    # Each record is one line here: a data row's number is its line's (blank lines count).
    lines = filled[skipped + 1 :]
    # A record whose mapped cells are all empty may still hold a value in another column:
    # its line's bytes tell (a quote may be an empty "" or a value of quotes: pandas decides).
    maybe = _empty_records(table.columns)
    values, quotes = _bytes_in_lines(raw, starts[lines[maybe]], stops[lines[maybe]], sep)
    if quotes.any() and not values[quotes].all():
        return None
    empty = np.zeros(len(lines), dtype=bool)
    empty[np.flatnonzero(maybe)[~values]] = True
    return table, lines + 1, empty


def _line_spans(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each line of a file's bytes starts and stops (its end excluded; ends: \\n,
    \\r\\n, or \\r alone in a file without \\n)."""
    ends = _positions(raw, 10)
    end = 10 if len(ends) else 13
    if end == 13:
        ends = _positions(raw, 13)
    starts = np.concatenate([[0], ends + 1])
    stops = np.concatenate([ends, [len(raw)]])
    if end == 10:  # a \r before the \n is part of the line end
        crlf = np.zeros(len(stops), dtype=bool)
        has = stops > starts
        crlf[has] = raw[stops[has] - 1] == 13
        stops = stops - crlf
    return starts, stops


def _positions(raw: np.ndarray, byte: int, block: int = 1 << 24) -> np.ndarray:
    """Where ``byte`` occurs in ``raw``, found a block at a time (no mask of the whole file)."""
    found = [np.flatnonzero(raw[i : i + block] == byte) + i for i in range(0, len(raw), block)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)


def _bytes_in_lines(raw: np.ndarray, starts: np.ndarray, stops: np.ndarray,
                    sep: str) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Per line (few: the records with no mapped value), whether it holds a byte other than
    the separator, a space, a tab or a quote, and whether it holds a quote."""
    lengths = stops - starts
    line = np.repeat(np.arange(len(starts)), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    cells = raw[np.repeat(starts, lengths) + offset]
    quote = cells == ord('"')
    value = ~np.isin(cells, [ord(sep), ord(" "), ord("\t")]) & ~quote
    count = len(starts)
    return (np.bincount(line, weights=value, minlength=count) > 0,
            np.bincount(line, weights=quote, minlength=count) > 0)  # fmt: skip


def _empty_records(columns: list) -> np.ndarray:
    """Records whose every cell (pandas or pyarrow columns of text) is empty or spaces and
    tabs: a blank line, or a row of separators. Each column is looked at only in the records
    still empty, so nearly all the work is one pass over the first column."""
    rows = np.arange(len(columns[0]))
    for column in columns:
        if isinstance(column, pd.Series):
            cells = pa.array(column.iloc[rows], type=pa.string())
        else:
            cells = column.take(pa.array(rows))
        rows = rows[pc.match_substring_regex(cells, r"^[ \t]*$").to_numpy(zero_copy_only=False)]
        if not len(rows):
            break
    empty = np.zeros(len(columns[0]), dtype=bool)
    empty[rows] = True
    return empty


def _cell_text(value) -> str:
    """A workbook cell as text: datetimes as 'yyyy-mm-dd hh:mm:ss', whole numbers without a
    decimal point, other numbers as Python writes them (1.98609262015051e+17 stays visibly
    mangled), empty cells as ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


_KIND = {str: 1, float: 2, dt.datetime: 3}  # cells formatted as arrays; others one by one


def _column_text(column: pd.Series) -> pd.Series:
    """:func:`_cell_text` of a whole column: text cells as they are, numbers and timestamps
    formatted as arrays; only the few other cells (dates, booleans, odd numbers) one by one."""
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return column.astype(object)
    kind = np.fromiter((_KIND.get(type(v), 0) for v in values), dtype=np.int8, count=len(values))
    out = np.empty(len(values), dtype=object)
    out[kind == 1] = values[kind == 1]
    numbers = values[kind == 2].astype("float64")
    whole = np.isfinite(numbers) & (np.floor(numbers) == numbers) & (np.abs(numbers) < 1e15)
    formatted = np.full(len(numbers), "", dtype=object)
    formatted[whole] = numbers[whole].astype("int64").astype(str).astype(object)
    odd = ~whole & ~np.isnan(numbers)
    formatted[odd] = [repr(float(v)) for v in numbers[odd]]
    out[kind == 2] = formatted
    stamps = values[kind == 3]
    if len(stamps):  # whole seconds, as strftime('%Y-%m-%d %H:%M:%S') writes them
        seconds = np.array(list(stamps), dtype="datetime64[us]").astype("datetime64[s]")
        iso = np.char.replace(np.datetime_as_string(seconds, unit="s"), "T", " ")
        out[kind == 3] = iso.astype(object)
    rest = kind == 0
    out[rest] = [_cell_text(v) for v in values[rest]]
    return pd.Series(out, index=column.index, dtype=object)


def _read_xlsx(
    path: Path, sheet, columns, instrument, required=REQUIRED, chunk_rows=None
) -> tuple[Iterator[pd.DataFrame], int, list[str]]:
    """Read the first sheet with the expected columns (or ``sheet``) with calamine, which
    stops at the last cell holding a value: formatted but empty rows cost nothing. The rows
    holding a value, indexed by the sheet's row numbers, ``chunk_rows`` at a time (all at
    once when None), the header's row and the header."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise InputFileError(path.name, message("ingest.password"),
                             message("ingest.password_fix")) from None  # fmt: skip
    except Exception as exc:  # calamine raises several types for a file that is not a workbook
        raise _not_workbook(path, exc) from None
    names = [sheet] if sheet else book.sheet_names
    first_rows: list[list[str]] = []  # of the first sheet read, for the message
    for name in names:
        if name not in book.sheet_names:
            raise InputFileError(path.name, message("ingest.no_sheet", sheet=name,
                                                    sheets=", ".join(book.sheet_names)),
                                 message("ingest.no_sheet_fix"))  # fmt: skip
        try:
            book_sheet = book.get_sheet_by_name(name)
            cells = book_sheet.to_python(skip_empty_area=False, nrows=20)
        except Exception as exc:
            raise _not_workbook(path, exc) from None
        rows = [[_cell_text(v) for v in row] for row in cells]
        first_rows = first_rows or rows
        picked = _pick_header(rows, columns, instrument, required)
        if picked:
            h, header = picked
            return _sheet_frames(path, book_sheet, h, header, chunk_rows), h + 1, header
    raise _no_header(path.name, required, first_rows, columns, instrument)


def _not_workbook(path: Path, exc: Exception) -> InputFileError:
    return InputFileError(path.name, message("ingest.not_workbook", detail=type(exc).__name__),
                          message("ingest.not_workbook_fix"))  # fmt: skip


def _sheet_frames(path: Path, sheet, h: int, header: list[str],
                  chunk_rows) -> Iterator[pd.DataFrame]:  # fmt: skip
    """The rows below the header ``h`` (0-based) as text, ``chunk_rows`` at a time (all when
    None; once when there are none), indexed by the sheet's row numbers, empty rows left
    out: only a chunk's cells are Python objects at a time."""
    width, step = len(header), chunk_rows or sys.maxsize
    # Rows from the sheet's first row; calamine leaves out the empty columns on the left,
    # which are put back so that every row has the header's width.
    rows = sheet.iter_rows()

    def block(n: int) -> list[list]:
        try:
            return list(itertools.islice(rows, n))
        except Exception as exc:  # a workbook calamine cannot read to its end
            raise _not_workbook(path, exc) from None

    block(h + 1)  # the header and the rows above it
    first, cells = h + 2, block(step)
    while True:
        pad = width - len(cells[0]) if cells else 0
        body = pd.DataFrame([[""] * pad + r for r in cells] if pad else cells, dtype=object)
        body = body.reindex(columns=range(width))
        text = body.apply(_column_text).astype("str") if len(body) else body.astype("str")
        frame = text.set_axis(header, axis=1).set_axis(np.arange(len(text)) + first)
        yield frame[frame.ne("").any(axis=1)]
        first += len(cells)
        cells = block(step)
        if not cells:
            break


def read_export(path: str | Path, columns: dict, instrument: Instrument, sheet=None, *,
                anonymous: bool = False) -> Export:  # fmt: skip
    """Read one export; stop with a clear error if it cannot be used at all.

    An ``anonymous`` survey's exports need no NIP column (one that is there is not read)."""
    (export,) = read_export_chunks(path, columns, instrument, sheet, anonymous=anonymous)
    return export


def read_export_chunks(
    path: str | Path, columns: dict, instrument: Instrument, sheet=None, *,
    anonymous: bool = False, chunk_rows: int | None = None,
) -> Iterator[Export]:  # fmt: skip
    """:func:`read_export` in parts of at most ``chunk_rows`` rows (one part when None), so
    that only a part's cells are Python text at a time. The problems of the file as a whole
    (format, header, columns) stop before the first part."""
    path = Path(path)
    suffix = path.suffix.lower()
    required = ANONYMOUS_REQUIRED if anonymous else REQUIRED
    if suffix == ".csv":
        frames, header_row, headers = _read_csv(path, columns, instrument, required, chunk_rows)
    elif suffix == ".xlsx":
        # A workbook's cells become Python objects (several times the text of a CSV's
        # chunk): read in smaller chunks.
        sheet_rows = min(chunk_rows, SHEET_CHUNK_ROWS) if chunk_rows else None
        frames, header_row, headers = _read_xlsx(path, sheet, columns, instrument, required,
                                                 sheet_rows)  # fmt: skip
    else:
        raise InputFileError(path.name, message("ingest.format", suffix=suffix),
                             message("ingest.format_fix"))  # fmt: skip
    mapping = column_map(headers, columns, instrument)
    fields = list(mapping.values())
    doubled = sorted({f for f in fields if fields.count(f) > 1})
    if doubled:
        cols = [h for h, f in mapping.items() if f in doubled]
        raise InputFileError(path.name, message("ingest.doubled", columns=cols, fields=doubled),
                             message("ingest.doubled_fix"))  # fmt: skip
    needed = [*required, *instrument.items]
    missing = [f for f in needed if f not in fields]
    if missing:
        raise InputFileError(
            path.name,
            message("ingest.missing", missing=missing, row=header_row,
                    columns=[str(c) for c in headers]),
            message("ingest.missing_fix"),
        )  # fmt: skip
    if anonymous:  # a NIP column of an anonymous survey is dropped on read, like names
        mapping = {h: f for h, f in mapping.items() if f != "nip"}
        fields = list(mapping.values())
    unmapped = [str(h) for h in headers if h not in mapping]
    for frame in frames:
        rows = frame.index.to_numpy()  # both readers index rows by the number a spreadsheet shows
        table = frame[list(mapping)].set_axis(fields, axis=1).reset_index(drop=True)
        del frame
        table = table.apply(lambda c: c.str.strip())
        table.insert(0, "row", rows.astype("int64"))
        table.insert(0, "file", path.name)
        yield Export(file=path.name, table=table, unmapped=unmapped)


def read_frame(path: str | Path) -> pd.DataFrame:
    """Population frame: ``unit``, optional strata and ``jumlah`` (headcount), indexed by
    row number as a spreadsheet shows it (the header is the first line holding something;
    blank lines count as rows and are not read)."""
    path = Path(path)
    text = _decode(path)
    if "\n" not in text:  # lone \r line ends: pandas miscounts blank lines ended by them
        text = text.replace("\r", "\n")
    above = text[: len(text) - len(text.lstrip())].count("\n")  # blank lines above the header
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                        skip_blank_lines=False, skiprows=above)  # fmt: skip
    frame.index = np.arange(len(frame)) + above + 2
    frame = frame[~_empty_records([frame[c] for c in frame.columns])]
    frame.columns = [normalise_header(c).replace(" ", "_") for c in frame.columns]
    for needed in ("unit", "jumlah"):
        if needed not in frame.columns:
            raise InputFileError(path.name, message("ingest.frame_column", column=needed),
                                 message("ingest.frame_column_fix"))  # fmt: skip
    counts = pd.to_numeric(frame["jumlah"], errors="coerce")
    bad = counts.isna() | (counts < 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InputFileError(path.name, message("ingest.frame_count", row=frame.index[first],
                                                value=frame["jumlah"].iloc[first]),
                             message("ingest.frame_count_fix"))  # fmt: skip
    frame["jumlah"] = counts.astype("int64")
    return frame

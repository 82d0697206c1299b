"""National-scale synthetic survey exports for the benchmarks, written in seconds.

The shipped generator (:mod:`budaya_kerja.synthetic`) models one province in detail and
writes its files cell by cell; this one writes the same kinds of files for about 550
organisations and millions of respondents a year. Every text column is built with pyarrow
compute kernels and written as one buffer per chunk of rows; the workbooks' sheet XML is built
the same way, so no Python loop touches respondents.

What it reproduces from the shipped exports (see ``budaya_kerja.synthetic.exports``), per year:

- a comma CSV as Google Forms writes it: question text as headers, numbers, dd/mm/yyyy
  timestamps, a byte-order mark in odd years;
- a semicolon CSV in Windows-1252 with answers as label text (long and short labels), item
  codes as headers, ISO timestamps, CRLF line ends;
- .xlsx workbooks (at most ``XLSX_PART_ROWS`` rows each): a title row above the header, start
  and end times as Excel dates, NIPs as text;
- the mess: agency spelling variants (alias, upper case, a suffix), duplicate submissions (an
  earlier, slightly different answer sheet) and exact copies, blank answers, too many blanks,
  out-of-range answers, NIPs mangled by Excel (``1,99E+17``), cut short or typed with spaces,
  unknown agencies, straight-liners, speeders, free-text suggestions, and now and then a
  respondent's name and NIP typed into the agency, golongan, jabatan or suggestion field;
- a panel: most of the first year's respondents answer again the next year (same NIP);
- a population frame (headcounts by unit, sex and status, with empty cells now and then) and a
  programme file.

The answers follow a seven-factor model like the shipped one (correlated person factors,
organisation effects, position effects, a change between the years), so reliability, validity
and comparison have realistic work to do. Nothing here is truth for a test of the statistics.

Usage: ``python -m benchmarks.generate --work /tmp/budaya-kerja-bench/n1000000 --size 1e6``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from budaya_kerja.settings import Instrument, load_config
from budaya_kerja.synthetic import exports as demo
from budaya_kerja.synthetic import survey as synthetic

SEED = 20250116
YEARS = (2024, 2025)
ORGANISATIONS = 550
# Organisation kinds: code prefix, name, aliases, share of organisations (national register:
# ministries and agencies, provinces, regencies, cities).
KINDS = [
    ("KL", "Kementerian Sintetis {i:02d}", ["kemen sintetis {i:02d}", "k sintetis {i:02d}"], 0.135),
    ("PROV", "Pemerintah Provinsi Sintetis {i:02d}", ["pemprov sintetis {i:02d}"], 0.069),
    ("KAB", "Pemerintah Kabupaten Sintetis {i:03d}", ["pemkab sintetis {i:03d}"], 0.723),
    ("KOTA", "Pemerintah Kota Sintetis {i:02d}", ["pemkot sintetis {i:02d}"], 0.073),
]
SUFFIX = " RI"  # typed after some agency names; units.yaml lists it as a suffix
UNKNOWN_UNITS = ["Kementrian Sintetis", "Pemkab Sintetis Baru", "UPT Sintetis", "Biro Sintetis"]
# Share of rows in each export kind (as the shipped province: the Google form, the agencies'
# label spreadsheets, the hospitals' workbooks).
FILE_SHARES = {"gform": 0.45, "label": 0.35, "xlsx": 0.20}
XLSX_PART_ROWS = 500_000  # a sheet holds at most 1,048,576 rows; offices split their rekap
PANEL = 0.7  # share of a year's respondents who answer again the next year
CHUNK = 250_000  # rows per text chunk (bounds memory; keeps arrow's 32-bit string offsets)
INTERCEPT = 0.15  # puts the first year's index near 76, as the province's
JABATAN = np.array(["Administrator", "Pengawas", "Fungsional", "Pelaksana", "JPT"])
GOLONGAN = np.array([""] + [f"{r}/{s}" for r in ("II", "III", "IV") for s in "abcd"])
# A suggestion with a character Windows-1252 has and ASCII lacks, so the label file really is
# Windows-1252 (it is not valid UTF-8).
SARAN_CP1252 = "Perlu lebih banyak pelatihan \u2013 hubungi saya"
EXCEL_EPOCH_DAYS = 25569  # days from 1899-12-30 (Excel's day 0) to 1970-01-01


# ----------------------------------------------------------------------------- organisations
@dataclass
class Organisations:
    """The organisations of the simulation: one units.yaml entry each."""

    codes: list[str]
    names: list[str]
    aliases: list[list[str]]
    size: np.ndarray  # respondents a year
    rate: np.ndarray  # response rate (for the frame's headcounts)
    p_pppk: np.ndarray
    p_male: np.ndarray
    effect: np.ndarray  # organisations x values
    change: np.ndarray  # organisations x values, from the first year to the next
    kind: np.ndarray  # export file kind: 0 gform, 1 label, 2 xlsx

    def units_yaml(self) -> dict:
        units = [
            {"code": c, "name": n, "aliases": a}
            for c, n, a in zip(self.codes, self.names, self.aliases, strict=True)
        ]
        return {"units": units, "suffixes": [SUFFIX.strip().lower(), "republik indonesia"]}


def _kind_counts(n: int) -> list[int]:
    counts = [max(1, math.floor(share * n)) for *_, share in KINDS]
    counts[2] += n - sum(counts)  # the rest are regencies
    return counts


def _sizes(rng: np.random.Generator, n_orgs: int, total: int) -> np.ndarray:
    """Heavy-tailed organisation sizes adding up to ``total``; two tiny ones (suppression)."""
    tiny = np.array([4, 7]) if total >= 100 * n_orgs else np.array([], dtype=int)
    rest = total - tiny.sum()
    weight = rng.lognormal(0.0, 1.0, n_orgs - len(tiny))
    share = weight / weight.sum() * (rest - 3 * len(weight))
    size = np.floor(share).astype(np.int64) + 3
    size[np.argsort(share - np.floor(share))[::-1][: rest - size.sum()]] += 1
    return np.concatenate([size, tiny])


def organisations(rng: np.random.Generator, n_orgs: int, respondents: int, values: list[str]):
    """The register (codes, names, aliases), sizes, response rates, make-up, effects on the
    values and the export kind of ``n_orgs`` organisations."""
    codes, names, aliases = [], [], []
    for (prefix, name, alias, _), count in zip(KINDS, _kind_counts(n_orgs), strict=True):
        for i in range(1, count + 1):
            codes.append(f"{prefix}{i:03d}")
            names.append(name.format(i=i))
            aliases.append([a.format(i=i) for a in alias])
    size = _sizes(rng, n_orgs, respondents)
    k = len(values)
    change = np.array([synthetic.VALUE_CHANGE[v] for v in values])[None, :] + rng.normal(
        0, 0.16, (n_orgs, 1)
    )
    # Export kind: organisations in random order fill the shares of rows in turn.
    order = rng.permutation(n_orgs)
    cumulative = np.cumsum(size[order]) / size.sum()
    kind = np.empty(n_orgs, dtype=np.int8)
    kind[order] = np.searchsorted(
        np.cumsum(list(FILE_SHARES.values()))[:-1], cumulative, side="left"
    )
    return Organisations(
        codes=codes, names=names, aliases=aliases, size=size,
        rate=np.clip(rng.beta(7, 3, n_orgs), 0.25, 0.95),
        p_pppk=rng.uniform(0.10, 0.35, n_orgs), p_male=rng.uniform(0.35, 0.62, n_orgs),
        effect=rng.normal(0, 0.22, (n_orgs, k)) + rng.normal(0, 0.18, (n_orgs, 1)),
        change=change, kind=kind,
    )  # fmt: skip


# ----------------------------------------------------------------------------- people
def _people(rng: np.random.Generator, org: np.ndarray, orgs: Organisations, year: int) -> dict:
    """Civil servants of the given organisations (one per entry of ``org``), as arrays."""
    n = len(org)
    pppk = rng.random(n) < orgs.p_pppk[org]
    male = rng.random(n) < orgs.p_male[org]
    age = np.clip(np.round(rng.triangular(21, 40, 58, n)), 21, 58).astype(np.int64)
    age = np.where(pppk, np.clip(age - 6, 21, 58), age)
    birth_year = year - age
    birth = birth_year * 10000 + rng.integers(1, 13, n) * 100 + rng.integers(1, 29, n)
    start_age = np.where(pppk, age - rng.integers(0, 3, n), rng.integers(22, 36, n))
    tmt_year = np.minimum(birth_year + np.minimum(start_age, age), year - 1)
    # PPPK NIPs carry "21" where a PNS NIP has the month of appointment (domain.md).
    tmt_month = np.where(pppk, 21, rng.choice([1, 3, 4, 7, 10, 12], n))
    jabatan = np.where(
        pppk,
        rng.choice([2, 3], n, p=[0.8, 0.2]),
        rng.choice([0, 1, 2, 3], n, p=[0.03, 0.08, 0.47, 0.42]),
    ).astype(np.int8)
    sub = np.clip((year - tmt_year) // 6, 0, 3)
    golongan = np.where(pppk, 0, 1 + rng.integers(0, 3, n) * 4 + sub).astype(np.int8)
    # One head (JPT) per organisation: its oldest PNS.
    pns = np.flatnonzero(~pppk)
    by_age = pns[np.lexsort((age[pns], org[pns]))]
    last = np.r_[org[by_age][1:] != org[by_age][:-1], True]
    jabatan[by_age[last]] = 4
    return {
        "org": org.astype(np.int32), "pppk": pppk, "male": male, "age": age.astype(np.int16),
        "jabatan": jabatan, "golongan": golongan,
        "first": rng.integers(0, len(demo.FIRST), n).astype(np.int16),
        "last": rng.integers(0, len(demo.LAST), n).astype(np.int16),
        # yyyymmdd + yyyymm (or yyyy21) + sex digit; the NIP adds a 3-digit sequence.
        "prefix": (birth * 10**7 + (tmt_year * 100 + tmt_month) * 10 + np.where(male, 1, 2)),
    }  # fmt: skip


def nip_numbers(prefix: np.ndarray) -> np.ndarray:
    """18-digit NIPs: each prefix gets sequence numbers 001, 002, ... in order of appearance,
    so NIPs are unique and earlier entries keep theirs when new people are appended."""
    order = np.argsort(prefix, kind="stable")
    ordered = prefix[order]
    start = np.r_[True, ordered[1:] != ordered[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(ordered)), 0))
    seq = np.empty(len(prefix), dtype=np.int64)
    seq[order] = np.arange(len(ordered)) - first + 1
    if seq.max(initial=0) > 999:
        raise RuntimeError("more than 999 people share a NIP prefix; widen the birth dates")
    return prefix * 1000 + seq


def _take(people: dict, index: np.ndarray) -> dict:
    return {k: v[index] for k, v in people.items()}


def _concat(a: dict, b: dict) -> dict:
    return {k: np.concatenate([a[k], b[k]]) for k in a}


# ----------------------------------------------------------------------------- answers
def _factors(rng, n: int, k: int, previous: np.ndarray | None = None) -> np.ndarray:
    corr = np.full((k, k), 0.55) + 0.45 * np.eye(k)
    fresh = (rng.standard_normal((n, k)) @ np.linalg.cholesky(corr).T * 0.85).astype(np.float32)
    if previous is None:
        return fresh
    return np.concatenate([0.6 * previous + 0.8 * fresh[: len(previous)], fresh[len(previous) :]])


def _answers(rng, people: dict, factors: np.ndarray, orgs: Organisations, values, change: bool):
    """Item answers 1..5 (int8), respondents x 21: factor + effects + noise, cut at thresholds."""
    k = len(values)
    level = np.array([synthetic.VALUE_LEVEL[v] for v in values], dtype=np.float32)
    position = np.array([0.2, 0.1, 0.0, -0.05, 0.35], dtype=np.float32)
    offset = np.tile(np.array([0.05, -0.08, 0.03], dtype=np.float32), k)
    effect = (orgs.effect + (orgs.change if change else 0.0)).astype(np.float32)
    n = len(factors)
    out = np.empty((n, 3 * k), dtype=np.int8)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        org = people["org"][lo:hi]
        base = (
            level[None, :] + effect[org] + factors[lo:hi] + INTERCEPT
            + position[people["jabatan"][lo:hi]][:, None]
            + np.where(people["pppk"][lo:hi], 0.05, 0.0).astype(np.float32)[:, None]
        )  # fmt: skip
        latent = np.repeat(base, 3, axis=1) + offset[None, :]
        latent += rng.normal(0.0, 0.62, latent.shape).astype(np.float32)
        out[lo:hi] = np.digitize(latent, synthetic.THRESHOLDS) + 1
    out[rng.random(n) < 0.01] = 5  # straight-liners
    return out


# ----------------------------------------------------------------------------- rows
FAULTS = ["", "nip_excel", "nip_length", "out_of_range", "unknown_unit", "too_many_blank"]
FAULT_SHARES = [0.002, 0.002, 0.003, 0.003, 0.004]


def _rows(rng, answers: np.ndarray, year: int) -> dict:
    """Export rows of one year's respondents: the mess, duplicates and copies, time order.

    Answers are int8 with -1 for a blank cell; ``person`` indexes the year's respondents.
    """
    n = len(answers)
    answers = answers.copy()
    draw = rng.random(n)
    fault = np.searchsorted(np.cumsum(FAULT_SHARES), draw, side="right").astype(np.int8) + 1
    fault[fault == len(FAULTS)] = 0
    blanks = np.where(rng.random(n) < 0.04, rng.integers(1, 4, n), 0)
    blanks[fault == FAULTS.index("too_many_blank")] = 9
    some = np.flatnonzero(blanks)
    rank = rng.random((len(some), answers.shape[1])).argsort(axis=1).argsort(axis=1)
    answers[some] = np.where(rank < blanks[some, None], -1, answers[some])
    oor = np.flatnonzero(fault == FAULTS.index("out_of_range"))
    answers[oor, rng.integers(0, answers.shape[1], len(oor))] = rng.choice([0, 6, 9, 99], len(oor))
    start = int(dt.datetime(year, 10, 1, 7, 30, tzinfo=dt.UTC).timestamp())
    rows = {
        "person": np.arange(n, dtype=np.int32),
        "time": start + rng.integers(0, 30 * 86400, n),
        "duration": np.where(
            rng.random(n) < 0.01, rng.integers(20, 55, n), rng.integers(150, 1500, n)
        ),  # fmt: skip
        "answers": answers,
        "fault": fault,
        "spaced": rng.random(n) < 0.1,
        "variant": np.searchsorted([0.12, 0.18, 0.24], rng.random(n), side="right").astype(np.int8),
        "saran": rng.random(n) < 0.2,
        "short": rng.random(n) < 0.15,
    }
    rows["personal"] = _plan_personal(rng, fault)
    # An earlier, slightly different answer sheet of the same person, and exact copies.
    dup = np.flatnonzero((rng.random(n) < 0.015) & (fault == 0))
    copy = np.flatnonzero((rng.random(n) < 0.003) & (fault == 0))
    earlier = _take(rows, dup)
    earlier["time"] = earlier["time"] - rng.integers(3600, 5 * 86400, len(dup))
    shifted = np.clip(earlier["answers"] + rng.integers(-1, 2, earlier["answers"].shape), 1, 5)
    earlier["answers"] = np.where(earlier["answers"] > 0, shifted, earlier["answers"]).astype(
        np.int8
    )
    rows = _concat(_concat(rows, earlier), _take(rows, copy))
    return _take(rows, np.argsort(rows["time"], kind="stable"))


# Personal data typed where it does not belong (as the shipped demo has it): into the agency
# field (those rows are unknown agencies), golongan, jabatan and the suggestions.
PERSONAL = ["", "unit: name and NIP", "unit: name", "unit: UPT and NIP", "golongan",
            "jabatan", "saran"]  # fmt: skip


def _plan_personal(rng, fault: np.ndarray) -> np.ndarray:
    """Which rows carry which kind of typed personal data (a dozen rows a year)."""
    personal = np.zeros(len(fault), dtype=np.int8)
    unknown = np.flatnonzero(fault == FAULTS.index("unknown_unit"))
    picked = rng.choice(unknown, min(3, len(unknown)), replace=False)
    personal[picked] = np.arange(1, len(picked) + 1)
    valid = rng.choice(np.flatnonzero(fault == 0), 9, replace=False)
    personal[valid] = np.repeat([4, 5, 6], 3)
    return personal


def _type_personal(text: dict, rows: dict, people: dict) -> None:
    """Overwrite the cells of the rows that carry typed personal data (few: Python is fine)."""
    where = np.flatnonzero(rows["personal"])
    if not len(where):
        return
    who = rows["person"][where]
    names = [f"{demo.FIRST[f]} {demo.LAST[la]}"
             for f, la in zip(people["first"][who], people["last"][who], strict=True)]  # fmt: skip
    nips = [str(n) for n in people["nip"][who]]
    typed = {
        1: ("unit", lambda name, nip: f"{name} {nip}"), 2: ("unit", lambda name, nip: name),
        3: ("unit", lambda name, nip: f"UPT {nip}"), 4: ("golongan", lambda name, nip: nip),
        5: ("jabatan", lambda name, nip: f"Staf {name}"),
        6: ("saran", lambda name, nip: f"Saya {name}, NIP {nip}, hubungi saya"),
    }  # fmt: skip
    for kind, (column, make) in typed.items():
        hit = rows["personal"][where] == kind
        if hit.any():
            mask = np.zeros(len(rows["person"]), dtype=bool)
            mask[where[hit]] = True
            values = [make(n, x) for n, x, h in zip(names, nips, hit, strict=True) if h]
            text[column] = pc.replace_with_mask(text[column], pa.array(mask), pa.array(values))


# ----------------------------------------------------------------------------- text columns
_CLOCK: pa.Array | None = None


def _clock() -> pa.Array:
    global _CLOCK
    if _CLOCK is None:
        _CLOCK = pa.array(
            [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
        )
    return _CLOCK


def _lut(strings, index: np.ndarray) -> pa.Array:
    return pa.array(list(strings), pa.string()).take(pa.array(index))


def _time_text(seconds: np.ndarray, date_format: str) -> pa.Array:
    days, in_day = np.divmod(seconds, 86400)
    unique, inverse = np.unique(days, return_inverse=True)
    dates = [
        (dt.date(1970, 1, 1) + dt.timedelta(days=int(d))).strftime(date_format) for d in unique
    ]
    return pc.binary_join_element_wise(_lut(dates, inverse), _clock().take(pa.array(in_day)), " ")


def _nip_text(nips: np.ndarray, spaced: np.ndarray, fault: np.ndarray) -> pa.Array:
    text = pc.cast(pa.array(nips), pa.string())
    cut = [pc.utf8_slice_codeunits(text, a, b) for a, b in ((0, 8), (8, 14), (14, 15), (15, 18))]
    out = pc.if_else(pa.array(spaced), pc.binary_join_element_wise(*cut, " "), text)
    out = pc.if_else(pa.array(fault == FAULTS.index("nip_length")),
                     pc.utf8_slice_codeunits(text, 0, 17), out)  # fmt: skip
    excel = fault == FAULTS.index("nip_excel")
    if excel.any():  # Excel's "1,99E+17" (a few hundred rows per million)
        shown = [f"{float(v):.2E}".replace(".", ",") for v in nips[excel]]
        out = pc.replace_with_mask(out, pa.array(excel), pa.array(shown))
    return out


def _text_columns(
    rows: dict, people: dict, orgs: Organisations, date_format: str, saran: str
) -> dict:
    """The columns every export has, as text (pyarrow strings); ``saran`` is the suggestion
    a fifth of the respondents write."""
    who = rows["person"]
    org = people["org"][who]
    variants = [v for c in range(len(orgs.codes)) for v in (
        orgs.names[c], (orgs.aliases[c] or [orgs.names[c]])[0], orgs.names[c].upper(),
        orgs.names[c] + SUFFIX)]  # fmt: skip
    unit_index = org.astype(np.int64) * 4 + rows["variant"]
    unknown = rows["fault"] == FAULTS.index("unknown_unit")
    unit_index[unknown] = len(variants) + (np.flatnonzero(unknown) % len(UNKNOWN_UNITS))
    text = {
        "waktu": _time_text(rows["time"], date_format),
        "nip": _nip_text(people["nip"][who], rows["spaced"], rows["fault"]),
        "nama": pc.binary_join_element_wise(
            _lut(demo.FIRST, people["first"][who]),
            _lut(demo.LAST, people["last"][who]),
            " ",
        ),
        "unit": _lut(variants + UNKNOWN_UNITS, unit_index),
        "jk": people["male"][who],
        "status": _lut(["PNS", "PPPK"], people["pppk"][who].astype(np.int8)),
        "golongan": _lut(GOLONGAN, people["golongan"][who]),
        "jabatan": _lut(JABATAN, people["jabatan"][who]),
        "usia": pc.cast(pa.array(people["age"][who]), pa.string()),
        "saran": pc.if_else(pa.array(rows["saran"]), saran, ""),
    }
    _type_personal(text, rows, people)
    return text


def _answer_text(codes: np.ndarray, labels: dict | None = None, short=None) -> pa.Array:
    """Answer cells: numbers, or label text (the short labels where ``short``); blank (-1)
    -> "", out-of-range -> the number."""
    table = [str(v) for v in range(-128, 128)]
    table[127] = ""  # -1: blank
    table = table * 2
    for offset, names in ((0, labels or {}), (256, demo.SHORT_LABELS if labels else {})):
        for code, label in names.items():
            table[offset + code + 128] = label
    index = codes.astype(np.int16) + 128
    if short is not None:
        index = index + 256 * short
    return _lut(table, index)


# ----------------------------------------------------------------------------- CSV writing
def _quoted(column: pa.Array, sep: str) -> pa.Array:
    """CSV quoting where needed (a separator or a quote in the cell), as pandas does."""
    needs = pc.or_(pc.match_substring(column, sep), pc.match_substring(column, '"'))
    if not pc.any(needs).as_py():
        return column
    escaped = pc.replace_substring(column, '"', '""')
    return pc.if_else(needs, pc.binary_join_element_wise('"', escaped, '"', ""), column)


def _buffer(lines: pa.Array) -> memoryview:
    """The bytes of a string array's values, back to back (no copy)."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
        lines.offset : lines.offset + len(lines) + 1
    ]
    data = lines.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[offsets[0] : offsets[-1]]


def _join_lines(columns: list[pa.Array], sep: str, eol: str) -> memoryview:
    line = pc.binary_join_element_wise(*columns, sep, null_handling="replace")
    return _buffer(pc.binary_join_element_wise(line, eol, ""))


def _header_line(header: list[str], sep: str, eol: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=eol).writerow(header)
    return out.getvalue()


def write_gform(path: Path, rows: dict, people: dict, orgs, instrument: Instrument, year: int):
    """Google Forms export: question text headers, numbers, dd/mm/yyyy timestamps, comma."""
    header = ["Timestamp", "NIP", "Nama Lengkap", "Unit Kerja", "Jenis Kelamin",
              "Status Kepegawaian", "Golongan", "Jenis Jabatan", "Usia",
              *[f"{i}. {instrument.statements[i]}" for i in instrument.items],
              "Saran dan Masukan"]  # fmt: skip
    with open(path, "wb") as fh:
        fh.write((("\ufeff" if year % 2 else "") + _header_line(header, ",", "\n")).encode())
        for lo in range(0, len(rows["person"]), CHUNK):
            part = _take(rows, slice(lo, lo + CHUNK))
            text = _text_columns(part, people, orgs, "%d/%m/%Y", demo.SARAN)
            jk = _lut(["Perempuan", "Laki-laki"], text["jk"].astype(np.int8))
            columns = [text["waktu"], text["nip"], text["nama"], text["unit"], jk, text["status"],
                       text["golongan"], text["jabatan"], text["usia"],
                       *[_answer_text(part["answers"][:, j]) for j in range(len(instrument.items))],
                       text["saran"]]  # fmt: skip
            fh.write(_join_lines([_quoted(c, ",") for c in columns], ",", "\n"))


def write_label(path: Path, rows: dict, people: dict, orgs, instrument: Instrument, year: int):
    """An agencies' spreadsheet saved as CSV on Windows: semicolons, Windows-1252, CRLF,
    answers as label text (now and then the short labels), item codes as headers."""
    header = ["Waktu Pengisian", "NIP", "Nama", "OPD", "JK", "Status ASN", "Gol", "Jabatan",
              "Umur", *instrument.items, "Saran"]  # fmt: skip
    with open(path, "wb") as fh:
        fh.write(_header_line(header, ";", "\r\n").encode("cp1252"))
        for lo in range(0, len(rows["person"]), CHUNK):
            part = _take(rows, slice(lo, lo + CHUNK))
            text = _text_columns(part, people, orgs, "%Y-%m-%d", SARAN_CP1252)
            items = [
                _answer_text(part["answers"][:, j], demo.LABELS, part["short"])
                for j in range(len(instrument.items))
            ]
            columns = [text["waktu"], text["nip"], text["nama"], text["unit"],
                       _lut(["P", "L"], text["jk"].astype(np.int8)), text["status"],
                       text["golongan"], text["jabatan"], text["usia"], *items,
                       text["saran"]]  # fmt: skip
            block = _join_lines([_quoted(c, ";") for c in columns], ";", "\r\n")
            fh.write(bytes(block).decode("utf-8").encode("cp1252"))


# ----------------------------------------------------------------------------- XLSX writing
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Rekap" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    # Style 1 is number format 22 (date and time), so readers return the serials as datetimes.
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'xfId="0"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
        'xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


def _column_letter(j: int) -> str:
    return chr(65 + j) if j < 26 else chr(64 + j // 26) + chr(65 + j % 26)


def _xml_text(column: pa.Array) -> pa.Array:
    return pc.replace_substring(pc.replace_substring(column, "&", "&amp;"), "<", "&lt;")


def _cells(j: int, row_text: pa.Array, value: pa.Array, kind: str) -> pa.Array:
    """One column's <c> elements; a null or empty value leaves the cell out."""
    attrs = {"n": '"><v>', "d": '" s="1"><v>', "s": '" t="inlineStr"><is><t>'}[kind]
    close = "</t></is></c>" if kind == "s" else "</v></c>"
    if kind == "s":
        value = pc.if_else(pc.equal(value, ""), pa.scalar(None, pa.string()), _xml_text(value))
    return pc.binary_join_element_wise(
        f'<c r="{_column_letter(j)}', row_text, attrs, value, close, ""
    )


def _inline_row(r: int, cells: list[str]) -> str:
    parts = [
        f'<c r="{_column_letter(j)}{r}" t="inlineStr"><is><t>{c}</t></is></c>'
        for j, c in enumerate(cells)
    ]
    return f'<row r="{r}">{"".join(parts)}</row>'


def write_xlsx(path: Path, rows: dict, people: dict, orgs, instrument: Instrument, year: int):
    """The hospitals' workbook: a title row, then the header, datetimes as Excel dates."""
    header = ["No", "Waktu Mulai", "Waktu Selesai", "NIP", "Nama Pegawai", "Perangkat Daerah",
              "Jenis Kelamin", "Status Kepegawaian", "Golongan Ruang", "Jenis Jabatan", "Usia",
              *instrument.items, "Saran"]  # fmt: skip
    n = len(rows["person"])
    last = _column_letter(len(header) - 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f'<dimension ref="A1:{last}{n + 2}"/><sheetData>'
                    + _inline_row(1, [f"Rekap Survei Budaya Kerja ASN BerAKHLAK {year} - Nasional"])
                    + _inline_row(2, header)
                ).encode()
            )
            for lo in range(0, n, CHUNK):
                part = _take(rows, slice(lo, lo + CHUNK))
                text = _text_columns(part, people, orgs, "%Y-%m-%d", demo.SARAN)
                number = np.arange(lo + 1, lo + 1 + len(part["person"]))
                row_text = pc.cast(pa.array(number + 2), pa.string())
                serial = part["time"] / 86400 + EXCEL_EPOCH_DAYS
                begin = serial - part["duration"] / 86400
                answers = part["answers"]
                values = [
                    ("n", pc.cast(pa.array(number), pa.string())),
                    ("d", pc.cast(pa.array(np.round(begin, 8)), pa.string())),
                    ("d", pc.cast(pa.array(np.round(serial, 8)), pa.string())),
                    ("s", text["nip"]), ("s", text["nama"]), ("s", text["unit"]),
                    ("s", _lut(["P", "L"], text["jk"].astype(np.int8))), ("s", text["status"]),
                    ("s", text["golongan"]), ("s", text["jabatan"]), ("n", text["usia"]),
                    *[("n", pc.cast(pa.array(answers[:, j], mask=answers[:, j] < 0), pa.string()))
                      for j in range(answers.shape[1])],
                    ("s", text["saran"]),
                ]  # fmt: skip
                cells = [_cells(j, row_text, v, kind) for j, (kind, v) in enumerate(values)]
                xml = pc.binary_join_element_wise(
                    '<row r="', row_text, '">', *cells, "</row>", "", null_handling="replace"
                )
                sheet.write(_buffer(xml))
            sheet.write(b"</sheetData></worksheet>")


# ----------------------------------------------------------------------------- frame
def _frame(rng, people: dict, orgs: Organisations) -> str:
    """Headcounts by unit, sex and status: respondents / response rate, and a few people in
    cells where nobody answered (as in a real frame; the weighting then rakes)."""
    n_orgs = len(orgs.codes)
    cell = people["org"].astype(np.int64) * 4 + people["male"] * 2 + people["pppk"]
    counts = np.bincount(cell, minlength=4 * n_orgs)
    rate = np.repeat(orgs.rate, 4)
    headcount = np.ceil(counts / rate).astype(np.int64)
    empty = counts == 0
    headcount[empty] = rng.poisson(0.5, empty.sum())
    keep = headcount > 0
    lines = ["unit,jenis_kelamin,status_kepegawaian,jumlah"]
    for c in np.flatnonzero(keep):
        org, sex, status = c // 4, "LP"[1 - (c // 2) % 2], ("PNS", "PPPK")[c % 2]
        lines.append(f"{orgs.codes[org]},{sex},{status},{headcount[c]}")
    return "\n".join(lines) + "\n"


def _programmes(rng, orgs: Organisations, year: int) -> str:
    codes = np.array(orgs.codes)
    lines = ["unit,program,tahun"]
    for programme, share in (("podcast", 0.5), ("workshop", 0.1), ("seminar", 0.1)):
        chosen = rng.choice(codes, size=max(1, int(share * len(codes))), replace=False)
        lines += [f"{u},{programme},{year}" for u in sorted(chosen)]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- driver
def generator_version() -> str:
    """Hash of this file: a work directory generated by other code is generated again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def bench_config(organisation: str) -> dict:
    """The working directory's config override: the generated units, a national title."""
    return {
        "units_file": "config/units.yaml",
        "report": {"organisation": organisation},
    }


def generate(
    work: str | Path,
    respondents: int,
    *,
    n_orgs: int = ORGANISATIONS,
    years: tuple[int, ...] = YEARS,
    seed: int = SEED,
) -> dict:
    """Write a benchmark project into ``work``: config/, data/raw/<year>/, a manifest.

    ``respondents`` people answer each year (rows in the files are more: duplicates and
    copies). Returns the manifest (also written to ``work/bench-manifest.json``): rows per file
    and year, and the seconds it took.
    """
    started = time.perf_counter()
    work = Path(work)
    rng = np.random.default_rng(seed)
    config = load_config()
    instrument = Instrument.from_config(config)
    values = instrument.value_ids
    orgs = organisations(rng, n_orgs, respondents, values)
    (work / "config").mkdir(parents=True, exist_ok=True)
    (work / "config" / "units.yaml").write_text(
        "# Synthetic national register of organisations (benchmarks/generate.py).\n"
        + yaml.safe_dump(orgs.units_yaml(), sort_keys=False, allow_unicode=True)
    )
    (work / "config" / "config.yaml").write_text(
        "# Benchmark override of the repo's config (benchmarks/generate.py).\n"
        + yaml.safe_dump(bench_config("Instansi Pemerintah se-Indonesia"), sort_keys=False)
    )
    raw = work / "data" / "raw"
    manifest = {"respondents": respondents, "organisations": n_orgs, "seed": seed,
                "generator": generator_version(), "years": {}}  # fmt: skip
    people = factors = None
    writers = {"gform": write_gform, "label": write_label, "xlsx": write_xlsx}
    for t, year in enumerate(years):
        if people is None:
            org = np.repeat(np.arange(n_orgs), orgs.size)
            people = _people(rng, org, orgs, year)
            people["nip"] = nip_numbers(people["prefix"])
            factors = _factors(rng, respondents, len(values))
        else:
            stay = np.flatnonzero(rng.random(len(people["org"])) < PANEL)
            kept = _take(people, stay)
            kept["age"] = kept["age"] + 1
            new_per_org = orgs.size - np.bincount(kept["org"], minlength=n_orgs)
            new = _people(rng, np.repeat(np.arange(n_orgs), new_per_org), orgs, year)
            new["nip"] = nip_numbers(np.concatenate([people["prefix"], new["prefix"]]))[
                len(people["prefix"]) :
            ]
            people = _concat(kept, new)
            factors = _factors(rng, respondents, len(values), factors[stay])
        answers = _answers(rng, people, factors, orgs, values, change=t > 0)
        rows = _rows(rng, answers, year)
        folder = raw / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
        kind = orgs.kind[people["org"][rows["person"]]]
        files, jobs = {}, []
        for k, name in enumerate(writers):
            index = np.flatnonzero(kind == k)
            parts = [index]
            if name == "xlsx":
                parts = [
                    index[i : i + XLSX_PART_ROWS] for i in range(0, len(index), XLSX_PART_ROWS)
                ]
            for p, part in enumerate(parts, 1):
                file = {"gform": f"survei-{year}-gform-sintetis.csv",
                        "label": f"survei-{year}-opd-label-sintetis.csv",
                        "xlsx": f"survei-{year}-rekap-{p}-sintetis.xlsx"}[name]  # fmt: skip
                files[file] = len(part)
                jobs.append((writers[name], folder / file, _take(rows, part)))
        # Arrow kernels and zlib release the GIL: the files are written side by side.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            done = [pool.submit(w, f, r, people, orgs, instrument, year) for w, f, r in jobs]
            for future in done:
                future.result()
        (folder / "populasi-sintetis.csv").write_text(_frame(rng, people, orgs))
        manifest["years"][str(year)] = {
            "people": respondents, "rows": len(rows["person"]), "files": files,
            "panel": len(stay) if t else 0,
        }  # fmt: skip
    if len(years) > 1:
        (raw / "program-sintetis.csv").write_text(_programmes(rng, orgs, years[1]))
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    (work / "bench-manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def parse_size(text: str) -> int:
    """'1e6', '4.3e6', '100000' -> respondents a year."""
    return int(round(float(text)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", required=True, help="directory to write the project into")
    parser.add_argument("--size", type=parse_size, default=100_000, help="respondents a year")
    parser.add_argument("--orgs", type=int, default=ORGANISATIONS, help="organisations")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    manifest = generate(args.work, args.size, n_orgs=args.orgs, seed=args.seed)
    rows = sum(y["rows"] for y in manifest["years"].values())
    print(f"{args.work}: {rows:,} rows in {manifest['seconds']} s")


if __name__ == "__main__":
    main()

"""Cleaning: validate every row of a year's exports, pseudonymise, resolve duplicates.

Every row read ends in exactly one of ``responses`` (accepted) or ``rejected`` (quarantined
with file, row, reason code, reason, column and value), and ``quality`` counts both. The NIP
is replaced by an HMAC-SHA256 pseudonym (RFC 2104) keyed by a secret, so one person links
across years and files while the NIP itself never leaves this module; names and free text
are dropped on read.

An anonymous survey (``anonymous: true``; exports without a NIP) needs no key: each row gets
an id of its year, file and row (:func:`row_ids`), so nobody links across years, and a row
identical in every column to an earlier one is flagged ``flag_duplicate`` (a double
submission cannot be recognised otherwise).

Reverse-keyed items are turned round here, ``min + max - x``, after the straight-lining flag
(which is about the answers as given) and before anything else sees them.

Memory stays bounded at national scale: each file is read and validated a chunk of rows at a
time into compact columns (the text cells are dropped), and what needs the whole year
(duplicates, unknown agency names, the wrong-year check) is resolved once on those columns.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from budaya_kerja.errors import BudayaKerjaError, InputFileError
from budaya_kerja.io import keys, origin, redact
from budaya_kerja.io.ingest import Export, normalise_header
from budaya_kerja.io.units import NO_UNIT, UnitMatcher
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument, age_band_labels

__all__ = [
    "ANSWER_WORDS", "DEMOGRAPHICS", "GOLONGAN", "REJECTED_COLUMNS", "WITHHELD", "age_band",
    "answer_words", "check_nips", "clean_files", "clean_frame", "clean_year", "exact_duplicates",
    "excluded", "parse_answers", "pseudonymise", "quality_summary", "reverse_items", "row_ids",
    "row_keys", "split_rejected",
]  # fmt: skip

DEMOGRAPHICS = ["jenis_kelamin", "status_kepegawaian", "golongan", "jenis_jabatan"]
GOLONGAN = re.compile(r"^(I|II|III|IV)/([A-E])$")
WITHHELD = redact.WITHHELD
REJECTED_COLUMNS = ["file", "row", "unit", "reason_code", "reason", "column", "value"]


def pseudonymise(nips: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each normalised NIP, first 32 hex digits (128 bits)."""
    digest = [hmac.digest(key, n.encode("ascii"), "sha256")[:16].hex() for n in nips.tolist()]
    return pd.Series(digest, index=nips.index, dtype="string")


def _pseudonyms(nips: np.ndarray, key: bytes, block: int = 100_000) -> pa.Array:
    """:func:`pseudonymise` of NIPs held as integers (18 digits), as an Arrow array built a
    block at a time (only a block's digests are Python strings at once)."""
    parts = [
        pa.array([hmac.digest(key, b"%018d" % n, "sha256")[:16].hex()
                  for n in nips[start : start + block].tolist()], type=pa.string())
        for start in range(0, len(nips), block)
    ]  # fmt: skip
    return pa.concat_arrays(parts) if parts else pa.array([], type=pa.string())


# --------------------------------------------------------------------------- cells
def parse_answers(cells: pd.DataFrame, scale: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Item cells -> codes. Returns (codes as float with NaN for blank, invalid mask)."""
    labels = {normalise_header(k): float(v) for k, v in scale["labels"].items()}
    lo, hi = scale["min"], scale["max"]
    codes = pd.DataFrame(index=cells.index)
    invalid = pd.DataFrame(index=cells.index)
    for col in cells.columns:
        # Each distinct cell text is parsed once; rows take their code by position.
        positions, distinct = pd.factorize(cells[col].astype("string").fillna(""))
        distinct = pd.Series(distinct, dtype="string")
        norm = distinct.map(normalise_header)
        number = pd.to_numeric(distinct.str.replace(",", ".", regex=False), errors="coerce")
        value = norm.map(labels).astype("float64").fillna(number.astype("float64")).to_numpy()
        blank = (norm == "").to_numpy(dtype=bool)
        with np.errstate(invalid="ignore"):
            ok = (value == np.floor(value)) & (value >= lo) & (value <= hi)
        codes[col] = np.where(ok, value, np.nan)[positions]
        invalid[col] = (~blank & ~ok)[positions]
    return codes, invalid


def check_nips(nips: pd.Series, year: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Normalised NIP, reason code and reason text per row ('' when valid).

    An 18-digit NIP starts with a birth date (yyyymmdd) and has the sex digit (1 or 2) in
    position 15, for PNS and PPPK alike (domain.md).
    """
    raw = nips.astype("string").fillna("")
    clean = raw.str.replace(r"[\s.\-'`]", "", regex=True)
    code = pd.Series("", index=nips.index, dtype="object")
    text = pd.Series("", index=nips.index, dtype="object")

    def flag(mask, c, t):
        mask = mask & (code == "")
        code[mask] = c
        text[mask] = t

    flag(clean == "", "nip_missing", message("reason.nip_missing"))
    scientific = raw.str.strip().str.fullmatch(r"\d([.,]\d+)?[eE]\+?\d+")
    flag(scientific, "nip_scientific", message("reason.nip_scientific"))
    flag(~clean.str.fullmatch(r"\d{18}"), "nip_length", message("reason.nip_length"))
    birth = pd.to_datetime(clean.str[:8], format="%Y%m%d", errors="coerce")
    plausible = birth.notna() & (birth.dt.year >= year - 75) & (birth.dt.year <= year - 15)
    flag(~plausible, "nip_birthdate", message("reason.nip_birthdate"))
    flag(~clean.str[14].isin(["1", "2"]), "nip_sex_digit", message("reason.nip_sex_digit"))
    return clean, code, text


def _normalise_category(values: pd.Series, mapping: dict) -> tuple[pd.Series, pd.Series]:
    """Map labels to canonical values; returns (values, invalid mask)."""
    # Each distinct label is normalised once (a few per column, however many rows).
    codes, distinct = pd.factorize(values.astype("string").fillna(""))
    norm = pd.Series(distinct, dtype="object").map(normalise_header)
    lookup = {normalise_header(k): v for k, v in mapping.items()}
    lookup.update({normalise_header(v): v for v in mapping.values()})
    canonical = norm.map(lookup).astype("string").to_numpy()
    out = pd.Series(canonical[codes] if len(codes) else canonical[:0], index=values.index,
                    dtype="string")  # fmt: skip
    return out, pd.Series(out.isna().to_numpy() & (norm.to_numpy()[codes] != ""),
                          index=values.index)  # fmt: skip


def reverse_items(codes: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """The answers in the scored direction: a reverse-keyed item's x becomes min + max - x.

    >>> from budaya_kerja.settings import Instrument
    >>> inst = Instrument({"V": ["A", "B"]}, {"V": "V"}, {}, 1, 6, reverse=("B",))
    >>> reverse_items(pd.DataFrame({"A": [1.0, 6.0], "B": [1.0, np.nan]}), inst)["B"].tolist()
    [6.0, nan]
    """
    out = codes.copy()
    for item in instrument.reverse:
        out[item] = instrument.scale_min + instrument.scale_max - codes[item]
    return out


def row_ids(files: pd.Series, rows: pd.Series, year: int) -> pd.Series:
    """Respondent ids of an anonymous survey: year, file (its position among the files of
    the rows given, by name) and row ('2025-f1-r12'). They link nothing across years or files."""
    numbers = {name: k for k, name in enumerate(sorted(files.unique()), 1)}
    ids = f"{int(year)}-f" + files.map(numbers).astype(str) + "-r" + rows.astype(str)
    return ids.astype("string")


def row_keys(raw: pd.DataFrame) -> pd.Series:
    """Each row's cells as typed, every column read but file and row, in one text per row
    (a field the file does not have is left out, so it differs from an empty cell): equal
    keys are rows identical in every column (no cell holds NUL, see ``ingest``)."""
    fields = sorted(c for c in raw.columns if c not in ("file", "row"))
    key = pd.Series("", index=raw.index, dtype=object)
    for field in fields:
        key = key + (field + "\x00") + raw[field].astype(object).fillna("\x01") + "\x00"
    return key


def exact_duplicates(keys: pd.Series, valid: np.ndarray) -> np.ndarray:
    """Valid rows identical, as typed, in every column read (their :func:`row_keys`) to an
    earlier valid row: in an anonymous survey, the only sign of a double submission."""
    flag = np.zeros(len(keys), dtype=bool)
    flag[valid] = keys[valid].duplicated(keep="first").to_numpy()
    return flag


def _nip_duplicates(nip, complete, waktu, files, rows, valid) -> tuple[np.ndarray, np.ndarray]:
    """Rows another submission of the same NIP replaces, and the reason naming the one kept
    (for those rows): the latest complete submission per NIP (a later, nearly blank one does
    not replace a filled-in questionnaire). ``nip`` holds the valid NIPs as integers; ``files``
    and ``rows`` name each row."""
    # Only NIPs that occur more than once need ordering (nearly everyone's occurs once).
    nip = pd.Series(np.where(valid, nip, -1))
    shared = valid & nip.duplicated(keep=False).to_numpy()
    order = pd.DataFrame({"nip": nip, "complete": complete, "t": waktu,
                          "pos": np.arange(len(nip))})[shared]  # fmt: skip
    order = order.sort_values(["nip", "complete", "t", "pos"], na_position="first", kind="stable")
    latest = order.drop_duplicates("nip", keep="last")
    dup = shared.copy()
    dup[latest["pos"].to_numpy()] = False
    latest = latest[latest["nip"].isin(nip[dup])]  # only the kept rows a reason names
    pos = latest["pos"].to_numpy()
    where_kept = pd.Series(files[pos] + " row " + rows[pos].astype(str),
                           index=latest["nip"].to_numpy())  # fmt: skip
    kept = nip[dup].map(where_kept).astype("string").fillna("")
    reasons = kept.map(lambda k: message("reason.duplicate", kept=k)).to_numpy(object)
    return dup, reasons


# --------------------------------------------------------------------------- clean
CHUNK_ROWS = 50_000  # rows read and validated at a time: bounds the memory of the text cells
_OPTIONAL = ["waktu", "waktu_mulai", "usia", *DEMOGRAPHICS]
_CATEGORIES = ["jenis_kelamin", "status_kepegawaian", "jenis_jabatan"]
_GOLONGAN_VALUES = [f"{g}/{s}" for g in ("I", "II", "III", "IV") for s in "abcde"]


class _YearCleaner:
    """One year's cleaning in two steps: :meth:`add` validates and encodes an export's rows,
    ``chunk_rows`` at a time, into compact columns (answer codes, category codes, the NIP as
    an integer, times, flags and the reasons of the rows rejected on their own), dropping the
    text cells; :meth:`finish` resolves what needs the whole year (unknown agency names,
    duplicates, the wrong-year check) and builds the outputs of :func:`clean_year`."""

    def __init__(self, *, year, instrument, units, key, scale, demographics, quality_settings,
                 organisation_words, anonymous, chunk_rows=CHUNK_ROWS):  # fmt: skip
        self.year, self.instrument, self.key, self.scale = year, instrument, key, scale
        self.demographics, self.quality_settings = demographics, quality_settings
        self.organisation_words, self.anonymous = organisation_words, anonymous
        self.chunk_rows = max(1, int(chunk_rows))
        self.matcher = UnitMatcher(units)
        self.unit_codes = sorted(self.matcher.labels)
        self.vocabulary = answer_words(scale)
        self.files: list[str] = []  # in the order read
        self.fields: list[set] = []  # the fields each file has
        self.parts: list[pd.DataFrame] = []
        self.rejected: list[pd.DataFrame] = []
        self.unknown: list[np.ndarray] = []  # unknown agency names as typed, in row order
        self.n_rows = 0

    def add(self, export: Export) -> None:
        """Validate and encode an export's rows (a chunk at a time); exports of the same file
        in a row are parts of it (:func:`~budaya_kerja.io.ingest.read_export_chunks`)."""
        if not self.files or self.files[-1] != export.file:
            self.files.append(export.file)
            self.fields.append(set(export.table.columns))
        index = len(self.files) - 1
        table = export.table
        for start in range(0, max(len(table), 1), self.chunk_rows):
            chunk = table.iloc[start : start + self.chunk_rows].reset_index(drop=True)
            self._encode(chunk, index)

    def _encode(self, raw: pd.DataFrame, file_index: int) -> None:
        """The per-row part of cleaning: each row's checks, codes and flags."""
        n, first = len(raw), self.n_rows
        self.n_rows += n
        key = row_keys(raw) if self.anonymous else None
        raw = raw.assign(**{f: "" for f in _OPTIONAL if f not in raw})
        items, scale, quality = self.instrument.items, self.scale, self.quality_settings
        # The first reason found rejects a row; later checks see only the rows still open.
        # Arrays by position, reasons written only for the rows they reject.
        still_open = np.ones(n, dtype=bool)
        reason_code, reason, column, value = (np.full(n, "", dtype=object) for _ in range(4))

        def reject(mask, code, text, col, val):
            rows = np.flatnonzero(np.asarray(mask, dtype=bool) & still_open)
            still_open[rows] = False
            for target, given in ((reason_code, code), (reason, text), (column, col),
                                  (value, val)):  # fmt: skip
                is_series = isinstance(given, pd.Series)
                target[rows] = given.reindex(rows).to_numpy(object) if is_series else given

        out = {"file": np.full(n, file_index, dtype=np.int16),
               "row": raw["row"].to_numpy(np.int64)}  # fmt: skip
        # NIP: kept as an integer (18 digits fit in int64), pseudonymised once accepted
        if not self.anonymous:
            nip, nip_code, nip_text = check_nips(raw["nip"], self.year)
            for code in ["nip_missing", "nip_scientific", "nip_length", "nip_birthdate",
                         "nip_sex_digit"]:  # fmt: skip
                reject(nip_code == code, code, nip_text, "nip", WITHHELD)
            valid_nip = (nip_code == "").to_numpy()
            out["nip"] = np.zeros(n, dtype=np.int64)
            out["nip"][valid_nip] = nip[valid_nip].astype("int64").to_numpy()
        # Agency: an unknown name's reason and shown form need the year's names (finish)
        unit = self.matcher.match(raw["unit"])
        unknown = (unit.isna() & (raw["unit"] != "")).to_numpy()
        self.unknown.append(raw["unit"].to_numpy(object)[unknown])
        reject(unit.isna() & (raw["unit"] == ""), "unit_missing", message("reason.unit_missing"),
               "unit", "")  # fmt: skip
        reject(unknown, "unit_unknown", "", "unit", "")
        out["unit"] = pd.Categorical(unit, categories=self.unit_codes)
        # Items: a row is rejected for its first invalid item (instrument order)
        codes, invalid = parse_answers(raw[items], scale)
        bad_items = invalid.to_numpy(bool)
        first_bad = np.where(bad_items.any(axis=1), bad_items.argmax(axis=1), -1)
        for j, item in enumerate(items):
            bad = pd.Series((first_bad == j) & still_open)
            if not bad.any():
                continue
            shown = redact.echo_answers(raw.loc[bad, item], self.vocabulary)
            text = shown.map(lambda v: message("reason.item_out_of_range", value=v,
                                               lo=scale["min"], hi=scale["max"])).astype(object)  # fmt: skip
            reject(bad, "item_out_of_range", text, item, shown)
        # Too many blanks is a flag, not a rejection (the config decides whether it is estimated).
        answered = codes.notna().sum(axis=1)
        out["complete"] = (answered >= quality["min_items_answered"]).to_numpy()
        # One distinct answer among those given: max == min (NaN-aware; a row with no answer
        # has none and is no straight-liner), a column operation instead of a per-row nunique.
        block = codes.to_numpy("float64")
        with np.errstate(invalid="ignore"):
            lo, hi = np.fmin.reduce(block, axis=1), np.fmax.reduce(block, axis=1)
        out["straightline"] = (lo == hi) & (
            answered.to_numpy() >= quality["straightline_min_items"]
        )
        scored = reverse_items(codes, self.instrument)
        for item in items:
            out[item] = scored[item].astype("Int8").array
        out["n_answered"] = answered.astype("Int8").array
        waktu = _parse_times(raw["waktu"])
        duration = (waktu - _parse_times(raw["waktu_mulai"])).dt.total_seconds()
        out["speeder"] = (duration < quality["speeder_seconds"]).fillna(False).to_numpy(bool)
        out["waktu"] = waktu.to_numpy()
        # Demographics: canonical values as categories, and whether the cell was invalid
        for field in _CATEGORIES:
            mapping = self.demographics.get(field, {})
            values, bad = _normalise_category(raw[field], mapping)
            out[field] = pd.Categorical(values, categories=sorted({str(v) for v in
                                                                   mapping.values()}))  # fmt: skip
            out[f"bad_{field}"] = bad.to_numpy(bool)
        gol = raw["golongan"].str.upper().str.replace(r"\s", "", regex=True)
        valid_gol = gol.str.fullmatch(GOLONGAN.pattern).fillna(False)
        golongan = (gol.str[:-1] + gol.str[-1].str.lower()).where(valid_gol).astype("string")
        out["golongan"] = pd.Categorical(golongan, categories=_GOLONGAN_VALUES)
        out["bad_golongan"] = ((gol != "") & golongan.isna()).to_numpy(bool)
        age = pd.to_numeric(raw["usia"].str.replace(",", ".", regex=False), errors="coerce")
        age = age.where((age >= 17) & (age <= 70))
        out["usia"] = age.round().astype("Int16").array
        out["bad_usia"] = ((raw["usia"] != "") & age.isna()).to_numpy(bool)
        out["open"] = still_open
        if key is not None:
            out["key"] = key.to_numpy(object)
        self.parts.append(pd.DataFrame(out))
        rows = np.flatnonzero(~still_open)
        typed = np.where(reason_code[rows] == "unit_unknown", raw["unit"].to_numpy(object)[rows],
                         None)  # fmt: skip
        self.rejected.append(pd.DataFrame({
            "pos": rows + first, "reason_code": reason_code[rows], "reason": reason[rows],
            "column": column[rows], "value": value[rows], "typed": typed,
        }))  # fmt: skip

    def _unknown_units(self) -> tuple[dict, pd.Series, dict]:
        """Unknown agency names as they may be shown (:mod:`redact`), their counts, and the
        reason per shown name with the nearest official names."""
        typed = pd.Series(np.concatenate(self.unknown), dtype="object")
        distinct = pd.Series(typed.unique(), dtype="object")
        safe = redact.redact_agencies(distinct, self.organisation_words, self.matcher.spellings)
        shown_of = dict(zip(distinct, safe, strict=True))
        counts = typed.map(shown_of).astype("object").value_counts().sort_index()
        hints = {}  # redacted name -> nearest official names (none for a withheld name)
        for name, shown in zip(distinct, safe, strict=True):
            near = self.matcher.nearest(name) if shown != WITHHELD else []
            hints[shown] = list(dict.fromkeys([*hints.get(shown, []), *near]))[:3]
        reasons = {
            shown: message("reason.unit_unknown", name=shown)
            + (message("reason.unit_nearest", names=", ".join(near)) if near else "")
            for shown, near in hints.items()
        }
        return shown_of, counts, {"reasons": reasons, "hints": hints}

    def _check_years(self, rows: pd.DataFrame) -> None:
        """A file whose answers are mostly from another year is in the wrong folder."""
        dated = rows["waktu"].notna().to_numpy()
        years = rows.loc[dated, "waktu"].dt.year
        in_file = rows.loc[dated, "file"]
        for index, name in enumerate(self.files):
            here = years[in_file == index]
            if len(here) and (here != self.year).mean() > 0.5:
                other = int(here.mode().iloc[0])
                raise InputFileError(name, message("clean.other_year", other=other,
                                                   year=self.year),
                                     message("clean.other_year_fix", other=other))  # fmt: skip

    def _responses(self, rows, accepted, files, copied) -> tuple[pd.DataFrame, dict]:
        """The accepted rows by agency, then pseudonym, each column taken once from the year's
        compact columns; and the counts of invalid demographic cells among them."""
        idx = np.flatnonzero(accepted)
        if self.anonymous:
            respondent = pa.array(row_ids(pd.Series(files[idx]), rows["row"].iloc[idx].reset_index(
                drop=True), self.year), type=pa.string())  # fmt: skip
        else:
            respondent = _pseudonyms(rows["nip"].to_numpy()[idx], self.key)
        # Unit codes are sorted like the agencies' codes (the categories are in code order).
        unit = rows["unit"].cat.codes.to_numpy()[idx]
        keys = pa.table({"unit": unit, "respondent": respondent})
        order = pc.sort_indices(
            keys, sort_keys=[("unit", "ascending"), ("respondent", "ascending")]
        ).to_numpy()
        take = idx[order]
        responses = pd.DataFrame({"respondent": pd.arrays.ArrowStringArray(
            respondent.take(pa.array(order)))})  # fmt: skip
        responses["year"] = np.int16(self.year)
        responses["unit"] = pd.Categorical.from_codes(unit[order], categories=self.unit_codes)
        invalid_demo = {}
        for field in [*_CATEGORIES, "golongan", "usia"]:
            bad = rows[f"bad_{field}"].to_numpy()[idx]
            if field in ("golongan", "usia") and any(field in f for f in self.fields):
                # A file without the column, beside one with it: its rows count as invalid
                # (as the missing cells of the year's columns always have).
                lacking = [i for i, f in enumerate(self.fields) if field not in f]
                bad = bad | np.isin(rows["file"].to_numpy()[idx], lacking)
            invalid_demo[field] = int(bad.sum())
            if field != "usia":
                responses[field] = rows[field].take(take).astype("string").array
        responses["usia"] = rows["usia"].array.take(take)
        responses["kelompok_usia"] = age_band(
            responses["usia"], self.demographics.get("age_bands", [18, 30, 40, 50])
        )
        for item in self.instrument.items:
            responses[item] = rows[item].array.take(take)
        responses["n_answered"] = rows["n_answered"].array.take(take)
        responses["flag_incomplete"] = ~rows["complete"].to_numpy()[take]
        responses["flag_straightline"] = rows["straightline"].to_numpy()[take]
        responses["flag_speeder"] = rows["speeder"].to_numpy()[take]
        responses["flag_duplicate"] = copied[take]
        return responses, invalid_demo

    def finish(self) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
        """Resolve what needs the whole year; the outputs of :func:`clean_year`."""
        if not self.files:
            raise BudayaKerjaError(message("clean.no_exports", year=self.year))
        year, items = self.year, self.instrument.items
        rows = pd.concat(self.parts, ignore_index=True)
        self.parts = []
        self._check_years(rows)
        shown_of, unknown_names, unknown = self._unknown_units()
        files = np.array(self.files, dtype=object)[rows["file"].to_numpy()]
        # Duplicates among otherwise valid rows: one questionnaire per NIP is kept; an
        # anonymous survey's exact duplicate rows are kept and flagged.
        valid = rows["open"].to_numpy()
        dup = np.zeros(len(rows), dtype=bool)
        copied = np.zeros(len(rows), dtype=bool)
        rejected = pd.concat(self.rejected, ignore_index=True)
        if self.anonymous:
            copied = exact_duplicates(rows["key"], valid)
        else:
            dup, dup_reason = _nip_duplicates(rows["nip"].to_numpy(), rows["complete"],
                                              rows["waktu"], files, rows["row"].to_numpy(),
                                              valid)  # fmt: skip
            rejected = pd.concat([rejected, pd.DataFrame({
                "pos": np.flatnonzero(dup), "reason_code": "duplicate", "reason": dup_reason,
                "column": "nip", "value": WITHHELD})], ignore_index=True)  # fmt: skip
        rejected = rejected.sort_values("pos", kind="stable")
        named = rejected["reason_code"].to_numpy() == "unit_unknown"
        shown = rejected.loc[named, "typed"].map(shown_of)
        rejected.loc[named, "value"] = shown.to_numpy(object)
        rejected.loc[named, "reason"] = shown.map(unknown["reasons"]).to_numpy(object)
        accepted = valid & ~dup

        responses, invalid_demo = self._responses(rows, accepted, files, copied)
        pos = rejected["pos"].to_numpy()
        rejected = pd.DataFrame({
            "file": files[pos], "row": rows["row"].to_numpy()[pos],
            "unit": rows["unit"].iloc[pos].astype("string").fillna("").to_numpy(object),
            "reason_code": rejected["reason_code"].to_numpy(object),
            "reason": rejected["reason"].to_numpy(object),
            "column": rejected["column"].to_numpy(object),
            "value": rejected["value"].to_numpy(object),
        })  # fmt: skip
        quality = quality_summary(self.files, rows["file"].to_numpy(), accepted, rows["unit"],
                                  rejected["reason_code"], responses, unknown_names,
                                  int(dup.sum()), invalid_demo, items, year)  # fmt: skip
        quality["unknown_units_nearest"] = {k: unknown["hints"][k]
                                            for k in quality["unknown_units"]}  # fmt: skip
        quality["anonymous"] = bool(self.anonymous)
        return responses, rejected, quality


def clean_year(
    exports: Iterable[Export],
    *,
    year: int,
    instrument: Instrument,
    units: dict,
    key: bytes | None,
    scale: dict,
    demographics: dict,
    quality_settings: dict,
    organisation_words: list[str],
    anonymous: bool = False,
    chunk_rows: int = CHUNK_ROWS,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Validate, pseudonymise and deduplicate one year's exports.

    Returns ``responses`` (one row per accepted respondent), ``rejected`` (one row per
    quarantined source row) and the ``quality`` summary. Rows read == accepted + rejected.
    Unknown agency names appear in ``rejected`` and ``quality`` only redacted (see
    :mod:`redact`, with ``organisation_words`` and the words of ``units``), invalid answers
    only when they are a short number or scale words. With ``anonymous`` there is no NIP
    (``key`` is not used): rows get :func:`row_ids` and exact duplicates are flagged
    (:func:`exact_duplicates`).

    Rows are validated ``chunk_rows`` at a time and kept only in compact form (the results
    do not depend on it); ``exports`` may be a generator that reads one file at a time.
    """
    cleaner = _YearCleaner(year=year, instrument=instrument, units=units, key=key, scale=scale,
                           demographics=demographics, quality_settings=quality_settings,
                           organisation_words=organisation_words, anonymous=anonymous,
                           chunk_rows=chunk_rows)  # fmt: skip
    for export in exports:
        cleaner.add(export)
    return cleaner.finish()


ANSWER_WORDS = {"sangat", "setuju", "tidak", "netral", "ragu", "kurang", "cukup", "agree",
                "disagree", "strongly", "neutral"}  # fmt: skip


def answer_words(scale: dict) -> set[str]:
    """Words an invalid answer may consist of and still be shown: the scale's label words
    and common agreement words (a closed set: no name can pass)."""
    labels = {w for label in scale.get("labels", {}) for w in normalise_header(label).split()}
    return ANSWER_WORDS | {w for w in labels if w.isalpha()}


_DAY_FIRST = r"^(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})(:\d{2})$"
_DAY_FIRST_MINUTES = r"^(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})$"


def _parse_times(text: pd.Series) -> pd.Series:
    """Timestamps as exports write them: ISO, day-first (Indonesian forms, with or without
    seconds), or Excel date serials (days since 1899-12-30) from cells stored as numbers."""
    text = text.astype("string").fillna("").str.strip()
    # Day-first stamps with two-digit fields are rewritten as ISO, which pandas parses several
    # times faster than a format it must match field by field (same dates, same checks).
    text = text.str.replace(_DAY_FIRST, r"\3-\2-\1 \4:\5\6", regex=True)
    text = text.str.replace(_DAY_FIRST_MINUTES, r"\3-\2-\1 \4:\5:00", regex=True)
    parsed = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        todo = parsed.isna() & (text != "")  # each format tries only what is still unread
        if todo.any():
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    todo = parsed.isna() & (text != "")
    if todo.any():
        serial = pd.to_numeric(text[todo].str.replace(",", ".", regex=False), errors="coerce")
        serial = serial.where((serial > 20000) & (serial < 80000)).astype("float64")
        from_serial = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial.round(6), unit="D")
        parsed[todo] = from_serial.dt.round("s")
    return parsed


def age_band(age: pd.Series, bounds: list[int]) -> pd.Series:
    """Age bands such as '<30', '30–39', '40–49', '50+' from the lower bounds [18, 30, 40, 50]."""
    labels = age_band_labels(bounds)
    cut = pd.cut(age.astype("float64"), bins=[0, *bounds[1:], 200], right=False, labels=labels)
    return cut.astype("string")


def quality_summary(files, file_index, accepted, unit, reason_codes, responses, unknown_names,
                    duplicates, invalid_demo, items, year) -> dict:  # fmt: skip
    """The ``quality.json`` dictionary (counts only; no personal data) from the year's rows:
    their ``file_index`` into ``files``, ``accepted`` mask and ``unit`` codes, and the
    rejected rows' ``reason_codes``. Response rates by agency are a table of their own, with
    suppression (``aggregate.response_rates``)."""
    per_file = []
    rows_of = np.bincount(file_index, minlength=len(files))
    for index in sorted(range(len(files)), key=files.__getitem__):
        if not rows_of[index]:
            continue
        here = accepted & (file_index == index)
        # Which agencies a file's accepted rows come from (no counts): the per-file totals are
        # published, so suppression must treat them as margins (suppression.file_margins).
        present = sorted(map(str, unit[here].dropna().unique()))
        per_file.append({"file": files[index], "rows_read": int(rows_of[index]),
                         "accepted": int(here.sum()), "rejected": int(rows_of[index] - here.sum()),
                         "units": present})  # fmt: skip
    return {
        "year": int(year),
        "files": per_file,
        "rows_read": len(file_index),
        "accepted": int(accepted.sum()),
        "rejected": int((~accepted).sum()),
        "rejected_by_reason": {k: int(v) for k, v in
                               reason_codes.value_counts().sort_index().items()},
        "duplicates_resolved": int(duplicates),
        "unknown_units": {str(k): int(v) for k, v in unknown_names.items()},
        "invalid_demographics": invalid_demo,
        "missing_by_item": {i: round(float(responses[i].isna().mean()), 4) for i in items},
        "flags": {"incomplete": int(responses["flag_incomplete"].sum()),
                  "straightline": int(responses["flag_straightline"].sum()),
                  "speeder": int(responses["flag_speeder"].sum()),
                  "duplicate": int(responses["flag_duplicate"].sum())},
    }  # fmt: skip


def excluded(responses: pd.DataFrame, quality_settings: dict) -> pd.Series:
    """Respondents left out of estimates by the config's exclusion flags (kept in the data)."""
    out = pd.Series(False, index=responses.index)
    for flag, setting in [("flag_incomplete", "exclude_incomplete"),
                          ("flag_straightline", "exclude_straightliners"),
                          ("flag_speeder", "exclude_speeders"),
                          ("flag_duplicate", "exclude_duplicates")]:  # fmt: skip
        if quality_settings.get(setting) and flag in responses.columns:
            out |= responses[flag].astype(bool)
    return out


def clean_frame(frame: pd.DataFrame, units: dict, demographics: dict, file: str) -> pd.DataFrame:
    """Population frame with unit codes and canonical stratum values; unknown units stop,
    naming the row by ``frame``'s index (:func:`~budaya_kerja.io.ingest.read_frame` gives
    the file's row numbers)."""
    matcher = UnitMatcher(units)
    out = frame.copy()
    out["unit"] = matcher.match(frame["unit"])
    if out["unit"].isna().any():
        first = int(np.flatnonzero(out["unit"].isna())[0])
        typed = pd.Series([frame["unit"].iloc[first]], dtype="object")
        name = redact.redact_by_units(typed, matcher.spellings).iloc[0]  # a frame cell too
        near = ", ".join(matcher.nearest(typed.iloc[0])) if name != WITHHELD else "-"
        raise InputFileError(file, message("clean.frame_unit", row=frame.index[first], name=name,
                                           nearest=near),
                             message("clean.frame_unit_fix"))  # fmt: skip
    for col in out.columns:
        if col in demographics and isinstance(demographics[col], dict):
            values, bad = _normalise_category(out[col], demographics[col])
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                typed = frame[col].iloc[[first]]
                # A cell of any field may hold a name: shown when it is a code of one or two
                # signs or made of the category's words, else withheld.
                words = {w for pair in demographics[col].items() for label in pair
                         for w in str(label).split()}  # fmt: skip
                value = (typed.iloc[0] if len(str(typed.iloc[0]).strip()) <= 2
                         else redact.echo_answers(typed, words).iloc[0])  # fmt: skip
                raise InputFileError(file, message("clean.frame_value", row=frame.index[first],
                                                   column=col, value=value),
                                     message("clean.frame_value_fix"))  # fmt: skip
            out[col] = values
    strata = [c for c in out.columns if c not in ("unit", "jumlah")]
    return out.groupby(["unit", *strata], as_index=False)["jumlah"].sum()


def clean_files(
    export_paths: list[str],
    frame_paths: list[str],
    units: dict,
    *,
    year: int,
    instrument: Instrument,
    settings: dict,
    secret: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> tuple[pd.DataFrame, pd.DataFrame, dict, pd.DataFrame]:
    """Read and clean one year's files; ``settings`` is the loaded config.

    The files are the shipped synthetic demo or real exports (by SHA-256, :mod:`origin`;
    never a mix): the demo is pseudonymised with the demo key, real exports with ``secret``
    (default: the environment variable ``pseudonym.key_env``), see :mod:`keys`; an anonymous
    survey (``settings["anonymous"]``) needs no key (its fingerprint is recorded as None).

    Returns responses, rejected rows, the quality summary (with each input's SHA-256, the
    key's fingerprint and whether the data are synthetic) and the cleaned population frame
    (empty when the year has none). The exports are read one at a time and validated
    ``chunk_rows`` rows at a time (:func:`clean_year`).
    """
    from budaya_kerja.io.ingest import read_export_chunks, read_frame
    from budaya_kerja.io.tables import sha256

    if len(frame_paths) > 1:
        raise InputFileError(", ".join(os.path.basename(p) for p in frame_paths),
                             message("clean.frames"), message("clean.frames_fix"))  # fmt: skip
    inputs = [*export_paths, *frame_paths]
    folder = os.path.dirname(inputs[0]) if inputs else str(year)
    synthetic = origin.origin_of(inputs, folder) == origin.SYNTHETIC
    anonymous = bool(settings.get("anonymous"))
    key_env = settings["pseudonym"]["key_env"]
    key = None if anonymous else keys.resolve_key(
        synthetic, os.environ.get(key_env) if secret is None else secret, key_env)  # fmt: skip
    cleaner = _YearCleaner(
        year=year, instrument=instrument, units=units, key=key, scale=settings["scale"],
        demographics=settings["demographics"], quality_settings=settings["quality"],
        organisation_words=settings["privacy"]["organisation_words"], anonymous=anonymous,
        chunk_rows=chunk_rows,
    )  # fmt: skip
    for path in export_paths:  # a chunk of one file's text cells in memory at a time
        for part in read_export_chunks(path, settings["columns"], instrument,
                                       settings["excel_sheet"], anonymous=anonymous,
                                       chunk_rows=chunk_rows):  # fmt: skip
            cleaner.add(part)
            del part  # not held while the next file is read
        # Arrow's allocator keeps freed memory for reuse; the next file's reader (calamine's
        # workbook) does not allocate from it, so it goes back to the system now.
        pa.default_memory_pool().release_unused()
    frame = None
    if frame_paths:
        name = os.path.basename(frame_paths[0])
        frame = clean_frame(read_frame(frame_paths[0]), units, settings["demographics"], name)
    responses, rejected, quality = cleaner.finish()
    digests = {os.path.basename(p): (sha256(p), os.path.getsize(p)) for p in inputs}
    for entry in quality["files"]:
        entry["sha256"], entry["bytes"] = digests[entry["file"]]
    quality["frame"] = None
    if frame is not None:
        name = os.path.basename(frame_paths[0])
        quality["frame"] = {"file": name, "sha256": digests[name][0], "bytes": digests[name][1],
                            "headcount": int(frame["jumlah"].sum())}  # fmt: skip
    quality["synthetic"] = synthetic
    quality["key_fingerprint"] = None if anonymous else keys.fingerprint(key)
    if frame is None:
        frame = pd.DataFrame(
            {"unit": pd.Series(dtype="string"), "jumlah": pd.Series(dtype="int64")}
        )
    return responses, rejected, quality, frame


def split_rejected(rejected: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``rejected.csv`` per agency, so each agency gets its own list of problems to fix.

    Rows whose agency is unknown or blank go to ``tanpa-unit`` (for the evaluation team). The
    names are validated unit codes (:mod:`units`), so each is a plain file name.
    """
    key = rejected["unit"].astype("string").fillna("").replace("", NO_UNIT)
    return {name: part.reset_index(drop=True) for name, part in rejected.groupby(key, sort=True)}

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
"""

from __future__ import annotations

import hmac
import os
import re

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
    "split_rejected",
]  # fmt: skip

DEMOGRAPHICS = ["jenis_kelamin", "status_kepegawaian", "golongan", "jenis_jabatan"]
GOLONGAN = re.compile(r"^(I|II|III|IV)/([A-E])$")
WITHHELD = redact.WITHHELD
REJECTED_COLUMNS = ["file", "row", "unit", "reason_code", "reason", "column", "value"]


def pseudonymise(nips: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each normalised NIP, first 32 hex digits (128 bits)."""
    digest = [hmac.digest(key, n.encode("ascii"), "sha256")[:16].hex() for n in nips.tolist()]
    return pd.Series(digest, index=nips.index, dtype="string")


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


def row_ids(raw: pd.DataFrame, year: int) -> pd.Series:
    """Respondent ids of an anonymous survey: year, file (its position among the year's
    files, by name) and row ('2025-f1-r12'). They link nothing across years or files."""
    files = {name: k for k, name in enumerate(sorted(raw["file"].unique()), 1)}
    ids = f"{int(year)}-f" + raw["file"].map(files).astype(str) + "-r" + raw["row"].astype(str)
    return ids.astype("string")


def exact_duplicates(raw: pd.DataFrame, valid: pd.Series) -> pd.Series:
    """Valid rows identical, as typed, in every column read (except file and row) to an
    earlier valid row: in an anonymous survey, the only sign of a double submission."""
    fields = [c for c in raw.columns if c not in ("file", "row")]
    flag = pd.Series(False, index=raw.index)
    flag[valid] = raw.loc[valid, fields].duplicated(keep="first")
    return flag


def _nip_duplicates(nip, complete, waktu, raw, valid) -> tuple[pd.Series, pd.Series]:
    """Rows another submission of the same NIP replaces, and the reason naming the one kept:
    the latest complete submission per NIP (a later, nearly blank one does not replace a
    filled-in questionnaire)."""
    # Only NIPs that occur more than once need ordering (nearly everyone's occurs once).
    shared = valid & nip.duplicated(keep=False)
    order = pd.DataFrame({"nip": nip, "complete": complete, "t": waktu,
                          "pos": np.arange(len(raw))})[shared]  # fmt: skip
    order = order.sort_values(["nip", "complete", "t", "pos"], na_position="first", kind="stable")
    latest = order.drop_duplicates("nip", keep="last")
    dup = shared & ~raw.index.isin(latest.index)
    latest = latest[latest["nip"].isin(nip[dup])]  # only the kept rows a reason names
    pos = latest["pos"].to_numpy()
    where_kept = pd.Series(
        raw["file"].to_numpy()[pos] + " row " + raw["row"].to_numpy()[pos].astype(str),
        index=latest["nip"].to_numpy(),
    )
    kept = nip[dup].map(where_kept).astype("string").fillna("")
    dup_reason = kept.map(lambda k: message("reason.duplicate", kept=k)).astype("object")
    return dup, dup_reason.reindex(raw.index, fill_value="")


# --------------------------------------------------------------------------- clean
def clean_year(
    exports: list[Export],
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
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Validate, pseudonymise and deduplicate one year's exports.

    Returns ``responses`` (one row per accepted respondent), ``rejected`` (one row per
    quarantined source row) and the ``quality`` summary. Rows read == accepted + rejected.
    Unknown agency names appear in ``rejected`` and ``quality`` only redacted (see
    :mod:`redact`, with ``organisation_words`` and the words of ``units``), invalid answers
    only when they are a short number or scale words. With ``anonymous`` there is no NIP
    (``key`` is not used): rows get :func:`row_ids` and exact duplicates are flagged
    (:func:`exact_duplicates`).
    """
    if not exports:
        raise BudayaKerjaError(message("clean.no_exports", year=year))
    raw = pd.concat([e.table for e in exports], ignore_index=True)
    for field in ["waktu", "waktu_mulai", "usia", *DEMOGRAPHICS]:
        if field not in raw:
            raw[field] = ""
    items = instrument.items
    # The first reason found rejects a row; later checks see only the rows still open. Arrays
    # by position (``raw`` has a RangeIndex), reasons written only for the rows they reject.
    still_open = np.ones(len(raw), dtype=bool)
    reason_code, reason, column, value = (np.full(len(raw), "", dtype=object) for _ in range(4))

    def reject(mask, code, text, col, val):
        rows = np.flatnonzero(np.asarray(mask, dtype=bool) & still_open)
        still_open[rows] = False
        for target, given in ((reason_code, code), (reason, text), (column, col), (value, val)):
            is_series = isinstance(given, pd.Series)
            target[rows] = given.reindex(rows).to_numpy(object) if is_series else given

    # NIP
    if not anonymous:
        nip, nip_code, nip_text = check_nips(raw["nip"], year)
        for code in ["nip_missing", "nip_scientific", "nip_length", "nip_birthdate",
                     "nip_sex_digit"]:  # fmt: skip
            reject(nip_code == code, code, nip_text, "nip", WITHHELD)
    # Agency
    matcher = UnitMatcher(units)
    unit = matcher.match(raw["unit"])
    unknown = unit.isna() & (raw["unit"] != "")
    typed = raw.loc[unknown, "unit"]
    distinct = pd.Series(typed.unique(), dtype="object")
    safe = redact.redact_agencies(distinct, organisation_words, matcher.spellings)
    shown_name = typed.map(dict(zip(distinct, safe, strict=True))).astype("object")
    unknown_names = shown_name.value_counts().sort_index()
    hints = {}  # redacted name -> nearest official names (none for a withheld name)
    for name, shown in zip(distinct, safe, strict=True):
        near = matcher.nearest(name) if shown != WITHHELD else []
        hints[shown] = list(dict.fromkeys([*hints.get(shown, []), *near]))[:3]
    reasons = {
        shown: message("reason.unit_unknown", name=shown)
        + (message("reason.unit_nearest", names=", ".join(near)) if near else "")
        for shown, near in hints.items()
    }
    unit_reason = shown_name.map(reasons).astype("object")
    reject(unit.isna() & (raw["unit"] == ""), "unit_missing", message("reason.unit_missing"),
           "unit", "")  # fmt: skip
    reject(unknown, "unit_unknown", unit_reason, "unit", shown_name)
    # Items
    codes, invalid = parse_answers(raw[items], scale)
    vocabulary = answer_words(scale)
    # A row is rejected for its first invalid item (instrument order), as if item by item.
    bad_items = invalid.to_numpy(bool)
    first_bad = np.where(bad_items.any(axis=1), bad_items.argmax(axis=1), -1)
    for j, item in enumerate(items):
        bad = pd.Series((first_bad == j) & still_open, index=raw.index)
        if not bad.any():
            continue
        shown = redact.echo_answers(raw.loc[bad, item], vocabulary)
        text = shown.map(lambda v: message("reason.item_out_of_range", value=v,
                                           lo=scale["min"], hi=scale["max"])).astype("object")  # fmt: skip
        reject(bad, "item_out_of_range", text, item, shown)
    # Too many blanks is a flag, not a rejection (the config decides whether it is estimated).
    answered = codes.notna().sum(axis=1)
    complete = answered >= quality_settings["min_items_answered"]
    # Timestamps: a file whose answers are mostly from another year is in the wrong folder.
    waktu = _parse_times(raw["waktu"])
    start = _parse_times(raw["waktu_mulai"])
    years = waktu.dt.year
    for export in exports:
        in_file = raw["file"] == export.file
        dated = in_file & waktu.notna()
        if dated.any() and (years[dated] != year).mean() > 0.5:
            other = int(years[dated].mode().iloc[0])
            raise InputFileError(export.file, message("clean.other_year", other=other, year=year),
                                 message("clean.other_year_fix", other=other))  # fmt: skip
    # Duplicates among otherwise valid rows: one questionnaire per NIP is kept; an anonymous
    # survey's exact duplicate rows are kept and flagged.
    valid = pd.Series(still_open.copy(), index=raw.index)
    if anonymous:
        dup = pd.Series(False, index=raw.index)
        copied = exact_duplicates(raw, valid)
    else:
        dup, dup_reason = _nip_duplicates(nip, complete, waktu, raw, valid)
        reject(dup, "duplicate", dup_reason, "nip", WITHHELD)
        copied = pd.Series(False, index=raw.index)

    accepted = pd.Series(still_open.copy(), index=raw.index)
    reason_code = pd.Series(reason_code, index=raw.index, dtype=object)
    acc = raw.loc[accepted, ["file", "row", "usia", *DEMOGRAPHICS]]
    respondent = row_ids(acc, year) if anonymous else pseudonymise(nip[accepted], key)
    responses = pd.DataFrame({"respondent": respondent})
    responses["year"] = np.int16(year)
    responses["unit"] = unit[accepted]
    invalid_demo = {}
    for field in ["jenis_kelamin", "status_kepegawaian", "jenis_jabatan"]:
        values, bad = _normalise_category(acc[field], demographics.get(field, {}))
        responses[field] = values
        invalid_demo[field] = int(bad.sum())
    gol = acc["golongan"].str.upper().str.replace(r"\s", "", regex=True)
    valid_gol = gol.str.fullmatch(GOLONGAN.pattern).fillna(False)
    responses["golongan"] = (
        (gol.str[:-1] + gol.str[-1].str.lower()).where(valid_gol).astype("string")
    )
    invalid_demo["golongan"] = int(((gol != "") & responses["golongan"].isna()).sum())
    age = pd.to_numeric(acc["usia"].str.replace(",", ".", regex=False), errors="coerce")
    age = age.where((age >= 17) & (age <= 70))
    invalid_demo["usia"] = int(((acc["usia"] != "") & age.isna()).sum())
    responses["usia"] = age.round().astype("Int16")
    responses["kelompok_usia"] = age_band(
        responses["usia"], demographics.get("age_bands", [18, 30, 40, 50])
    )
    scored = reverse_items(codes.loc[accepted, items], instrument)
    for item in items:
        responses[item] = scored[item].astype("Int8")
    responses["n_answered"] = answered[accepted].astype("Int8")
    responses["flag_incomplete"] = ~complete[accepted]
    # One distinct answer among those given: max == min (NaN-aware; a row with no answer has
    # none and is no straight-liner), a column operation instead of a per-row nunique.
    block = codes.loc[accepted, items].to_numpy("float64")
    with np.errstate(invalid="ignore"):
        lo, hi = np.fmin.reduce(block, axis=1), np.fmax.reduce(block, axis=1)
    responses["flag_straightline"] = (lo == hi) & (
        answered[accepted].to_numpy() >= quality_settings["straightline_min_items"]
    )
    duration = (waktu - start).dt.total_seconds()[accepted]
    responses["flag_speeder"] = (duration < quality_settings["speeder_seconds"]).fillna(False)
    responses["flag_duplicate"] = copied[accepted].to_numpy()
    # By agency, then pseudonym (pyarrow's sort: the same order as pandas', in half the time)
    keys = pa.table({k: pa.array(responses[k]) for k in ("unit", "respondent")})
    order = pc.sort_indices(keys, sort_keys=[("unit", "ascending"), ("respondent", "ascending")])
    responses = responses.take(order.to_numpy()).reset_index(drop=True)
    responses["unit"] = pd.Categorical(responses["unit"], categories=sorted(matcher.labels))

    rejected = pd.DataFrame({
        "file": raw["file"], "row": raw["row"], "unit": unit.fillna(""),
        "reason_code": reason_code, "reason": reason, "column": column, "value": value,
    }).astype({"reason": object, "column": object, "value": object})[~accepted].reset_index(
        drop=True)  # fmt: skip
    quality = quality_summary(raw, accepted, reason_code, responses, unknown_names, dup,
                              invalid_demo, items, year, unit)  # fmt: skip
    quality["unknown_units_nearest"] = {k: hints[k] for k in quality["unknown_units"]}
    quality["anonymous"] = bool(anonymous)
    return responses, rejected, quality


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


def quality_summary(raw, accepted, reason_code, responses, unknown_names, dup, invalid_demo,
                    items, year, unit_codes) -> dict:  # fmt: skip
    """The ``quality.json`` dictionary (counts only; no personal data). Response rates by
    agency are a table of their own, with suppression (``aggregate.response_rates``)."""
    per_file = []
    for name, rows in raw.groupby("file", sort=True).groups.items():
        acc = int(accepted[rows].sum())
        # Which agencies a file's accepted rows come from (no counts): the per-file totals are
        # published, so suppression must treat them as margins (suppression.file_margins).
        present = sorted(map(str, unit_codes[rows][accepted[rows].to_numpy()].dropna().unique()))
        per_file.append({"file": name, "rows_read": len(rows), "accepted": acc,
                         "rejected": len(rows) - acc, "units": present})  # fmt: skip
    return {
        "year": int(year),
        "files": per_file,
        "rows_read": len(raw),
        "accepted": int(accepted.sum()),
        "rejected": int((~accepted).sum()),
        "rejected_by_reason": {k: int(v) for k, v in
                               reason_code[~accepted].value_counts().sort_index().items()},
        "duplicates_resolved": int(dup.sum()),
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
) -> tuple[pd.DataFrame, pd.DataFrame, dict, pd.DataFrame]:
    """Read and clean one year's files; ``settings`` is the loaded config.

    The files are the shipped synthetic demo or real exports (by SHA-256, :mod:`origin`;
    never a mix): the demo is pseudonymised with the demo key, real exports with ``secret``
    (default: the environment variable ``pseudonym.key_env``), see :mod:`keys`; an anonymous
    survey (``settings["anonymous"]``) needs no key (its fingerprint is recorded as None).

    Returns responses, rejected rows, the quality summary (with each input's SHA-256, the
    key's fingerprint and whether the data are synthetic) and the cleaned population frame
    (empty when the year has none).
    """
    from budaya_kerja.io.ingest import read_export, read_frame
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
    exports = [
        read_export(p, settings["columns"], instrument, settings["excel_sheet"],
                    anonymous=anonymous)
        for p in export_paths
    ]  # fmt: skip
    frame = None
    if frame_paths:
        name = os.path.basename(frame_paths[0])
        frame = clean_frame(read_frame(frame_paths[0]), units, settings["demographics"], name)
    responses, rejected, quality = clean_year(
        exports, year=year, instrument=instrument, units=units, key=key,
        scale=settings["scale"], demographics=settings["demographics"],
        quality_settings=settings["quality"],
        organisation_words=settings["privacy"]["organisation_words"], anonymous=anonymous,
    )  # fmt: skip
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

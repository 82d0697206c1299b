"""Cleaning: validate every row of a year's exports, pseudonymise, resolve duplicates.

Every row read ends in exactly one of ``responses`` (accepted) or ``rejected`` (quarantined
with file, row, reason code, reason, column and value), and ``quality`` counts both. The NIP
is replaced by an HMAC-SHA256 pseudonym (RFC 2104) keyed by a secret, so one person links
across years and files while the NIP itself never leaves this module; names and free text
are dropped on read.
"""

from __future__ import annotations

import difflib
import hmac
import os
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import BudayaKerjaError, InputFileError
from .ingest import Export, normalise_header
from .settings import Instrument

DEMOGRAPHICS = ["jenis_kelamin", "status_kepegawaian", "golongan", "jenis_jabatan"]
GOLONGAN = re.compile(r"^(I|II|III|IV)/([A-E])$")
WITHHELD = "(disembunyikan)"
REJECTED_COLUMNS = ["file", "row", "unit", "reason_code", "reason", "column", "value"]


# --------------------------------------------------------------------------- keys
def resolve_key(pseudonym: dict, input_files: Iterable[str]) -> bytes:
    """The HMAC key: from the environment, or the demo key when all inputs are synthetic."""
    key = os.environ.get(pseudonym["key_env"], "")
    if key:
        return key.encode("utf-8")
    names = [os.path.basename(f) for f in input_files]
    if names and all(pseudonym["synthetic_marker"] in n.lower() for n in names):
        return pseudonym["demo_key"].encode("utf-8")
    raise BudayaKerjaError(
        f"no pseudonymisation key: set the environment variable {pseudonym['key_env']} to a "
        "long secret kept by the evaluation team (the same every year, so people link across "
        "years), e.g. `export BUDAYA_KERJA_KEY=...`; the demo key only works for the shipped "
        "synthetic files"
    )


def pseudonymise(nips: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each normalised NIP, first 32 hex digits (128 bits)."""
    digest = [hmac.digest(key, n.encode("ascii"), "sha256").hex()[:32] for n in nips]
    return pd.Series(digest, index=nips.index, dtype="string")


# --------------------------------------------------------------------------- units
class UnitMatcher:
    """Agency names -> unit codes through units.yaml (code, name, aliases, suffixes)."""

    def __init__(self, units: dict):
        self.suffixes = sorted((normalise_header(s) for s in units.get("suffixes", [])),
                               key=len, reverse=True)  # fmt: skip
        self.lookup: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for unit in units["units"]:
            self.labels[unit["code"]] = unit["name"]
            for name in [unit["code"], unit["name"], *unit.get("aliases", [])]:
                self.lookup[self._key(name)] = unit["code"]

    def _key(self, name: str) -> str:
        key = normalise_header(name)
        for suffix in self.suffixes:
            if key.endswith(" " + suffix):
                key = key[: -len(suffix) - 1].strip()
        return key

    def match(self, names: pd.Series) -> pd.Series:
        """Unit code per name (<NA> when unknown); only distinct names are processed."""
        distinct = pd.Series(names.unique())
        codes = distinct.map(lambda n: self.lookup.get(self._key(n))).set_axis(distinct)
        return names.map(codes).astype("string")

    def nearest(self, name: str, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(self._key(name), list(self.lookup), n=n, cutoff=0.5)
        return list(dict.fromkeys(self.labels[self.lookup[k]] for k in keys))


# --------------------------------------------------------------------------- cells
def parse_answers(cells: pd.DataFrame, scale: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Item cells -> codes. Returns (codes as float with NaN for blank, invalid mask)."""
    labels = {normalise_header(k): float(v) for k, v in scale["labels"].items()}
    lo, hi = scale["min"], scale["max"]
    codes = pd.DataFrame(index=cells.index)
    invalid = pd.DataFrame(index=cells.index)
    for col in cells.columns:
        text = cells[col].astype("string").fillna("")
        distinct = pd.Series(text.unique())
        norm = distinct.map(normalise_header)
        number = pd.to_numeric(distinct.str.replace(",", ".", regex=False), errors="coerce")
        value = norm.map(labels).astype("float64").fillna(number.astype("float64")).to_numpy()
        blank = (norm == "").to_numpy(dtype=bool)
        with np.errstate(invalid="ignore"):
            ok = (value == np.floor(value)) & (value >= lo) & (value <= hi)
        table = pd.DataFrame({"value": np.where(ok, value, np.nan), "bad": ~blank & ~ok})
        table.index = distinct
        codes[col] = text.map(table["value"]).astype("float64")
        invalid[col] = text.map(table["bad"]).astype(bool)
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

    flag(clean == "", "nip_missing", "the NIP is blank; the respondent cannot be identified")
    scientific = raw.str.strip().str.fullmatch(r"\d([.,]\d+)?[eE]\+?\d+")
    flag(scientific, "nip_scientific",
         "the NIP was stored as a number by Excel (e.g. 1,99E+17), so its last digits are "
         "lost; format the NIP column as Text in the source sheet and export again")  # fmt: skip
    flag(~clean.str.fullmatch(r"\d{18}"), "nip_length",
         "the NIP must be exactly 18 digits; check the source for a missing or extra digit")  # fmt: skip
    birth = pd.to_datetime(clean.str[:8], format="%Y%m%d", errors="coerce")
    plausible = birth.notna() & (birth.dt.year >= year - 75) & (birth.dt.year <= year - 15)
    flag(~plausible, "nip_birthdate",
         "the first 8 digits of the NIP are not a plausible birth date (yyyymmdd)")  # fmt: skip
    flag(~clean.str[14].isin(["1", "2"]), "nip_sex_digit",
         "digit 15 of the NIP must be 1 (male) or 2 (female)")  # fmt: skip
    return clean, code, text


def _normalise_category(values: pd.Series, mapping: dict) -> tuple[pd.Series, pd.Series]:
    """Map labels to canonical values; returns (values, invalid mask)."""
    norm = values.astype("string").fillna("").map(normalise_header)
    lookup = {normalise_header(k): v for k, v in mapping.items()}
    lookup.update({normalise_header(v): v for v in mapping.values()})
    out = norm.map(lookup).astype("string")
    return out, out.isna() & (norm != "")


# --------------------------------------------------------------------------- clean
def clean_year(
    exports: list[Export],
    *,
    year: int,
    instrument: Instrument,
    units: dict,
    key: bytes,
    scale: dict,
    demographics: dict,
    quality_settings: dict,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Validate, pseudonymise and deduplicate one year's exports.

    Returns ``responses`` (one row per accepted respondent), ``rejected`` (one row per
    quarantined source row) and the ``quality`` summary. Rows read == accepted + rejected.
    """
    if not exports:
        raise BudayaKerjaError(
            f"no survey exports for {year}; put .csv/.xlsx files in data/raw/{year}/"
        )
    raw = pd.concat([e.table for e in exports], ignore_index=True)
    for field in ["waktu", "waktu_mulai", "usia", *DEMOGRAPHICS]:
        if field not in raw:
            raw[field] = ""
    items = instrument.items
    reason_code = pd.Series("", index=raw.index, dtype="object")
    reason = pd.Series("", index=raw.index, dtype="object")
    column = pd.Series("", index=raw.index, dtype="object")
    value = pd.Series("", index=raw.index, dtype="object")

    def reject(mask, code, text, col, val):
        mask = mask & (reason_code == "")
        reason_code[mask] = code
        reason[mask] = text[mask] if isinstance(text, pd.Series) else text
        column[mask] = col
        value[mask] = val[mask] if isinstance(val, pd.Series) else val

    # NIP
    nip, nip_code, nip_text = check_nips(raw["nip"], year)
    for code in ["nip_missing", "nip_scientific", "nip_length", "nip_birthdate", "nip_sex_digit"]:
        reject(nip_code == code, code, nip_text, "nip", WITHHELD)
    # Agency
    matcher = UnitMatcher(units)
    unit = matcher.match(raw["unit"])
    unknown = unit.isna()
    unknown_names = raw.loc[unknown, "unit"].value_counts().sort_index()
    hints = {n: matcher.nearest(n) for n in unknown_names.index}
    unit_reason = (
        raw["unit"]
        .map(
            lambda n: (
                f"agency '{n}' is not in config/units.yaml"
                + (f"; nearest: {', '.join(hints[n])}" if hints.get(n) else "")
                + "; add the name as an alias of the right agency"
            )
        )
        .where(unknown, "")
    )
    reject(unknown & (raw["unit"] == ""), "unit_missing", "the agency is blank", "unit", "")
    reject(unknown, "unit_unknown", unit_reason, "unit", raw["unit"])
    # Items
    codes, invalid = parse_answers(raw[items], scale)
    for item in items:
        bad = invalid[item]
        shown = echo_answer(raw.loc[bad, item]).reindex(raw.index, fill_value="")
        text = ("answer '" + shown + f"' is not on the scale {scale['min']}–{scale['max']} "
                "or one of its labels; correct it in the source (it is not clipped)")  # fmt: skip
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
            raise InputFileError(export.file, f"most submissions are dated {other}, not {year}",
                                 f"move it to data/raw/{other}/")  # fmt: skip
    # Duplicates among otherwise valid rows: keep the latest complete submission per NIP (a
    # later, nearly blank one does not replace a filled-in questionnaire).
    valid = reason_code == ""
    order = pd.DataFrame({"nip": nip, "complete": complete, "t": waktu,
                          "pos": np.arange(len(raw))})[valid]  # fmt: skip
    order = order.sort_values(["nip", "complete", "t", "pos"], na_position="first", kind="stable")
    latest = order.drop_duplicates("nip", keep="last")
    dup = valid & ~raw.index.isin(latest.index)
    where_kept = pd.Series(
        (raw["file"] + " row " + raw["row"].astype(str)).to_numpy()[latest["pos"].to_numpy()],
        index=latest["nip"].to_numpy(),
    )
    dup_reason = ("another submission with the same NIP was kept (the latest: "
                  + nip.map(where_kept).astype("string").fillna("") + ")").where(dup, "")  # fmt: skip
    reject(dup, "duplicate", dup_reason, "nip", WITHHELD)

    accepted = reason_code == ""
    acc = raw[accepted]
    responses = pd.DataFrame({"respondent": pseudonymise(nip[accepted], key)})
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
    for item in items:
        responses[item] = codes.loc[accepted, item].astype("Int8")
    responses["n_answered"] = answered[accepted].astype("Int8")
    responses["flag_incomplete"] = ~complete[accepted]
    block = codes.loc[accepted, items]
    responses["flag_straightline"] = (block.nunique(axis=1) == 1) & (
        answered[accepted] >= quality_settings["straightline_min_items"]
    )
    duration = (waktu - start).dt.total_seconds()[accepted]
    responses["flag_speeder"] = (duration < quality_settings["speeder_seconds"]).fillna(False)
    responses = responses.sort_values(["unit", "respondent"], kind="stable").reset_index(drop=True)
    responses["unit"] = pd.Categorical(responses["unit"], categories=sorted(matcher.labels))

    rejected = pd.DataFrame({
        "file": raw["file"], "row": raw["row"], "unit": unit.fillna(""),
        "reason_code": reason_code, "reason": reason, "column": column, "value": value,
    })[~accepted].reset_index(drop=True)  # fmt: skip
    quality = quality_summary(raw, accepted, reason_code, responses, unknown_names, dup,
                              invalid_demo, items, year, unit)  # fmt: skip
    return responses, rejected, quality


ANSWER_WORDS = {"sangat", "setuju", "tidak", "netral", "ragu", "kurang", "cukup", "agree",
                "disagree", "strongly", "neutral"}  # fmt: skip


def echo_answer(values: pd.Series) -> pd.Series:
    """An invalid answer as it may be shown in rejected.csv: a single short token ("99",
    "4,5", "kadang") or scale words; anything longer may be a name or free text that slipped
    into an item column, so it is withheld."""
    text = values.astype("string").fillna("")
    token = text.str.fullmatch(r"[\w.,+\-]{1,12}").fillna(False)
    words = text.str.lower().str.findall(r"[a-z]+")
    scale_words = words.map(lambda w: bool(w) and set(w) <= ANSWER_WORDS).astype(bool)
    return text.where(token | scale_words, WITHHELD)


def _parse_times(text: pd.Series) -> pd.Series:
    """Timestamps as exports write them: ISO, day-first (Indonesian forms, with or without
    seconds), or Excel date serials (days since 1899-12-30) from cells stored as numbers."""
    text = text.astype("string").fillna("").str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    serial = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    serial = serial.where((serial > 20000) & (serial < 80000)).astype("float64")
    from_serial = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial.round(6), unit="D")
    return parsed.fillna(from_serial.dt.round("s"))


def age_band(age: pd.Series, bounds: list[int]) -> pd.Series:
    """Age bands such as '<30', '30–39', '40–49', '50+' from the lower bounds [18, 30, 40, 50]."""
    labels = [f"<{bounds[1]}"] + [
        f"{a}–{b - 1}" for a, b in zip(bounds[1:-1], bounds[2:], strict=True)
    ]
    labels.append(f"{bounds[-1]}+")
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
        present = sorted(set(unit_codes[rows][accepted[rows].to_numpy()].dropna().astype(str)))
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
                  "speeder": int(responses["flag_speeder"].sum())},
    }  # fmt: skip


def excluded(responses: pd.DataFrame, quality_settings: dict) -> pd.Series:
    """Respondents left out of estimates by the config's exclusion flags (kept in the data)."""
    out = pd.Series(False, index=responses.index)
    for flag, setting in [("flag_incomplete", "exclude_incomplete"),
                          ("flag_straightline", "exclude_straightliners"),
                          ("flag_speeder", "exclude_speeders")]:  # fmt: skip
        if quality_settings.get(setting):
            out |= responses[flag].astype(bool)
    return out


def clean_frame(frame: pd.DataFrame, units: dict, demographics: dict, file: str) -> pd.DataFrame:
    """Population frame with unit codes and canonical stratum values; unknown units stop."""
    matcher = UnitMatcher(units)
    out = frame.copy()
    out["unit"] = matcher.match(frame["unit"])
    if out["unit"].isna().any():
        row = int(np.flatnonzero(out["unit"].isna())[0]) + 2
        name = frame["unit"].iloc[row - 2]
        raise InputFileError(file, f"row {row}, column unit: agency '{name}' is not in "
                             f"config/units.yaml (nearest: {', '.join(matcher.nearest(name))})",
                             "fix the name or add it as an alias")  # fmt: skip
    for col in out.columns:
        if col in demographics and isinstance(demographics[col], dict):
            values, bad = _normalise_category(out[col], demographics[col])
            if bad.any():
                row = int(np.flatnonzero(bad)[0]) + 2
                raise InputFileError(file, f"row {row}, column {col}: '{frame[col].iloc[row - 2]}'"
                                     " is not a known value", "use the values in config.yaml")  # fmt: skip
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
) -> tuple[pd.DataFrame, pd.DataFrame, dict, pd.DataFrame]:
    """Read and clean one year's files; ``settings`` is the loaded config.

    Returns responses, rejected rows, the quality summary (with each input's SHA-256) and the
    cleaned population frame (empty when the year has none).
    """
    from .ingest import read_export, read_frame
    from .tables import sha256

    if len(frame_paths) > 1:
        raise InputFileError(", ".join(frame_paths), "more than one population frame",
                             "keep one populasi*.csv per year folder")  # fmt: skip
    exports = [
        read_export(p, settings["columns"], instrument, settings["excel_sheet"])
        for p in export_paths
    ]
    key = resolve_key(settings["pseudonym"], [*export_paths, *frame_paths])
    frame = None
    if frame_paths:
        name = os.path.basename(frame_paths[0])
        frame = clean_frame(read_frame(frame_paths[0]), units, settings["demographics"], name)
    responses, rejected, quality = clean_year(
        exports, year=year, instrument=instrument, units=units, key=key,
        scale=settings["scale"], demographics=settings["demographics"],
        quality_settings=settings["quality"],
    )  # fmt: skip
    digests = {os.path.basename(p): (sha256(p), os.path.getsize(p))
               for p in [*export_paths, *frame_paths]}  # fmt: skip
    for entry in quality["files"]:
        entry["sha256"], entry["bytes"] = digests[entry["file"]]
    quality["frame"] = (
        {"file": os.path.basename(frame_paths[0]), "sha256": digests[os.path.basename(frame_paths[0])][0],
         "bytes": digests[os.path.basename(frame_paths[0])][1], "headcount": int(frame["jumlah"].sum())}
        if frame is not None else None
    )  # fmt: skip
    quality["synthetic"] = all(
        settings["pseudonym"]["synthetic_marker"] in os.path.basename(p).lower()
        for p in [*export_paths, *frame_paths]
    )
    if frame is None:
        frame = pd.DataFrame(
            {"unit": pd.Series(dtype="string"), "jumlah": pd.Series(dtype="int64")}
        )
    return responses, rejected, quality, frame


def split_rejected(rejected: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``rejected.csv`` per agency, so each agency gets its own list of problems to fix.

    Rows whose agency is unknown or blank go to ``tanpa-unit`` (for the evaluation team).
    """
    key = rejected["unit"].astype("string").fillna("").replace("", "tanpa-unit")
    return {name: part.reset_index(drop=True) for name, part in rejected.groupby(key, sort=True)}

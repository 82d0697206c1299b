"""The shipped exports as the agencies send them: a Google-Forms CSV with statement headers, a
semicolon Windows-1252 CSV with label text, a hospital workbook with a title row, agency
spelling variants, and the personal data careless respondents type into the wrong fields."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.io import tables

__all__ = [
    "FIRST",
    "LABELS",
    "LABEL_UNITS",
    "LAST",
    "SARAN",
    "SHORT_LABELS",
    "UNKNOWN_UNITS",
    "XLSX_UNITS",
]

XLSX_UNITS = ["RSUD-DORIS", "RSJ-KALAWA", "DINKES"]
LABEL_UNITS = ["DISDIK", "DISHUT", "BAPENDA", "DPUPR", "SATPOLPP", "DISHUB", "DTPHP", "BPKAD"]
FIRST = ["Agus", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Oktavia", "Putri", "Rahmat", "Sari", "Teguh",
         "Utami", "Wahyu", "Yuni", "Yohanes", "Rina", "Dimas", "Ayu", "Bambang", "Siti"]  # fmt: skip
LAST = ["Saputra", "Wijaya", "Lestari", "Hidayat", "Pratama", "Santoso", "Nugroho", "Rahayu",
        "Kurniawan", "Setiawan", "Anggraini", "Simanjuntak", "Ngabut", "Ibie", "Tingang",
        "Damang", "Sihombing", "Hutapea", "Syahputra", "Maharani", "Permata", "Andriani"]  # fmt: skip
LABELS = {1: "Sangat Tidak Setuju", 2: "Tidak Setuju", 3: "Netral", 4: "Setuju", 5: "Sangat Setuju"}
SHORT_LABELS = {1: "STS", 2: "TS", 3: "Ragu-ragu", 4: "setuju ", 5: "SS"}
SARAN = "Perlu lebih banyak pelatihan, hubungi saya"  # free text that must never leave data/raw
UNKNOWN_UNITS = ["Dinas Kesehtan Prov", "Badan Pengelola Aset", "Biro Organsasi", "UPT Samsat"]


def _exports(rng, sample, mess, instrument, year, messy, personal=None) -> dict[str, bytes]:
    """Write one year's respondents into three differently shaped export files (``personal``:
    the random stream that types names and NIPs into the wrong fields)."""
    items = instrument.items
    table = sample.copy()
    answers = table[items].to_numpy(dtype="float64", copy=True)
    for r, blank in enumerate(mess["blank_items"]):
        answers[r, blank] = np.nan
    n = len(table)
    fault = mess["fault"].to_numpy()
    oor = np.flatnonzero(fault == "out_of_range")
    answers[oor, rng.integers(0, 21, len(oor))] = rng.choice([0, 6, 9, 99], len(oor))
    table[items] = answers
    start = pd.Timestamp(f"{year}-10-01 07:30:00")
    table["waktu"] = start + pd.to_timedelta(rng.integers(0, 30 * 86400, n), unit="s")
    table["durasi"] = rng.integers(150, 1500, n)
    table.loc[rng.random(n) < 0.01, "durasi"] = rng.integers(20, 55)
    table["nip_text"] = table["nip"]
    spaced = rng.random(n) < 0.1
    nip = table["nip"].str
    table.loc[spaced, "nip_text"] = nip[:8] + " " + nip[8:14] + " " + nip[14:15] + " " + nip[15:]
    table.loc[fault == "nip_excel", "nip_text"] = [
        f"{float(v):.2E}".replace(".", ",") for v in table.loc[fault == "nip_excel", "nip"]
    ]
    table.loc[fault == "nip_length", "nip_text"] = table.loc[fault == "nip_length", "nip"].str[:-1]
    table["unit_text"] = _unit_spellings(rng, table["unit"], messy)
    table.loc[fault == "unknown_unit", "unit_text"] = rng.choice(
        UNKNOWN_UNITS, (fault == "unknown_unit").sum()
    )
    table["saran"] = np.where(rng.random(n) < 0.2, SARAN, "")
    if messy and personal is not None:
        _type_personal_data(personal, table, fault)
    # Duplicate submissions: an earlier answer sheet of the same person, and exact copies.
    dup = table[mess["duplicate"].to_numpy()].copy()
    dup["waktu"] = dup["waktu"] - pd.to_timedelta(rng.integers(3600, 5 * 86400, len(dup)), "s")
    dup[items] = np.clip(dup[items].to_numpy() + rng.integers(-1, 2, (len(dup), 21)), 1, 5)
    copies = table[mess["identical_copy"].to_numpy()]
    table = pd.concat([table, dup, copies]).sort_values("waktu", kind="stable")

    files = {}
    xlsx = table[table["unit"].isin(XLSX_UNITS)]
    label = table[table["unit"].isin(LABEL_UNITS)]
    gform = table[~table["unit"].isin(XLSX_UNITS + LABEL_UNITS)]
    files[f"survei-{year}-gform-sintetis.csv"] = _gform_csv(gform, instrument, year)
    files[f"survei-{year}-opd-label-sintetis.csv"] = _label_csv(rng, label, items, year)
    files[f"survei-{year}-rs-dinkes-sintetis.xlsx"] = _hospital_xlsx(xlsx, items, year)
    return files


def _type_personal_data(rng, table: pd.DataFrame, fault: np.ndarray) -> None:
    """What careless respondents do: their name and NIP typed into the agency field (those
    rows are quarantined as unknown agencies), into golongan and jabatan, and into the
    suggestions. None of it may reach any output (tests/test_workflow.py looks for it)."""
    rows = table.index.to_numpy()
    unknown = rows[fault == "unknown_unit"]
    for i, r in enumerate(rng.choice(unknown, min(3, len(unknown)), replace=False)):
        who = table.at[r, "nama"]
        table.at[r, "unit_text"] = [
            f"{who} {table.at[r, 'nip']}",
            who,
            f"UPT {table.at[r, 'nip']}",
        ][i]
    valid = rows[fault == ""]
    chosen = rng.choice(valid, min(9, len(valid)), replace=False)
    for r in chosen[:3]:
        table.at[r, "golongan"] = table.at[r, "nama"] if r % 2 else table.at[r, "nip"]
    for r in chosen[3:6]:
        table.at[r, "jenis_jabatan"] = f"Staf {table.at[r, 'nama']}"
    for r in chosen[6:]:
        table.at[r, "saran"] = f"Saya {table.at[r, 'nama']}, NIP {table.at[r, 'nip']}, hubungi saya"


def _unit_spellings(rng, units: pd.Series, messy: bool) -> np.ndarray:
    """Agency names as respondents type them: full name, alias, case and suffix variants."""
    from budaya_kerja.io.units import load_units as _load

    catalogue = {u["code"]: u for u in _load(_units_path())["units"]}
    names = units.map(lambda c: catalogue[c]["name"]).to_numpy().astype(object)
    if not messy:
        return names
    draw = rng.random(len(units))
    alias = units.map(lambda c: (catalogue[c]["aliases"] or [catalogue[c]["name"]])[0]).to_numpy()
    names = np.where(draw < 0.12, alias, names)
    names = np.where((draw >= 0.12) & (draw < 0.18), np.char.upper(names.astype(str)), names)
    names = np.where((draw >= 0.18) & (draw < 0.24),
                     np.char.add(names.astype(str), " Prov. Kalteng"), names)  # fmt: skip
    return names


def _units_path() -> Path:
    from budaya_kerja.settings import REPO_ROOT

    return REPO_ROOT / "config" / "units.yaml"


def _gform_csv(table, instrument, year) -> bytes:
    """Google Forms export: question text headers, numbers, dd/mm/yyyy timestamps, comma."""
    out = pd.DataFrame({
        "Timestamp": table["waktu"].dt.strftime("%d/%m/%Y %H:%M:%S"),
        "NIP": table["nip_text"], "Nama Lengkap": table["nama"], "Unit Kerja": table["unit_text"],
        "Jenis Kelamin": table["jenis_kelamin"].map({"L": "Laki-laki", "P": "Perempuan"}),
        "Status Kepegawaian": table["status_kepegawaian"], "Golongan": table["golongan"],
        "Jenis Jabatan": table["jenis_jabatan"], "Usia": table["usia"],
    })  # fmt: skip
    for item in instrument.items:
        out[f"{item}. {instrument.statements[item]}"] = table[item].astype("Int64")
    out["Saran dan Masukan"] = table["saran"]
    bom = "\ufeff" if year % 2 else ""
    return (bom + out.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def _label_csv(rng, table, items, year) -> bytes:
    """An agency's spreadsheet saved as CSV: semicolons, answers as label text, codes as headers."""
    out = pd.DataFrame({
        "Waktu Pengisian": table["waktu"].dt.strftime("%Y-%m-%d %H:%M:%S"), "NIP": table["nip_text"],
        "Nama": table["nama"], "OPD": table["unit_text"], "JK": table["jenis_kelamin"],
        "Status ASN": table["status_kepegawaian"], "Gol": table["golongan"],
        "Jabatan": table["jenis_jabatan"], "Umur": table["usia"],
    })  # fmt: skip
    for item in items:
        codes = table[item].to_numpy()
        use_short = rng.random(len(codes)) < 0.15
        labels = [
            "" if np.isnan(c) else (str(int(c)) if c not in LABELS
                                   else (SHORT_LABELS if s else LABELS)[int(c)])
            for c, s in zip(codes, use_short, strict=True)
        ]  # fmt: skip
        out[item] = labels
    out["Saran"] = table["saran"]
    return out.to_csv(index=False, sep=";", lineterminator="\r\n").encode("cp1252")


def _hospital_xlsx(table, items, year) -> bytes:
    """The hospitals' Excel workbook: a title row, then the header, datetimes as Excel dates."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append([f"Rekap Survei Budaya Kerja ASN BerAKHLAK {year} - RSUD, RSJ, Dinkes"])
    header = ["No", "Waktu Mulai", "Waktu Selesai", "NIP", "Nama Pegawai", "Perangkat Daerah",
              "Jenis Kelamin", "Status Kepegawaian", "Golongan Ruang", "Jenis Jabatan", "Usia",
              *items, "Saran"]  # fmt: skip
    ws.append(header)
    begin = table["waktu"] - pd.to_timedelta(table["durasi"], unit="s")
    for i, (row, t0) in enumerate(zip(table.itertuples(index=False), begin, strict=True), 1):
        answers = [None if np.isnan(getattr(row, it)) else int(getattr(row, it)) for it in items]
        ws.append([i, t0.to_pydatetime(), row.waktu.to_pydatetime(), row.nip_text, row.nama,
                   row.unit_text, row.jenis_kelamin, row.status_kepegawaian, row.golongan,
                   row.jenis_jabatan, int(row.usia), *answers, row.saran])  # fmt: skip
    wb.properties.creator = "budaya_kerja.synthetic"
    fixed = pd.Timestamp(f"{year}-11-01").to_pydatetime()
    wb.properties.created = wb.properties.modified = fixed
    buffer = io.BytesIO()
    wb.save(buffer)
    return tables.deterministic_zip(buffer.getvalue())


# ----------------------------------------------------------------------------- writing

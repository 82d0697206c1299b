import hashlib
import hmac
from pathlib import Path

import pandas as pd
import pytest

from budaya_kerja.errors import InputFileError
from budaya_kerja.io import clean
from budaya_kerja.io.ingest import read_export

from .exports import BLANK, ITEMS, csv_lines, nip, row, write_csv

pytestmark = pytest.mark.usefixtures("english")

KEY = b"test-key"


def run(tmp_path, config, instrument, units, files: dict[str, list[dict]], year=2025, key=KEY):
    exports = []
    for name, rows in files.items():
        path = write_csv(tmp_path / name, rows)
        exports.append(read_export(path, config["columns"], instrument))
    return clean.clean_year(
        exports, year=year, instrument=instrument, units=units, key=key, scale=config["scale"],
        demographics=config["demographics"], quality_settings=config["quality"],
        organisation_words=config["privacy"]["organisation_words"],
    )  # fmt: skip


@pytest.fixture
def cleaner(tmp_path, config, instrument, units):
    return lambda files, **kw: run(tmp_path, config, instrument, units, files, **kw)


def _only(rejected, code):
    hit = rejected[rejected.reason_code == code]
    assert len(hit) == 1, rejected
    return hit.iloc[0]


def test_labels_and_numbers_become_scale_points(cleaner):
    labels = ["Sangat Setuju", "setuju ", "SS", "S", "N", "Ragu-ragu", "TS", "STS", "netral",
              "4,0", "5", "", "1", "2", "3", "4", "5", "sangat tidak setuju", "tidak setuju",
              "RR", "Sangat  setuju"]  # fmt: skip
    responses, rejected, _ = cleaner({"a.csv": [row(1, **dict(zip(ITEMS, labels, strict=True)))]})
    assert rejected.empty
    got = responses.loc[0, ITEMS].tolist()
    assert got[:11] == [5, 4, 5, 4, 3, 3, 2, 1, 3, 4, 5] and pd.isna(got[11])
    assert got[12:] == [1, 2, 3, 4, 5, 1, 2, 3, 5]
    assert str(responses["BP1"].dtype) == "Int8"


@pytest.mark.parametrize("bad", ["0", "6", "9", "99", "4,5", "-1", "sangat", "7"])
def test_out_of_range_answer_is_quarantined_not_clipped(cleaner, bad):
    responses, rejected, quality = cleaner({"a.csv": [row(1), row(2, KO2=bad)]})
    hit = _only(rejected, "item_out_of_range")
    assert (hit.file, hit.row, hit.column) == ("a.csv", 3, "KO2")
    assert hit.value.lstrip("'") == bad and "not clipped" in hit.reason
    assert len(responses) == 1 and quality["rejected_by_reason"] == {"item_out_of_range": 1}


@pytest.mark.parametrize("value,code", [
    ("1,99E+17", "nip_scientific"), ("1.98609262015051E+17", "nip_scientific"),
    ("19860926201505100", "nip_length"), ("1986092620150510011", "nip_length"),
    ("19861326201505 1 001", "nip_birthdate"), ("20200101201505 1 001", "nip_birthdate"),
    ("198609262015053001", "nip_sex_digit"), ("", "nip_missing"),
])  # fmt: skip
def test_bad_nips_are_quarantined_without_showing_the_nip(cleaner, value, code):
    responses, rejected, _ = cleaner({"a.csv": [row(1), row(2, NIP=value)]})
    hit = _only(rejected, code)
    assert hit.column == "nip" and hit.value == clean.WITHHELD and len(responses) == 1


def test_nip_with_spaces_and_dots_is_accepted_and_pseudonymised(cleaner):
    spaced = "19860926 201505 1 001"
    responses, rejected, _ = cleaner(
        {"a.csv": [row(1, NIP=spaced)], "b.csv": [row(2, NIP="19860926.201505.1.002")]}
    )
    assert rejected.empty and len(responses) == 2
    expected = hmac.new(KEY, nip(1).encode(), hashlib.sha256).hexdigest()[:32]
    assert expected in set(responses["respondent"])
    other, _, _ = cleaner({"c.csv": [row(1)]}, key=b"another-key")
    assert other.loc[0, "respondent"] not in set(responses["respondent"])


def test_latest_duplicate_kept_and_others_quarantined(cleaner):
    early = row(5, Timestamp="01/10/2025 08:00:00", BP1="1")
    late = row(5, Timestamp="03/10/2025 09:00:00", BP1="5")
    copy = row(6)
    responses, rejected, quality = cleaner({"a.csv": [late, early, copy, copy]})
    assert len(responses) == 2 and len(rejected) == 2
    kept = responses[responses.BP1 == 5]
    assert len(kept) == 1
    dup = rejected[rejected.row == 3].iloc[0]
    assert dup.reason_code == "duplicate" and "a.csv row 2" in dup.reason
    assert quality["duplicates_resolved"] == 2


def test_agency_spellings_map_and_unknown_names_get_suggestions(cleaner):
    names = ["DINKES", "Dinas Kesehatan Prov. Kalteng", "dinas   kesehatan", "Dinas Kesehtan"]
    rows = [row(i, unit=n) for i, n in enumerate(names, 1)]
    responses, rejected, quality = cleaner({"a.csv": rows})
    assert responses["unit"].astype(str).tolist() == ["DINKES"] * 3
    hit = _only(rejected, "unit_unknown")
    assert hit.value == "Dinas Kesehtan" and "nearest: Dinas Kesehatan" in hit.reason
    assert quality["unknown_units"] == {"Dinas Kesehtan": 1}


def test_too_many_blank_items_is_a_flag(cleaner, config):
    blanks = {item: "" for item in ITEMS[:8]}  # 13 answered, minimum 14
    responses, rejected, quality = cleaner({"a.csv": [row(1), row(2, **blanks)]})
    assert rejected.empty and responses["flag_incomplete"].tolist() == [False, True]
    assert quality["flags"]["incomplete"] == 1 and config["quality"]["min_items_answered"] == 14
    assert clean.excluded(responses, config["quality"]).tolist() == [False, True]
    assert not clean.excluded(responses, {**config["quality"], "exclude_incomplete": False}).any()


def test_a_later_blank_submission_does_not_replace_a_complete_one(cleaner):
    full = row(7, Timestamp="01/10/2025 08:00:00", BP1="5")
    blank = row(7, Timestamp="02/10/2025 08:00:00", **{item: "" for item in ITEMS})
    responses, rejected, _ = cleaner({"a.csv": [full, blank]})
    assert responses["BP1"].tolist() == [5] and rejected["row"].tolist() == [3]


def test_rows_in_equal_accepted_plus_rejected_per_file(cleaner):
    files = {"a.csv": [row(1), row(2, NIP="x"), row(3, KO1="8")],
             "b.csv": [row(4), row(4), row(5, unit="Nowhere")]}  # fmt: skip
    responses, rejected, quality = cleaner(files)
    for entry in quality["files"]:
        assert entry["rows_read"] == entry["accepted"] + entry["rejected"]
    assert quality["rows_read"] == 6 == len(responses) + len(rejected)
    assert rejected.groupby("file").size().to_dict() == {"a.csv": 2, "b.csv": 2}


def test_no_nip_or_name_reaches_outputs(cleaner):
    rows = [row(i, Nama=f"Siti Rahayu {i}") for i in range(1, 4)] + [row(4, NIP="12345")]
    responses, rejected, quality = cleaner({"a.csv": rows})
    text = responses.to_csv() + rejected.to_csv() + str(quality)
    for i in range(1, 5):
        assert nip(i) not in text and f"Siti Rahayu {i}" not in text
    assert "12345" not in text
    assert "nama" not in responses.columns and "saran" not in responses.columns


def test_spreadsheet_formulas_are_neutralised_in_written_tables(cleaner, tmp_path):
    from budaya_kerja.io import tables

    # A formula that passes the agency-name gate (a web address would be withheld).
    responses, rejected, _ = cleaner({"a.csv": [row(1, unit="=Dinas+Kesehtan")]})
    tables.write_csv(rejected, tmp_path / "r.csv")
    tables.write_xlsx({"r": rejected}, tmp_path / "r.xlsx")
    assert pd.read_csv(tmp_path / "r.csv").loc[0, "value"].startswith("'=")
    assert pd.read_excel(tmp_path / "r.xlsx", engine="openpyxl").loc[0, "value"].startswith("'=")
    assert tables.neutralise_formulas(pd.Series(["+1", "@a", "-x", "ok"])).tolist() == [
        "'+1", "'@a", "'-x", "ok"]  # fmt: skip
    assert tables.neutralise_formulas(pd.Series([-1.5, 2.0])).tolist() == [-1.5, 2.0]


def test_floats_read_back_exactly_as_written(tmp_path):
    """Reruns are byte-identical only if a table read back and written again is unchanged."""
    import numpy as np

    from budaya_kerja.io import tables

    rng = np.random.default_rng(0)
    values = rng.normal(size=20_000) * 10.0 ** rng.integers(-12, 12, 20_000)
    frame = pd.DataFrame({"group": [f"{i:03d}" for i in range(values.size)], "estimate": values})
    for name in ("estimates.csv", "anything.csv"):  # a schema's table, and a file without one
        tables.write_csv(frame, tmp_path / name)
        back = tables.read_csv(tmp_path / name)
        assert (back["estimate"].to_numpy() == values).all() and back["group"].iloc[7] == "007"


def test_straightliners_flagged_not_removed(cleaner):
    responses, rejected, quality = cleaner({"a.csv": [row(1, answer=5), row(2, answer=4, BP1=3)]})
    assert rejected.empty and responses["flag_straightline"].tolist() == [True, False]
    assert quality["flags"]["straightline"] == 1


def test_file_from_another_year_stops(cleaner):
    with pytest.raises(InputFileError, match=r"a\.csv.*dated 2024.*data/raw/2024"):
        cleaner({"a.csv": [row(1, Timestamp="05/10/2024 10:00:00")]}, year=2025)


def test_age_bands():
    got = clean.age_band(pd.Series([22, 30, 39, 45, 50, None], dtype="Int16"), [18, 30, 40, 50])
    assert got.tolist()[:5] == ["<30", "30–39", "30–39", "40–49", "50+"] and pd.isna(got.iloc[5])


def test_timestamps_in_every_export_format():
    got = clean._parse_times(pd.Series(["2025-10-01 08:30:00", "01/10/2025 08:30:00",
                                        "01/10/2025 08:30", "45931.5", "", "kemarin"]))  # fmt: skip
    assert got.iloc[0] == got.iloc[1] == got.iloc[2] == pd.Timestamp("2025-10-01 08:30")
    assert got.iloc[3] == pd.Timestamp("2025-10-01 12:00")  # Excel serial: days since 1899-12-30
    assert got.iloc[4:].isna().all()


def test_day_first_stamps_read_as_their_formats_read_them():
    """The ISO rewrite of two-digit day-first stamps gives what parsing each format gives:
    impossible dates and times stay unread, one-digit fields take the format's own path."""
    text = pd.Series(["26/09/2024 09:11:56", "26/09/2024 09:11", "1/9/2024 8:05:03",
                      "31/02/2024 10:00:00", "26/09/2024 25:00:00", "26/13/2024 10:00",
                      "29/02/2024 23:59:59", "26/09/2024", "26/09/2024 09:11:56 WIB"])  # fmt: skip
    expected = []
    for value in text:
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
            stamp = pd.to_datetime(value, format=fmt, errors="coerce")
            if not pd.isna(stamp):
                break
        expected.append(stamp)
    got = clean._parse_times(text)
    assert [None if pd.isna(x) else x for x in got] == [
        None if pd.isna(x) else x for x in expected]  # fmt: skip
    assert got.notna().tolist() == [True, True, True, False, False, False, True, True, False]


def test_invalid_answers_are_echoed_only_when_they_cannot_be_personal(cleaner):
    _, rejected, _ = cleaner({"a.csv": [row(1, KO1="99"), row(2, KO1="Sangat Stuju"),
                                        row(3, KO1="Budi Santoso, Dinas PU")]})  # fmt: skip
    assert rejected.sort_values("row")["value"].tolist() == ["99", clean.WITHHELD, clean.WITHHELD]
    assert "Budi" not in " ".join(rejected["reason"])


# --------------------------------------------------------------------------- issue 13
def test_reverse_keyed_items_are_turned_round_after_the_straightline_flag(
    tmp_path, config, instrument, units
):
    from dataclasses import replace

    reversed_ = replace(instrument, reverse=("BP2", "KL3"))
    answers = {"BP1": 5, "BP2": 2, "KL3": "Sangat Setuju"}
    responses, _, _ = run(tmp_path, config, reversed_, units,
                          {"a.csv": [row(1, **answers), row(2, answer=5)]})  # fmt: skip
    first = responses[~responses["flag_straightline"]].iloc[0]
    assert int(first["BP1"]) == 5 and int(first["BP2"]) == 4 and int(first["KL3"]) == 1
    # 21 identical answers as given are straight-lining, whatever the keying.
    straight = responses[responses["flag_straightline"]]
    assert len(straight) == 1 and int(straight["BP2"].iloc[0]) == 1
    assert int(straight["BP1"].iloc[0]) == 5


def test_an_anonymous_year_gets_row_ids_and_flags_exact_duplicates(tmp_path, config, instrument,
                                                                   units):  # fmt: skip
    def anonymous(n, **extra):
        return {k: v for k, v in row(n, **extra).items() if k not in ("NIP", "Nama")}

    rows = [anonymous(1), anonymous(2, BP1=2), anonymous(1), anonymous(3, unit="Dinas Kesehtan")]
    exports = [read_export(write_csv(tmp_path / name, part), config["columns"], instrument,
                           anonymous=True)
               for name, part in (("b.csv", rows), ("a.csv", rows[:1]))]  # fmt: skip
    responses, rejected, quality = clean.clean_year(
        exports, year=2025, instrument=instrument, units=units, key=None,
        scale=config["scale"], demographics=config["demographics"],
        quality_settings=config["quality"],
        organisation_words=config["privacy"]["organisation_words"], anonymous=True,
    )  # fmt: skip
    assert sorted(responses["respondent"]) == ["2025-f1-r2", "2025-f2-r2", "2025-f2-r3",
                                               "2025-f2-r4"]  # fmt: skip
    assert list(rejected["reason_code"]) == ["unit_unknown"]
    # Row 4 of b.csv repeats row 2 exactly: flagged, kept; a.csv's copy is in another file
    # but identical too, and comes later in the concatenation order (b.csv was read first).
    flagged = set(responses.loc[responses["flag_duplicate"], "respondent"])
    assert flagged == {"2025-f2-r4", "2025-f1-r2"}
    assert quality["anonymous"] is True and quality["flags"]["duplicate"] == 2
    assert quality["rows_read"] == len(responses) + len(rejected)
    left_out = clean.excluded(responses, {**config["quality"], "exclude_duplicates": True})
    assert left_out.sum() == 2
    assert not clean.excluded(responses, {**config["quality"], "exclude_duplicates": False}).any()


def test_straightlining_by_max_and_min_equals_one_distinct_answer(cleaner, config):
    """The column operation (max == min) flags the rows a per-row nunique == 1 flags."""
    import numpy as np

    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        answers = {
            item: int(v) for item, v in zip(ITEMS, rng.integers(4, 6, len(ITEMS)), strict=True)
        }
        if i % 3 == 0:
            answers = dict.fromkeys(ITEMS, int(rng.integers(1, 6)))
        for item in rng.choice(ITEMS, int(rng.integers(0, 3)) * (i % 2), replace=False):
            answers[item] = ""
        rows.append(row(i + 1, **answers))
    responses, _, _ = cleaner({"a.csv": rows})
    block = responses[ITEMS].astype("float64")
    least = config["quality"]["straightline_min_items"]
    expected = (block.nunique(axis=1) == 1) & (responses["n_answered"] >= least)
    assert responses["flag_straightline"].tolist() == expected.tolist()
    assert 0 < responses["flag_straightline"].sum() < len(responses)


def test_a_row_is_rejected_for_its_first_invalid_item(cleaner):
    responses, rejected, _ = cleaner({"a.csv": [row(1, BP2="9", BP1="7"), row(2, AD1="0")]})
    assert responses.empty
    assert rejected["column"].tolist() == ["BP1", "AD1"]
    assert rejected["value"].tolist() == ["7", "0"]


@pytest.mark.parametrize("fast", [True, False])
def test_rejected_rows_name_the_row_a_spreadsheet_shows(tmp_path, config, instrument, units,
                                                        monkeypatch, fast):  # fmt: skip
    """Blank lines and a value over two lines above them: the quarantine and the duplicate's
    reason still name the rows an analyst finds in Excel, and rows in = accepted + rejected."""
    from budaya_kerja.io import ingest

    if not fast:
        monkeypatch.setattr(ingest, "_read_mapped", lambda *a: None)
    late = row(5, Timestamp="03/10/2025 09:00:00", Saran="")
    records = [BLANK, list(late), row(1, Saran=""), BLANK, late, BLANK, BLANK,
               row(2, KO2="9", Saran=""), row(5, Timestamp="01/10/2025 08:00:00", Saran=""),
               BLANK, row(3, NIP="12345", Saran="")]  # fmt: skip
    if not fast:  # a value over two lines: only pandas reads it
        records[2] = row(1, Saran="baris satu\nbaris dua")
    path = tmp_path / "a.csv"
    path.write_text(csv_lines(records, sep=";", end="\r\n"), encoding="utf-8-sig")
    export = read_export(path, config["columns"], instrument)
    responses, rejected, quality = clean.clean_year(
        [export], year=2025, instrument=instrument, units=units, key=KEY, scale=config["scale"],
        demographics=config["demographics"], quality_settings=config["quality"],
        organisation_words=config["privacy"]["organisation_words"],
    )  # fmt: skip
    by_reason = dict(zip(rejected["reason_code"], rejected["row"], strict=True))
    assert by_reason == {"item_out_of_range": 8, "duplicate": 9, "nip_length": 11}
    assert "a.csv row 5" in rejected.loc[rejected.reason_code == "duplicate", "reason"].iloc[0]
    assert quality["rows_read"] == 5 == len(responses) + len(rejected)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_population_frame_errors_name_the_row_a_spreadsheet_shows(tmp_path, config, units,
                                                                   end):  # fmt: skip
    """The frame's rows count blank lines (above the header too); a blank line is not read."""
    from budaya_kerja.io.ingest import read_frame

    def frame_file(records) -> Path:
        path = tmp_path / "populasi.csv"
        path.write_text(csv_lines(records, end=end), encoding="utf-8")
        return path

    header = ["Unit", "Jenis Kelamin", "Jumlah"]
    good = {"unit": "Dinas Kesehatan", "jk": "Perempuan", "n": "40"}
    rows = [BLANK, header, good, BLANK, {**good, "jk": "L"}, BLANK, BLANK]
    with pytest.raises(InputFileError, match="row 8, column jumlah: 'banyak'"):
        read_frame(frame_file([*rows, {**good, "n": "banyak"}]))
    frame = read_frame(frame_file([*rows, {**good, "unit": "Dinas Kesehtan"}, BLANK]))
    assert frame.index.tolist() == [3, 5, 8] and frame["jumlah"].tolist() == [40, 40, 40]
    with pytest.raises(InputFileError, match="row 8, column unit: agency 'Dinas Kesehtan'"):
        clean.clean_frame(frame, units, config["demographics"], "populasi.csv")
    frame = read_frame(frame_file([*rows, {**good, "jk": "X"}]))
    with pytest.raises(InputFileError, match="row 8, column jenis_kelamin: 'X'"):
        clean.clean_frame(frame, units, config["demographics"], "populasi.csv")


@pytest.mark.parametrize(
    "typed,shown",
    [
        ("X", "'X'"),
        ("Budi Santoso", "'(disembunyikan)'"),
        ("laki laki perempuan", "'laki laki perempuan'"),
    ],
)
def test_an_unknown_category_in_the_frame_stops_with_the_cell_redacted(typed, shown, config,
                                                                       units):  # fmt: skip
    frame = pd.DataFrame({"unit": ["Dinas Kesehatan"] * 2, "jenis_kelamin": ["L", typed],
                          "jumlah": [10, 5]}, index=[2, 3])  # fmt: skip
    with pytest.raises(InputFileError) as stop:
        clean.clean_frame(frame, units, config["demographics"], "populasi.csv")
    assert f"row 3, column jenis_kelamin: {shown}" in str(stop.value), str(stop.value)


@pytest.mark.parametrize("typed,shown,nearest", [
    ("Dinas Kesehtan", "'Dinas Kesehtan'", "(nearest: Dinas Kesehatan"),
    ("Dinas Kesehatan Budi Santoso", "'(disembunyikan)'", "(nearest: -)"),
    ("UPT 1982 0321 2008 041001", "'UPT [angka disembunyikan]'", "(nearest: "),
])  # fmt: skip
def test_an_unknown_agency_in_the_frame_stops_with_its_name_redacted(typed, shown, nearest,
                                                                      config, units):  # fmt: skip
    frame = pd.DataFrame({"unit": ["Dinas Kesehatan", typed], "jumlah": [10, 5]}, index=[2, 3])
    with pytest.raises(InputFileError) as stop:
        clean.clean_frame(frame, units, config["demographics"], "populasi.csv")
    text = str(stop.value)
    assert f"row 3, column unit: agency {shown} is not" in text and nearest in text, text
    assert "Budi" not in text and "1982" not in text


@pytest.mark.parametrize("anonymous", [False, True])
def test_chunks_of_rows_give_the_outputs_of_one_chunk(tmp_path, small_raw, config, instrument,
                                                      units, anonymous):  # fmt: skip
    """The synthetic year (CSV and workbook exports with all the mess) plus a file of blank
    lines, bad rows and repeats of rows of its own and of other files, far apart: cleaned 25
    rows at a time, the outputs are those of one chunk a file."""
    from budaya_kerja.io.ingest import read_export_chunks

    folder = small_raw / "data" / "raw" / "2025"
    paths = sorted(str(p) for p in folder.iterdir() if not p.name.startswith("populasi"))
    first = next(read_export_chunks(paths[0], config["columns"], instrument,
                                    chunk_rows=100)).table  # fmt: skip
    elsewhere = first.iloc[[3, 60]].rename(columns={"waktu": "Timestamp", "nip": "NIP",
                                                    "unit": "Unit Kerja"})  # fmt: skip
    others = [row(0, **{k: v for k, v in r.items() if k in ("Timestamp", "NIP", "Unit Kerja",
                                                               *ITEMS)})
              for r in elsewhere.to_dict("records")]  # fmt: skip
    records = [BLANK, list(row(1)), row(1), BLANK, row(2, KO2="9"), row(3, NIP="123"),
               *[row(10 + i) for i in range(30)], BLANK, BLANK, row(1, BP1=2), *others,
               row(4, unit="Dinas Kesehtan"), row(2), row(5, unit=""), row(1), row(11), BLANK]  # fmt: skip
    extra = tmp_path / "zz-extra.csv"
    extra.write_text(csv_lines(records), encoding="utf-8")
    paths.append(str(extra))
    settings = {**config, "anonymous": anonymous}
    outputs = [clean.clean_files(paths, [], units, year=2025, instrument=instrument,
                                 settings=settings, secret="k" * 32, chunk_rows=size)
               for size in (25, 10**9)]  # fmt: skip
    (responses, rejected, quality, _), (whole_responses, whole_rejected, whole_quality, _) = outputs
    pd.testing.assert_frame_equal(responses, whole_responses)
    pd.testing.assert_frame_equal(rejected, whole_rejected)
    assert quality == whole_quality
    # The test holds what it is about: many chunks, repeats across files, all kinds of rows.
    assert quality["rows_read"] > 40 * 25 and len(quality["files"]) == len(paths)
    assert quality["rows_read"] == len(responses) + len(rejected)
    if anonymous:
        assert responses["flag_duplicate"].sum() >= 2
    else:
        reasons = set(rejected["reason_code"])
        assert {"duplicate", "nip_length", "item_out_of_range", "unit_unknown",
                "unit_missing"} <= reasons  # fmt: skip
        duplicate = rejected[rejected["reason_code"] == "duplicate"]
        kept_in = duplicate["reason"].str.extract(r"(\S+\.(?:csv|xlsx)) row", expand=False)
        assert (kept_in != duplicate["file"]).any() and (kept_in == duplicate["file"]).any()

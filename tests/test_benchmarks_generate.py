"""The benchmark generator writes the shipped exports' kinds of file and mess, at any size."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from benchmarks import generate
from budaya_kerja.io import clean, redact
from budaya_kerja.io.ingest import read_export

from .benchdata import ORGS, SIZE, clean_project, make_project


@pytest.fixture(scope="module")
def bench_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bench") / "n2000")


@pytest.fixture(scope="module")
def cleaned(bench_project, config, instrument):
    return clean_project(bench_project, config, instrument)


def manifest(work):
    return json.loads((work / "bench-manifest.json").read_text())


def _file_rows(path) -> int:
    if path.suffix == ".xlsx":
        return load_workbook(path, read_only=True).active.max_row - 2  # title row and header
    semicolon = path.read_bytes().split(b"\n", 1)[0].count(b";") > 1
    return len(pd.read_csv(path, sep=";" if semicolon else ",", dtype=str,
                           encoding="cp1252" if semicolon else "utf-8-sig"))  # fmt: skip


def test_files_hold_the_rows_the_manifest_counts(bench_project):
    info = manifest(bench_project)
    for year, entry in info["years"].items():
        folder = bench_project / "data" / "raw" / year
        assert {p.name for p in folder.glob("survei*")} == set(entry["files"])
        for name, rows in entry["files"].items():
            assert _file_rows(folder / name) == rows
        # Duplicates and copies add rows to the respondents.
        assert entry["rows"] == sum(entry["files"].values()) > entry["people"] == SIZE


def test_three_kinds_of_export_as_shipped(bench_project):
    raw = bench_project / "data" / "raw"
    assert (raw / "2025" / "survei-2025-gform-sintetis.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (raw / "2024" / "survei-2024-gform-sintetis.csv").read_bytes()[:9] == b"Timestamp"
    label = (raw / "2024" / "survei-2024-opd-label-sintetis.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        label.decode("utf-8")  # really Windows-1252
    text = label.decode("cp1252")
    assert text.startswith("Waktu Pengisian;NIP;") and "\r\n" in text
    assert "Sangat Setuju" in text and ";SS;" in text  # long and short labels
    sheet = load_workbook(raw / "2024" / "survei-2024-rekap-1-sintetis.xlsx", read_only=True)
    first, header, data = list(sheet.active.iter_rows(min_row=1, max_row=3, values_only=True))
    assert first[0].startswith("Rekap Survei") and header[:4] == ("No", "Waktu Mulai",
                                                                  "Waktu Selesai", "NIP")  # fmt: skip
    assert data[1].year == 2024 and data[2] > data[1]  # start and end as Excel dates
    assert len(data[3]) == 18 and isinstance(data[3], str)  # the NIP as text


def test_every_row_is_accepted_or_rejected_with_the_mess_found(bench_project, cleaned):
    info = manifest(bench_project)
    reasons, flags = {}, {}
    for year, (responses, rejected, quality, _) in cleaned.items():
        assert quality["rows_read"] == info["years"][str(year)]["rows"]
        assert quality["rows_read"] == len(responses) + len(rejected)
        for k, v in quality["rejected_by_reason"].items():
            reasons[k] = reasons.get(k, 0) + v
        for k, v in quality["flags"].items():
            flags[k] = flags.get(k, 0) + v
        # Unknown names are listed as typed, or withheld (digits too) when they may be personal.
        for name in quality["unknown_units"]:
            assert name in {*generate.UNKNOWN_UNITS, redact.WITHHELD} or redact.DIGITS in name
        assert sum(quality["unknown_units"].values()) == quality["rejected_by_reason"].get(
            "unit_unknown", 0
        )
        # Only the fields with typed personal data hold invalid values (a NIP, "Staf <name>").
        invalid = {k for k, v in quality["invalid_demographics"].items() if v}
        assert invalid <= {"golongan", "jenis_jabatan"}
        # Every organisation's spelling variants matched: all of them have respondents.
        assert responses["unit"].nunique() == ORGS
    for reason in ["duplicate", "nip_scientific", "nip_length", "item_out_of_range",
                   "unit_unknown"]:  # fmt: skip
        assert reasons.get(reason, 0) > 0, reasons
    assert all(flags[f] > 0 for f in ["incomplete", "straightline", "speeder"]), flags


def test_personal_data_is_typed_where_it_does_not_belong(bench_project, config, instrument):
    for year in generate.YEARS:
        folder = bench_project / "data" / "raw" / str(year)
        cells = pd.concat(
            [read_export(p, config["columns"], instrument).table
             for p in sorted(folder.glob("survei*"))]
        )  # fmt: skip
        assert cells["saran"].str.fullmatch(r"Saya .+, NIP \d{18}, hubungi saya").sum() >= 3
        assert cells["golongan"].str.fullmatch(r"\d{18}").sum() >= 3
        assert cells["jenis_jabatan"].str.startswith("Staf ").sum() >= 3
        assert cells["unit"].str.fullmatch(r"(UPT )?\D*\d{18}").sum() >= 1


def test_a_panel_answers_in_both_years(bench_project, cleaned):
    first, second = (set(cleaned[y][0]["respondent"]) for y in generate.YEARS)
    share = len(first & second) / len(second)
    assert 0.6 < share < 0.75  # PANEL = 0.7, less the rows rejected in either year


def test_index_is_near_the_published_level(cleaned, instrument):
    from budaya_kerja.stats import scoring

    index = scoring.score_respondents(cleaned[2024][0], instrument)["index"].mean()
    assert 70 < index < 82


def test_frame_covers_every_respondent(bench_project, cleaned):
    for responses, _, _, frame in cleaned.values():
        cells = frame.groupby(["unit", "jenis_kelamin", "status_kepegawaian"])["jumlah"].sum()
        counts = responses.groupby(["unit", "jenis_kelamin", "status_kepegawaian"],
                                   observed=True).size()  # fmt: skip
        assert (cells.reindex(counts.index) >= counts).all()


def test_nips_are_unique_valid_and_stable_when_people_are_added():
    rng = np.random.default_rng(1)
    orgs = generate.organisations(rng, 5, 3000, ["BP", "AK", "KO", "HA", "LO", "AD", "KL"])
    people = generate._people(rng, np.repeat(np.arange(5), orgs.size), orgs, 2024)
    nips = generate.nip_numbers(people["prefix"])
    text = pd.Series(nips.astype(str))
    assert text.is_unique and text.str.fullmatch(r"\d{18}").all()
    _, code, _ = clean.check_nips(text, 2024)
    assert (code == "").all()
    more = np.concatenate([people["prefix"], people["prefix"][:100]])  # the same prefixes again
    extended = generate.nip_numbers(more)
    assert (extended[: len(nips)] == nips).all() and pd.Series(extended).is_unique


def test_sizes_add_up_with_two_tiny_organisations():
    size = generate._sizes(np.random.default_rng(2), 550, 100_000)
    assert size.sum() == 100_000 and size.min() >= 3
    assert list(size[-2:]) == [4, 7]  # under the minimum group size: suppression has work


def test_generating_is_seeded(tmp_path, bench_project):
    again = tmp_path / "again"
    generate.generate(again, SIZE, n_orgs=ORGS)
    for path in sorted((bench_project / "data" / "raw").rglob("*.csv")):
        twin = again / path.relative_to(bench_project)
        assert twin.read_bytes() == path.read_bytes(), path.name

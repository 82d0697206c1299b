"""End to end: the Snakefile on a small generated survey in a temporary directory."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from budaya_kerja import synthetic
from budaya_kerja.io import keys
from budaya_kerja.settings import REPO_ROOT

from .exports import ITEMS, output_texts, pdf_text, row, write_csv

pytestmark = pytest.mark.slow
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile")]
# The generated test surveys are not the shipped demo, so they are real data to the pipeline:
# they need the team's key, like any real export.
KEY = "kunci-uji-alur-kerja-yang-cukup-panjang"


def run(workdir: Path, *args: str, key: str | None = KEY, **env) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items()
                 if k not in ("BUDAYA_KERJA_KEY", "BUDAYA_KERJA_LANG", "NO_COLOR")}  # fmt: skip
    if key is not None:
        clean_env["BUDAYA_KERJA_KEY"] = key
    return subprocess.run([*SNAKEMAKE, "-d", str(workdir), *args], capture_output=True,
                          text=True, env={**clean_env, **env}, timeout=900)  # fmt: skip


def snakemake(workdir: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    result = run(workdir, *args, **kw)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result


def digests(root: Path, parts=("data/processed", "reports")) -> dict[str, str]:
    out = {}
    for part in parts:
        for path in sorted((root / part).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def project(small_raw, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("run") / "project"
    shutil.copytree(small_raw, root)
    snakemake(root)
    return root


def test_raw_files_are_never_modified(small_raw, project):
    assert digests(project, ("data/raw",)) == digests(small_raw, ("data/raw",))


def test_every_contract_file_is_built(project):
    for year in (2024, 2025):
        for name in ["responses.parquet", "rejected.csv", "quality.json", "scores.parquet",
                     "estimates.csv", "reliability.csv"]:  # fmt: skip
            assert (project / f"data/processed/{year}/{name}").stat().st_size > 0
        assert (project / f"reports/{year}/laporan-evaluasi-{year}.pdf").read_bytes()[
            :5
        ] == b"%PDF-"
        assert (project / f"reports/{year}/tabel-{year}.xlsx").exists()
    comparison = pd.read_csv(project / "data/processed/comparison/2024-2025.csv")
    for column in ["group_by", "group", "measure", "n0", "n1", "est0", "est1", "diff", "ci_low",
                   "ci_high", "p", "p_adj", "effect_size", "significant", "material"]:  # fmt: skip
        assert column in comparison
    estimates = pd.read_csv(project / "data/processed/2025/estimates.csv")
    assert {"all", "unit", "jenis_kelamin"} <= set(estimates.group_by)
    assert set(estimates.measure) >= {"index", "BP", "KL3"}
    responses = pd.read_parquet(project / "data/processed/2025/responses.parquet")
    assert str(responses["AD2"].dtype) == "Int8" and responses["respondent"].is_unique


def _source_rows(path: Path) -> int:
    if path.suffix == ".xlsx":
        sheet = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
        return len(sheet) - 2  # a title row and the header
    sep = ";" if path.read_bytes().split(b"\n", 1)[0].count(b";") > 1 else ","
    return len(
        pd.read_csv(path, sep=sep, dtype=str, encoding="cp1252" if sep == ";" else "utf-8-sig")
    )


def test_rows_in_equal_accepted_plus_rejected(project):
    for year in (2024, 2025):
        quality = json.loads((project / f"data/processed/{year}/quality.json").read_text())
        rejected = pd.read_csv(project / f"data/processed/{year}/rejected.csv")
        responses = pd.read_parquet(project / f"data/processed/{year}/responses.parquet")
        for entry in quality["files"]:
            rows = _source_rows(project / "data/raw" / str(year) / entry["file"])
            assert rows == entry["rows_read"] == entry["accepted"] + entry["rejected"]
            assert (rejected.file == entry["file"]).sum() == entry["rejected"]
        assert quality["accepted"] == len(responses)
        assert quality["rows_read"] == len(responses) + len(rejected)


def test_no_nip_or_name_in_any_output(project, small_survey):
    """Every output decoded (Parquet and xlsx cells, PDF text, CSV, JSON, logs): no NIP, no
    name, no free text and no key, although the inputs carry names and NIPs typed into the
    agency, golongan, jabatan and suggestion fields."""
    people = pd.concat(small_survey.population.values())
    nips, names = set(people["nip"]), set(people["nama"])
    inputs = "\n".join(text for _, text in output_texts(project, ("data/raw",)))
    assert re.search(r"UPT \d{18}", inputs) and "Staf " in inputs and ", NIP " in inputs
    read = list(output_texts(project))
    assert {p.suffix for p, _ in read} >= {".parquet", ".xlsx", ".pdf", ".csv", ".json", ".log"}
    blob = "\n".join(text for _, text in read)
    assert not set(re.findall(r"\d{18}", blob)) & nips
    assert not [n for n in names if n in blob]
    assert synthetic.SARAN not in blob and "Staf " not in blob  # free text stays in data/raw
    assert KEY not in blob and keys.DEMO_KEY not in blob


def test_second_run_is_a_no_op(project):
    result = snakemake(project, "-n")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_snakemakes_report_is_made_without_warnings(project, tmp_path):
    """`make report` ends with `snakemake --report`: every job's memory grows with its inputs
    (workflow/memory.yaml), which the report's DAG cannot size; that must stay silent."""
    html = tmp_path / "snakemake-report.html"
    result = snakemake(project, "--report", str(html))
    printed = result.stdout + result.stderr
    assert html.stat().st_size > 0 and "Report created" in printed
    assert "Warning" not in printed, printed[-3000:]


def test_new_year_builds_only_what_is_new(project, config, units, tmp_path):
    before = digests(project)
    later = synthetic.simulate(config, units, years=(2026,), size=0.1, seed=11, target_index=None)
    synthetic.write_survey(later, project / "data" / "raw", None)
    dry = snakemake(project, "-n", "--quiet", "rules")
    planned = dry.stdout + dry.stderr
    assert "build_report" in planned and "compare_years" in planned
    snakemake(project)
    after = digests(project)
    assert {k: v for k, v in after.items() if k in before} == before
    new = set(after) - set(before)
    assert "reports/2026/laporan-evaluasi-2026.pdf" in new
    assert "data/processed/comparison/2025-2026.csv" in new
    assert not [k for k in new if "2024/" in k or "2025/" in k]
    shutil.rmtree(project / "data" / "raw" / "2026")


def test_same_inputs_give_byte_identical_outputs(small_raw, project, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(small_raw, again)
    snakemake(again)
    first = {k: v for k, v in digests(project).items() if "2026" not in k}
    assert digests(again) == first


def test_estimation_in_parts_by_agency_gives_the_same_tables(project, tmp_path):
    """``estimation.parts: 5``: five sum_cells jobs a year, each holding only its agencies'
    respondents, merged by estimate_groups; the published tables are the same bytes."""
    parted = tmp_path / "parted"
    shutil.copytree(project, parted, ignore=shutil.ignore_patterns(".snakemake"))
    (parted / "parts.yaml").write_text("estimation:\n  parts: 5\n")
    names = ["estimates.csv", "items.csv", "response_rates.csv", "funnel.csv"]
    targets = [f"data/processed/{y}/{name}" for y in (2024, 2025) for name in names]
    result = snakemake(parted, "--configfile", str(parted / "parts.yaml"), "--forcerun",
                       "sum_cells", "--cores", "2", *targets)  # fmt: skip
    assert len(re.findall(r"^(?:local)?rule sum_cells:", result.stdout + result.stderr,
                          re.M)) == 10  # fmt: skip
    for target in targets:
        assert (parted / target).read_bytes() == (project / target).read_bytes(), target
    for year in (2024, 2025):
        assert len(list((parted / f"data/processed/{year}/cells").glob("?.parquet"))) == 5


def test_lint_and_format(tmp_path):
    # In an empty project directory: whatever an analyst keeps in the repo's data/raw/ plays
    # no part in the tests (the demo stands in).
    lint = subprocess.run([*SNAKEMAKE, "-d", str(tmp_path), "--lint"], capture_output=True,
                          text=True)  # fmt: skip
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run([sys.executable, "-m", "snakefmt", "--check", "Snakefile", "workflow/rules"],
                         capture_output=True, text=True, cwd=REPO_ROOT)  # fmt: skip
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_unusable_file_stops_with_a_message_and_leaves_nothing(small_raw, tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(small_raw, root)
    (root / "data/raw/2025/catatan-rapat.docx").write_bytes(b"PK\x03\x04 not a survey")
    result = run(root, "data/processed/2025/quality.json")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "GALAT: berkas catatan-rapat.docx: '.docx' bukan format ekspor yang didukung. "
        "Cara memperbaiki:"
    ) in out
    assert "Traceback" not in (root / "logs/clean_responses/2025.log").read_text()
    assert "Proses berhenti karena galat" in result.stderr  # the summary, also on failure
    assert not list((root / "data/processed/2025").glob("*"))


def test_real_data_need_a_long_key_that_is_not_the_demo_key(small_raw, tmp_path):
    """Case 2 of issue 9: the demo key is never chosen by a file name, and short keys stop."""
    root = tmp_path / "real"
    shutil.copytree(small_raw, root)
    for path in (root / "data/raw/2024").iterdir():  # names that say "synthetic"
        path.rename(path.with_name(path.stem + "-bukan-sintetis" + path.suffix))
    target = "data/processed/2024/quality.json"
    for key, expected in [(None, "tidak ada kunci pseudonim: isi variabel lingkungan "
                                 "BUDAYA_KERJA_KEY dengan rahasia minimal 32 bait"),
                          ("x", "kunci di BUDAYA_KERJA_KEY hanya 1 bait; minimal 32 bait"),
                          (keys.DEMO_KEY, "BUDAYA_KERJA_KEY berisi kunci demo publik")]:  # fmt: skip
        result = run(root, target, key=key)
        assert result.returncode != 0 and expected in result.stderr, result.stderr[-2000:]
        assert not (root / "data/processed/2024/responses.parquet").exists()
    # With a key it runs: real data, the key's fingerprint recorded, the key written nowhere.
    snakemake(root, "data/processed/2024/estimates.csv")
    quality = json.loads((root / target).read_text())
    assert quality["synthetic"] is False
    assert quality["key_fingerprint"] == keys.fingerprint(KEY.encode())
    for path in root.rglob("*"):
        if path.is_file() and "data/raw" not in str(path):
            assert KEY.encode() not in path.read_bytes(), path


def _determined(constraints: np.ndarray, target: np.ndarray) -> bool:
    """Is target . x fixed by the published linear totals constraints . x? (exact disclosure:
    the target lies in their row space)."""
    if not len(constraints):
        return False
    rank = np.linalg.matrix_rank(constraints)
    return np.linalg.matrix_rank(np.vstack([constraints, target])) == rank


def test_no_hidden_count_can_be_recovered_by_subtraction(project):
    # The attacker reads every published table - estimates, response rates, the comparison,
    # the per-file totals of the quality appendix and the per-agency reject lists - and tries
    # to solve the published totals for a hidden agency's count.
    comparison = pd.read_csv(project / "data/processed/comparison/2024-2025.csv")
    for year in (2024, 2025):
        folder = project / f"data/processed/{year}"
        est = pd.read_csv(folder / "estimates.csv")
        rates = pd.read_csv(folder / "response_rates.csv")
        quality = json.loads((folder / "quality.json").read_text())
        responses = pd.read_parquet(folder / "responses.parquet")
        units = est[(est.group_by == "unit") & (est.measure == "index")].set_index("group")
        hidden = sorted(units.index[units.suppressed])
        assert hidden, "the small survey must have agencies under the minimum to attack"
        # Every table hides the same agencies, and none prints their counts.
        agencies = rates[rates.unit != "all"].set_index("unit")
        assert sorted(agencies.index[agencies.suppressed]) == hidden
        assert agencies.loc[hidden, ["respondents", "rate"]].isna().all().all()
        assert units.loc[hidden, "n"].isna().all()
        side = "n0" if year == 2024 else "n1"
        shown = comparison[(comparison.group_by == "unit") & comparison.group.isin(hidden)]
        assert shown[side].isna().all()
        # Accepted questionnaires: unknowns per (agency, file); published: every published
        # agency's total, every file's total, the grand total.
        cells = [(u, f["file"]) for f in quality["files"] for u in f["units"]]
        rows = []
        for f in quality["files"]:
            rows.append([1.0 if c[1] == f["file"] else 0.0 for c in cells])
        for unit in agencies.index[~agencies.suppressed]:
            rows.append([1.0 if c[0] == unit else 0.0 for c in cells])
        rows.append([1.0] * len(cells))
        published = np.array(rows)
        counts = responses["unit"].astype(str).value_counts()
        for unit in hidden:
            target = np.array([1.0 if c[0] == unit else 0.0 for c in cells])
            assert not _determined(published, target), (year, unit, int(counts.get(unit, 0)))
        # Pairs of hidden agencies pooling fewer than 10 people are not determined either.
        for a, b in itertools.combinations(hidden, 2):
            if counts.get(a, 0) + counts.get(b, 0) < 10:
                target = np.array([1.0 if c[0] in (a, b) else 0.0 for c in cells])
                assert not _determined(published, target), (year, a, b)
        # Respondents in the estimates (index): each published agency and the total.
        n_all = est[(est.group_by == "all") & (est.measure == "index")]["n"].iloc[0]
        assert n_all - units.loc[~units.suppressed, "n"].sum() >= 10
        # The reject lists hold rejected rows only: no count of accepted questionnaires.
        for path in (folder / "rejected-per-unit").glob("*.csv"):
            assert "accepted" not in path.read_text(encoding="utf-8").split("\n", 1)[0]


def test_reliability_and_validity_use_the_estimates_sample(project, instrument):
    # The respondents the estimates leave out (incomplete questionnaires) are left out of
    # alpha, omega and the CFA too: one analysis sample per year.
    for year in (2024, 2025):
        folder = project / f"data/processed/{year}"
        scores = pd.read_parquet(folder / "scores.parquet")
        responses = pd.read_parquet(folder / "responses.parquet")
        assert (scores["respondent"].to_numpy() == responses["respondent"].to_numpy()).all()
        sample = responses[~scores["excluded"].to_numpy()]
        everyone = responses
        rel = pd.read_csv(folder / "reliability.csv")
        differs = False
        for value, items in instrument.values.items():
            n = rel[(rel.level == "value") & (rel.measure == value)]["n"].iloc[0]
            assert n == sample[items].notna().all(axis=1).sum()
            differs |= n != everyone[items].notna().all(axis=1).sum()
        assert differs, "no excluded respondent answered a whole value: the check is empty"
        validity = pd.read_csv(folder / "validity.csv")
        this_year = validity.year.astype(str) == str(year)
        cfa = validity[(validity.analysis == "cfa") & this_year]["n"].iloc[0]
        assert cfa == sample[instrument.items].notna().all(axis=1).sum()


# --------------------------------------------------------------------------- issue 9
DEMO = REPO_ROOT / "data" / "contoh"


def _planned(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def test_the_demo_is_built_apart_while_data_raw_holds_no_year(tmp_path):
    """A fresh project (nothing in data/raw/): the shipped demo, its outputs in contoh/."""
    root = tmp_path / "fresh"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "README.md").write_text("real exports go here")
    plan = _planned(snakemake(root, "-n", key=None))
    assert "reports/contoh/2025/laporan-evaluasi-2025.pdf" in plan
    assert "data/processed/contoh/comparison/2024-2025.csv" in plan
    assert re.search(r"\breports/2025/", plan) is None
    (root / "config").mkdir()
    (root / "config" / "config.yaml").write_text("demo: never\n")
    result = run(root, "-n")
    assert result.returncode == 1
    assert "GALAT: data/raw tidak memuat folder tahun" in result.stderr
    # A unit code that would name a file outside the project stops before any job.
    (root / "config" / "config.yaml").write_text("units_file: config/units.yaml\n")
    (root / "config" / "units.yaml").write_text(
        "units:\n  - {code: ../X, name: Dinas X, aliases: []}\n"
    )
    result = run(root, "-n")
    assert result.returncode == 1
    assert ("GALAT: berkas unit config/units.yaml: unit ke-1 memakai kode '../X' yang tidak "
            "dapat dipakai") in result.stderr  # fmt: skip
    # So does a misspelt configuration key, naming the key meant.
    (root / "config" / "units.yaml").unlink()
    (root / "config" / "config.yaml").write_text("estimaton:\n  confidence: 0.9\n")
    result = run(root, "-n")
    assert result.returncode == 1
    assert (
        "kunci 'estimaton' di (tingkat teratas) tidak dikenal; mungkin maksudnya 'estimation'?"
        in result.stderr
    )


def _real_survey(config, units, years=(2025, 2026), seed=23):
    """Exports that look real: generated, not the shipped demo, named as an agency would."""
    return synthetic.simulate(config, units, years=years, size=0.1, seed=seed, target_index=None)


def _write_real(survey, raw: Path) -> None:
    for path in synthetic.write_survey(survey, raw, None):
        if path.name.startswith("program"):
            path.unlink()  # programme participation is the analyst's to add
        else:
            path.rename(path.with_name(path.name.replace("-sintetis", "")))


def test_demo_years_beside_real_ones_stop_before_anything_runs(config, units, tmp_path):
    """Case 1 of issue 9: the shipped 2024/2025 left in data/raw beside a real 2026."""
    root = tmp_path / "mixed"
    shutil.copytree(DEMO, root / "data" / "raw")
    _write_real(_real_survey(config, units, years=(2026,)), root / "data" / "raw")
    result = run(root, "-n")
    assert result.returncode == 1
    assert (
        "GALAT: data/raw memuat data sebenarnya (2026) dan data contoh sintetis bawaan "
        "(2024, 2025, program-sintetis.csv); perbandingan, tren, capaian target dan evaluasi "
        "program tidak pernah mencampur keduanya. Hapus berkas contoh dari data/raw"
    ) in result.stderr
    # One demo file among real exports of a year stops too.
    for year in ("2024", "2025"):
        shutil.rmtree(root / "data" / "raw" / year)
    (root / "data" / "raw" / "program-sintetis.csv").unlink()
    shutil.copy(
        DEMO / "2025" / "populasi-sintetis.csv", root / "data" / "raw" / "2026" / "populasi.csv"
    )
    result = run(root, "-n")
    assert result.returncode == 1
    assert (
        "data/raw/2026 memuat berkas contoh sintetis bawaan (populasi.csv) di samping ekspor "
        "sebenarnya (survei-2026-gform.csv, survei-2026-opd-label.csv, "
        "survei-2026-rs-dinkes.xlsx)" in result.stderr
    )
    # So do the demo's evaluation worksheets copied beside a real year's exports: a real
    # survey is never combined with synthetic evaluation scores.
    (root / "data" / "raw" / "2026" / "populasi.csv").unlink()
    worksheets = root / "data" / "raw" / "2026" / "evaluasi"
    worksheets.mkdir()
    shutil.copy(
        DEMO / "2025" / "evaluasi" / "lke-2025-bapenda-sintetis.xlsx", worksheets / "lke.xlsx"
    )
    result = run(root, "-n")
    assert result.returncode == 1
    assert (
        "data/raw/2026 memuat berkas contoh sintetis bawaan (lke.xlsx) di samping" in result.stderr
    )


def test_real_exports_added_as_the_readme_says_give_a_real_only_report(config, units, tmp_path):
    """Issue 9, done when: a fresh project, real-looking 2025 and 2026 exports put in
    data/raw/<year>/ with the team's key; the 2026 report compares only real years."""
    root = tmp_path / "analyst"
    shutil.copytree(DEMO, root / "data" / "contoh")  # what a fresh clone holds
    (root / "data" / "raw").mkdir()
    survey = _real_survey(config, units)
    _write_real(survey, root / "data" / "raw")
    result = snakemake(root)
    built = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert not [p for p in built if "contoh" in p and not p.startswith("data/contoh")]
    assert {p for p in built if p.startswith("data/processed/comparison/")} == {
        "data/processed/comparison/2025-2026.csv"
    }
    assert not [p for p in built if "programmes.csv" in p]  # no programme file: no effects
    for year in (2025, 2026):
        quality = json.loads((root / f"data/processed/{year}/quality.json").read_text())
        assert quality["synthetic"] is False
        assert quality["key_fingerprint"] == keys.fingerprint(KEY.encode())
    # The comparison's 2025 side is the real 2025, not the demo's.
    comparison = pd.read_csv(root / "data/processed/comparison/2025-2026.csv")
    estimates = pd.read_csv(root / "data/processed/2025/estimates.csv")
    headline = lambda t: t[(t.group_by == "all") & (t.measure == "index")].iloc[0]  # noqa: E731
    assert headline(comparison).est0 == pytest.approx(headline(estimates).estimate)
    assert headline(comparison).n_matched > 0  # one key: people link across the years
    text = pdf_text((root / "reports/2026/laporan-evaluasi-2026.pdf").read_bytes())
    assert "DATA SINTETIS" not in text and "data contoh sintetis bawaan (dikenali" not in text
    assert "Data: ekspor survei sebenarnya dari perangkat daerah" in text
    assert "Berkas masukan adalah data survei sebenarnya" in text
    assert "Dibandingkan tahun 2025" in text and "Dibandingkan tahun 2024" not in text
    # The end-of-run summary, on the console and in logs/.
    assert "Ringkasan proses (data sebenarnya dari data/raw)" in result.stderr
    assert "2026: " in result.stderr and "  data: sebenarnya" in result.stderr
    log = (root / "logs" / "ringkasan.log").read_text()
    assert f"  sidik kunci: {keys.fingerprint(KEY.encode())}" in log


def test_a_new_key_recleans_and_years_with_different_keys_are_not_compared(project, tmp_path):
    """Case 3 of issue 9: the key is tracked; mixed keys stop the comparison."""
    root = tmp_path / "rekey"
    shutil.copytree(project, root, symlinks=True)
    other = "kunci-lain-yang-juga-cukup-panjang-32"
    plan = _planned(snakemake(root, "-n", key=other))
    assert plan.count("rule clean_responses:") == 2 and "params" in plan.lower()
    # 2025 re-cleaned with the other key, then compared by modification time only.
    snakemake(root, "data/processed/2025/quality.json", "--forcerun", "clean_responses", key=other)
    result = run(root, "data/processed/comparison/2024-2025.csv", "--rerun-triggers", "mtime")
    assert result.returncode != 0
    first, second = keys.fingerprint(KEY.encode()), keys.fingerprint(other.encode())
    assert (
        f"GALAT: 2024 dan 2025 dipseudonimkan dengan kunci berbeda (sidik {first} dan {second})"
    ) in result.stderr
    assert f"isi BUDAYA_KERJA_KEY dengan kunci bersidik {first}" in result.stderr


def test_a_failed_report_keeps_the_last_good_one(project, tmp_path):
    """Case 6 of issue 9: a failing report build never deletes the last good PDF."""
    root = tmp_path / "fails"
    shutil.copytree(project, root, symlinks=True)
    good = (root / "reports/2025/laporan-evaluasi-2025.pdf").read_bytes()
    kept = root / "reports/2025/terakhir-berhasil/laporan-evaluasi-2025.pdf"
    assert kept.read_bytes() == good
    (root / "config").mkdir(exist_ok=True)
    (root / "config" / "config.yaml").write_text('report: {dates: {2025: "2025-13-45"}}\n')
    result = run(root, "reports/2025/laporan-evaluasi-2025.pdf")
    assert result.returncode != 0
    assert ("laporan 2025 tidak dapat dibuat (month must be in 1..12); laporan baik "
            "terakhir disimpan di reports/2025/terakhir-berhasil/laporan-evaluasi-2025.pdf"
            ) in result.stderr  # fmt: skip
    assert kept.read_bytes() == good


def test_a_run_that_quarantines_many_rows_says_so_loudly(units, tmp_path):
    """Case 7 of issue 9: 28 % quarantined (four unknown agency names) is a bold warning on
    the console and in logs/, with the names redacted and the nearest known names."""
    root = tmp_path / "loud"
    folder = root / "data" / "raw" / "2025"
    folder.mkdir(parents=True)
    typed = ["Dinas Kesehtan", "Budi Santoso 198203212008041001", "UPT Samsat", "Biro Organsasi"]
    rows = [row(i, unit=typed[i % 4] if i <= 7 else "Dinas Kesehatan") for i in range(1, 26)]
    write_csv(folder / "ekspor-opd.csv", rows)
    result = snakemake(root, "data/processed/2025/quality.json")
    assert (
        "\x1b[1mPERINGATAN: 2025 mengarantina 28,0 % barisnya (lebih dari 5,0 %)" in result.stderr
    )
    log = (root / "logs" / "ringkasan.log").read_text()
    assert "2025: 25 baris dibaca, 18 diterima, 7 dikarantina (28,0 %)" in log
    assert ("nama perangkat daerah tak dikenal (4 nama, 7 baris): '(disembunyikan)' ×2; "
            "'Biro Organsasi' ×2 (terdekat: Biro Organisasi") in log  # fmt: skip
    assert "'UPT Samsat' ×2; 'Dinas Kesehtan' ×1 (terdekat: Dinas Kesehatan" in log
    assert "PERINGATAN: 2025 mengarantina" in log and "\x1b[" not in log
    assert "Budi" not in log + result.stderr and "198203212008041001" not in log + result.stderr


def test_nobody_linked_across_years_is_a_warning(config, units, tmp_path):
    """Case 3 of issue 9: n_matched = 0 with a previous year present is said in the compare
    log and the run summary (and in the report's methods: tests/test_report.py)."""
    root = tmp_path / "unlinked"
    for year, seed in ((2025, 31), (2026, 37)):  # two unrelated surveys: no NIP in both
        one = synthetic.simulate(config, units, years=(year,), size=0.05, seed=seed,
                                 target_index=None)  # fmt: skip
        _write_real(one, root / "data" / "raw")
    result = snakemake(root, "data/processed/comparison/2025-2026.csv")
    log = (root / "logs/compare_years/2025-2026.log").read_text()
    assert "PERINGATAN: tidak ada responden 2026 yang tertaut ke 2025 melalui pseudonim" in log
    assert "\x1b[1mPERINGATAN: 2025→2026: tidak ada responden yang tertaut" in result.stderr


# --------------------------------------------------------------------------- issue 13
def _planned_years(result: subprocess.CompletedProcess, rule: str) -> set[str]:
    """The years a dry run would run ``rule`` for."""
    text = _planned(result)
    return set(re.findall(rf"rule {rule}:(?:(?!\nrule ).)*?wildcards: year=(\d{{4}})", text,
                          flags=re.S))  # fmt: skip


def test_an_alias_edit_recleans_only_the_years_holding_a_name_it_changes(tmp_path):
    import yaml

    root = tmp_path / "alias"
    (root / "config").mkdir(parents=True)
    units = yaml.safe_load((REPO_ROOT / "config" / "units.yaml").read_text(encoding="utf-8"))
    local_units = root / "config" / "units.yaml"
    local_units.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    for year, extra in ((2024, []), (2025, ["Dinas Kesehtan"] * 2)):
        folder = root / "data" / "raw" / str(year)
        folder.mkdir(parents=True)
        names = ["Dinas Kesehatan"] * 12 + extra
        rows = [row(i, unit=name, Timestamp=f"0{1 + i % 9}/10/{year} 08:00:00")
                for i, name in enumerate(names, 1)]  # fmt: skip
        write_csv(folder / f"ekspor-{year}.csv", rows)
    targets = [f"data/processed/{y}/quality.json" for y in (2024, 2025)]
    snakemake(root, *targets)

    def add_alias(code, alias):
        for unit in units["units"]:
            if unit["code"] == code:
                unit["aliases"] = [*unit.get("aliases", []), alias]
        local_units.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")

    # An alias no year's names use (and far from the unknown one): nothing to do.
    add_alias("BPBD", "Balai Pemadam Sampit")
    dry = snakemake(root, "-n", *targets)
    assert "Nothing to be done" in _planned(dry), _planned(dry)[-2000:]
    # The unknown name of 2025 becomes an alias: 2025 only is cleaned again.
    add_alias("DINKES", "Dinas Kesehtan")
    dry = snakemake(root, "-n", *targets)
    assert _planned_years(dry, "clean_responses") == {"2025"}, _planned(dry)[-3000:]
    snakemake(root, *targets)
    quality = json.loads((root / "data/processed/2025/quality.json").read_text())
    assert quality["accepted"] == 14 and quality["unknown_units"] == {}


def test_a_local_config_replaces_the_instrument_and_the_command_line_is_merged_over_it(tmp_path):
    import yaml

    root = tmp_path / "local"
    (root / "config").mkdir(parents=True)
    local = {"instrument": {"values": {"BP": {"name": "Berorientasi Pelayanan",
                                              "items": {"BP1": "x", "BP2": "y"}}}},
             "quality": {"min_items_answered": 2, "straightline_min_items": 2}}  # fmt: skip
    (root / "config" / "config.yaml").write_text(yaml.safe_dump(local))
    folder = root / "data" / "raw" / "2025"
    folder.mkdir(parents=True)
    others = ("BP3", *(i for i in ITEMS if not i.startswith("BP")))
    rows = [{k: v for k, v in row(i).items() if k not in others} for i in range(1, 13)]
    write_csv(folder / "ekspor.csv", rows)  # only the two items of the local instrument
    # Settings on the command line still win over both files (merged, as Snakemake does).
    (root / "lain.yaml").write_text("estimation: {min_group_size: 13}\n")
    snakemake(root, "data/processed/2025/estimates.csv", "--configfile", str(root / "lain.yaml"))
    estimates = pd.read_csv(root / "data/processed/2025/estimates.csv")
    assert set(estimates.measure) == {"index", "BP", "BP1", "BP2"}  # replaced, not merged
    overall = estimates[(estimates.group_by == "all") & (estimates.measure == "index")]
    assert overall.suppressed.iloc[0]  # 12 respondents < 13
    assert "jenis_kelamin" in set(estimates.group_by)  # the rest of estimation: the repo's


def test_both_languages_side_by_side(project, tmp_path):
    """report.languages [id, en]: two PDFs per year that do not overwrite each other, English
    names and bands with the Indonesian in brackets, figures per language."""
    root = tmp_path / "both"
    shutil.copytree(project, root)
    snakemake(root, "--config", "report={languages: [id, en]}")
    for year in (2024, 2025):
        indonesian = pdf_text((root / f"reports/{year}/laporan-evaluasi-{year}.pdf").read_bytes())
        english = pdf_text((root / f"reports/{year}/evaluation-report-{year}.pdf").read_bytes())
        assert "Skor tujuh nilai BerAKHLAK per tahun" in " ".join(indonesian.split())
        flat = " ".join(english.split())
        assert "Scores of the seven BerAKHLAK values by year" in flat
        assert "Service-oriented (Berorientasi Pelayanan)" in flat and "Healthy (Sehat)" in flat
        assert "Berorientasi Pelayanan" in indonesian and "Service-oriented" not in indonesian
        # The tables' stand-ins for a blank answer or a withheld text are English too.
        for code, english_code in (("(tidak diisi)", "(not answered)"),
                                   ("(disembunyikan)", "(withheld)")):  # fmt: skip
            assert code not in flat
            assert (code in " ".join(indonesian.split())) == (english_code in flat)
        assert (root / f"reports/{year}/figures/en/index_trend.svg").is_file()
        manifest = json.loads((root / f"reports/{year}/figures-en.json").read_text())
        assert "/figures/en/" in manifest["values"]["file"]
        assert "Scores of the seven BerAKHLAK values" in manifest["values"]["caption"]
    # the Indonesian report of the one-language run is the same file, byte for byte
    assert (root / "reports/2025/laporan-evaluasi-2025.pdf").read_bytes() == (
        project / "reports/2025/laporan-evaluasi-2025.pdf"
    ).read_bytes()

"""The demo is known by its SHA-256 manifest, never by name; real and demo never meet."""

import shutil

import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import origin
from budaya_kerja.settings import REPO_ROOT

pytestmark = pytest.mark.usefixtures("english")
DEMO = REPO_ROOT / "data" / "contoh"


def test_the_manifest_lists_every_shipped_demo_input():
    listed = {entry["path"] for entry in origin.manifest().values()}
    shipped = {str(p.relative_to(DEMO)) for p in DEMO.rglob("*") if p.is_file()}
    assert listed == shipped
    assert len([p for p in listed if "evaluasi" not in p]) == 9  # surveys, frames, programmes
    assert all(origin.is_synthetic(DEMO / path) for path in listed)


def test_a_renamed_demo_file_is_still_synthetic_and_a_real_file_named_sintetis_is_real(tmp_path):
    renamed = tmp_path / "survei-opd-2025.csv"
    shutil.copy(DEMO / "2025" / "survei-2025-gform-sintetis.csv", renamed)
    assert origin.is_synthetic(renamed)
    named = tmp_path / "survei-2024-bukan-sintetis.csv"
    named.write_bytes(renamed.read_bytes() + b"\n")  # one byte more: another file
    assert not origin.is_synthetic(named)
    assert origin.origin_of([renamed], "x") == origin.SYNTHETIC
    assert origin.origin_of([named], "x") == origin.REAL


def test_a_year_mixing_demo_and_real_files_stops(tmp_path):
    demo = tmp_path / "demo.csv"
    shutil.copy(DEMO / "2025" / "populasi-sintetis.csv", demo)
    real = tmp_path / "ekspor.csv"
    real.write_text("NIP,Unit\n")
    with pytest.raises(BudayaKerjaError, match=r"^data/raw/2025 holds shipped synthetic demo "
                                               r"files \(demo\.csv\) beside real exports "
                                               r"\(ekspor\.csv\).*data/contoh/"):  # fmt: skip
        origin.origin_of([demo, real], "data/raw/2025")


def test_real_and_demo_years_never_meet():
    origin.check_apart({2024: "synthetic", 2025: "synthetic", "program-sintetis.csv": "synthetic"},
                       "data/raw", "data/contoh")  # fmt: skip
    origin.check_apart({2025: "real", 2026: "real"}, "data/raw", "data/contoh")
    with pytest.raises(BudayaKerjaError, match=r"^data/raw holds real data \(2026\) and shipped "
                                               r"synthetic demo data \(2024, 2025\).*Remove the "
                                               r"demo files from data/raw"):  # fmt: skip
        origin.check_apart({2024: "synthetic", 2025: "synthetic", 2026: "real"}, "data/raw",
                           "data/contoh")  # fmt: skip
    with pytest.raises(BudayaKerjaError, match=r"program-sintetis\.csv"):
        origin.check_apart({2026: "real", "program-sintetis.csv": "synthetic"}, "data/raw",
                           "data/contoh")  # fmt: skip
    with pytest.raises(BudayaKerjaError, match=r"^year 2025 is the synthetic demo and year 2026"):
        origin.check_same_origin(True, False, 2025, 2026)
    origin.check_same_origin(False, False, 2025, 2026)


def test_make_data_writes_the_manifest_the_package_reads(tmp_path, monkeypatch):
    (tmp_path / "2025").mkdir()
    files = [tmp_path / "2025" / "a.csv", tmp_path / "b.csv"]
    for i, f in enumerate(files):
        f.write_text(f"x{i}\n")
    target = tmp_path / origin.MANIFEST
    origin.write_manifest(files, tmp_path, target)
    text = target.read_text()
    assert '"path": "2025/a.csv"' in text and '"bytes": 3' in text

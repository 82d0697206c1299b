"""The shipped demo as a new clone's `make report` builds it (fixture ``demo_project``): known
as synthetic by its SHA-256 alone, and stamped so on every page a reader can see."""

import io

import pytest
from pypdf import PdfReader

from budaya_kerja.io import tables


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_page_of_the_demo_report_says_synthetic(demo_project, year):
    quality = tables.read_json(demo_project / f"data/processed/contoh/{year}/quality.json")
    assert quality["synthetic"] is True
    pdf = demo_project / f"reports/contoh/{year}/laporan-evaluasi-{year}.pdf"
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert len(pages) > 10
    unstamped = [
        i + 1 for i, page in enumerate(pages) if "DATA SINTETIS" not in page.extract_text()
    ]
    assert unstamped == []


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_agency_has_its_own_stamped_profile(demo_project, year):
    """Issue 12: reports/<year>/perangkat-daerah/<code>.pdf for every configured agency, one
    page each, stamped like the report (an agency under the minimum says why it has none)."""
    from budaya_kerja.io.units import load_units
    from budaya_kerja.settings import REPO_ROOT

    codes = [u["code"] for u in load_units(REPO_ROOT / "config" / "units.yaml")["units"]]
    folder = demo_project / f"reports/contoh/{year}/perangkat-daerah"
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(codes)
    for code in codes:
        pages = PdfReader(io.BytesIO((folder / f"{code}.pdf").read_bytes())).pages
        text = pages[0].extract_text()
        assert len(pages) == 1 and "DATA SINTETIS" in text and f"({code})" in text

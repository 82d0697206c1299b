"""A failed report build keeps the last good report and says where it is."""

import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.report import publish

pytestmark = pytest.mark.usefixtures("english")


def test_the_last_good_report_is_kept_and_named_on_failure(tmp_path):
    pdf = tmp_path / "2026" / "laporan-evaluasi-2026.pdf"
    pdf.parent.mkdir()
    error = publish.failed(2026, pdf, ValueError("the text could not be displayed"))
    assert str(error) == (
        "the report for 2026 could not be built (the text could not be "
        "displayed); there is no earlier good report"
    )
    pdf.write_bytes(b"%PDF-good")
    kept = publish.keep(pdf)
    assert kept == tmp_path / "2026" / "terakhir-berhasil" / "laporan-evaluasi-2026.pdf"
    pdf.unlink()  # what Snakemake does to the output of a failing job
    error = publish.failed(2026, pdf, RuntimeError("boom"))
    assert str(error).endswith(f"the last good report is kept at {kept}")
    assert kept.read_bytes() == b"%PDF-good"


def test_an_agency_profile_is_kept_and_a_failed_one_names_the_last_good(tmp_path, capsys):
    """build_profiles.py: each good profile is kept beside it; a failing render stops with
    one line naming the agency and its last good profile, the traceback in the job's log."""
    pdf = tmp_path / "2026" / "perangkat-daerah" / "DINKES.pdf"
    pdf.parent.mkdir(parents=True)

    def broken():
        raise ValueError("the text could not be displayed")

    with pytest.raises(BudayaKerjaError) as stop:
        publish.build_and_keep(broken, 2026, pdf, unit="DINKES")
    assert str(stop.value) == (
        "the profile of DINKES for 2026 could not be built (the text could not be "
        "displayed); there is no earlier good profile"
    )
    kept = publish.build_and_keep(lambda: pdf.write_bytes(b"%PDF-good"), 2026, pdf, "DINKES")
    assert kept == tmp_path / "2026" / "perangkat-daerah" / "terakhir-berhasil" / "DINKES.pdf"
    pdf.unlink()  # what Snakemake does to the outputs of a failing job
    with pytest.raises(BudayaKerjaError) as stop:
        publish.build_and_keep(broken, 2026, pdf, unit="DINKES")
    assert str(stop.value).endswith(f"the last good profile is kept at {kept}")
    assert kept.read_bytes() == b"%PDF-good" and not pdf.exists()
    assert "ValueError: the text could not be displayed" in capsys.readouterr().err


def test_a_failed_report_is_named_as_the_report(tmp_path):
    pdf = tmp_path / "laporan-evaluasi-2026.pdf"
    with pytest.raises(BudayaKerjaError, match="^the report for 2026 could not be built"):
        publish.build_and_keep(lambda: 1 / 0, 2026, pdf)
    assert not publish.last_good(pdf).exists()

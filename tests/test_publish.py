"""A failed report build keeps the last good report and says where it is."""

import pytest

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

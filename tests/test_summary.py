"""The end-of-run summary: counts, redacted names, key, origin; loud when it matters."""

import pytest

from budaya_kerja.io import summary

pytestmark = pytest.mark.usefixtures("english")


def _quality(rejected=0, unknown=None, **extra):
    return {"year": 2026, "rows_read": 100, "accepted": 100 - rejected, "rejected": rejected,
            "rejected_by_reason": {"unit_unknown": rejected} if rejected else {},
            "unknown_units": unknown or {}, "unknown_units_nearest": {
                name: ["Dinas Kesehatan"] for name in (unknown or {}) if name.startswith("Dinas")},
            "key_fingerprint": "0123456789abcdef", "synthetic": False, **extra}  # fmt: skip


def test_a_quiet_year_has_no_warning():
    lines = summary.year_lines(_quality(), 0.05, "r.csv")
    text = summary.render(lines, bold=True)
    assert text.splitlines() == [
        "2026: 100 rows read, 100 accepted, 0 quarantined (0.0 %)",
        "  data: real",
        "  key fingerprint: 0123456789abcdef",
    ]
    assert summary.BOLD not in text


def test_a_year_quarantining_28_percent_gets_a_bold_warning():
    unknown = {"Dinas Kesehtan": 20, "(disembunyikan)": 5, "UPT Samsat": 2, "BKPSDM": 1}
    lines = summary.year_lines(_quality(28, unknown), 0.05, "data/processed/2026/rejected.csv")
    text = summary.render(lines, bold=True)
    assert "quarantined by reason: unit_unknown 28" in text
    assert (
        "unknown agency names (4 names, 28 rows): 'Dinas Kesehtan' ×20 (nearest: Dinas "
        "Kesehatan); '(disembunyikan)' ×5; 'UPT Samsat' ×2; 'BKPSDM' ×1"
    ) in text
    warning = (
        "WARNING: 2026 quarantined 28.0 % of its rows (more than 5.0 %); read "
        "data/processed/2026/rejected.csv"
    )
    assert f"{summary.BOLD}{warning}" in text
    assert summary.BOLD not in summary.render(lines, bold=False)


def test_the_whole_run_summary(monkeypatch):
    lines = summary.run_summary(
        {2025: _quality(synthetic=True), 2026: None}, [(2025, 2026)], title="T",
        max_rejected_share=0.05, rejected_paths={2025: "a", 2026: "b"}, reports=["r.pdf"],
    )  # fmt: skip
    text = summary.render(lines, bold=False)
    assert text.splitlines()[0] == "T"
    assert "data: SYNTHETIC (shipped demo, public demo key)" in text
    assert "2026: not cleaned in this run" in text
    assert "WARNING: 2025→2026: nobody matched across the years" in text
    assert text.rstrip().endswith("Reports: r.pdf")


def test_indonesian_numbers(monkeypatch):
    from budaya_kerja import messages

    messages.set_language("id")
    try:
        text = summary.render(summary.year_lines(_quality(7), 0.05, "r.csv"), bold=False)
    finally:
        messages.set_language("en")
    assert "7 dikarantina (7,0 %)" in text and "PERINGATAN: 2026 mengarantina 7,0 %" in text


def test_an_anonymous_survey_says_so_instead_of_warning():
    quality = _quality(anonymous=True, key_fingerprint=None, flags={"duplicate": 3})
    lines = summary.run_summary(
        {2025: _quality(anonymous=True, key_fingerprint=None), 2026: quality}, [(2025, 2026)],
        title="T", max_rejected_share=0.05, rejected_paths={2025: "a", 2026: "b"}, reports=[],
    )  # fmt: skip
    text = summary.render(lines, bold=True)
    assert "  anonymous survey: no NIP, no key; respondents are not linked between years; " \
        "exact duplicate rows flagged: 3" in text  # fmt: skip
    assert "key fingerprint" not in text
    assert "2025→2026: anonymous survey, nobody can be linked across the years" in text
    assert summary.BOLD not in text  # expected, not a warning

"""The end-of-run summary: one block per year, printed on the console and kept in logs/.

Built only from each year's ``quality.json`` (counts, redacted agency names, the key's
fingerprint, synthetic or real) and the comparisons, so it holds nothing a respondent typed.
A year that quarantines more than ``max_rejected_share`` of its rows, and a comparison
in which nobody was linked across the years, get a warning (bold on a terminal).
"""

from __future__ import annotations

from dataclasses import dataclass

from budaya_kerja.messages import language, message

__all__ = ["Line", "render", "run_summary", "year_lines"]

BOLD, PLAIN = "\033[1m", "\033[0m"


@dataclass(frozen=True)
class Line:
    """One line of the summary; ``warning`` lines are printed in bold on a terminal."""

    text: str
    warning: bool = False


def _percent(share: float) -> str:
    text = f"{100 * share:.1f} %"
    return text.replace(".", ",") if language() == "id" else text


def year_lines(quality: dict, max_rejected_share: float, rejected_path: str) -> list[Line]:
    """The summary of one cleaned year (see the module docstring)."""
    year, read = quality["year"], quality["rows_read"]
    share = quality["rejected"] / read if read else 0.0
    lines = [
        Line(
            message(
                "summary.year",
                year=year,
                read=read,
                accepted=quality["accepted"],
                rejected=quality["rejected"],
                share=_percent(share),
            )
        ),
        Line(
            message(
                "summary.origin_synthetic" if quality.get("synthetic") else "summary.origin_real"
            )
        ),
        Line(
            message("summary.anonymous", duplicates=quality.get("flags", {}).get("duplicate", 0))
            if quality.get("anonymous")
            else message("summary.key", fingerprint=quality.get("key_fingerprint", "?"))
        ),
    ]
    reasons = quality.get("rejected_by_reason") or {}
    if reasons:
        listed = ", ".join(
            f"{code} {n}" for code, n in sorted(reasons.items(), key=lambda kv: -kv[1])
        )
        lines.append(Line(message("summary.reasons", reasons=listed)))
    unknown = quality.get("unknown_units") or {}
    if unknown:
        nearest = quality.get("unknown_units_nearest") or {}
        listed = "; ".join(
            message("summary.unknown_name", name=name, n=n,
                    nearest=message("summary.nearest", names=", ".join(nearest[name]))
                    if nearest.get(name) else "")
            for name, n in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))
        )  # fmt: skip
        lines.append(Line(message("summary.unknown", names=len(unknown),
                                  rows=sum(unknown.values()), list=listed)))  # fmt: skip
    if share > max_rejected_share:
        lines.append(Line(message("summary.too_many", year=year, share=_percent(share),
                                  limit=_percent(max_rejected_share), rejected=rejected_path),
                          warning=True))  # fmt: skip
    return lines


def run_summary(qualities: dict, unlinked: list[tuple[int, int]], *, title: str,
                max_rejected_share: float, rejected_paths: dict, reports: list[str],
                failed: bool = False) -> list[Line]:  # fmt: skip
    """The whole summary: a title, each year (``None`` for a year not cleaned yet), the
    comparisons with nobody linked, and where the reports are."""
    lines = [Line(title)]
    if failed:
        lines.append(Line(message("summary.failed"), warning=True))
    for year, quality in sorted(qualities.items()):
        if quality is None:
            lines.append(Line(message("summary.missing", year=year)))
        else:
            lines += year_lines(quality, max_rejected_share, rejected_paths[year])
    for y0, y1 in unlinked:
        if any((qualities.get(y) or {}).get("anonymous") for y in (y0, y1)):  # expected
            lines.append(Line(message("summary.no_panel_anonymous", y0=y0, y1=y1)))
        else:
            lines.append(Line(message("summary.no_panel", y0=y0, y1=y1), warning=True))
    lines += [Line(message("summary.reports", path=path)) for path in reports]
    return lines


def render(lines: list[Line], bold: bool) -> str:
    """The summary as text; warnings wrapped in the terminal's bold codes when ``bold``."""
    return "\n".join(f"{BOLD}{line.text}{PLAIN}" if bold and line.warning else line.text
                     for line in lines) + "\n"  # fmt: skip

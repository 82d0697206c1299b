"""The front matter of an Indonesian government evaluation report: the cover, the *lembar
pengesahan* (who prepared and who approves it, from ``config.report``) and the *kata
pengantar*; and the report's date (``report.dates``, else 31 December of the survey year)."""

from __future__ import annotations

from budaya_kerja.text import format_date
from budaya_kerja.text import join as _join

__all__ = ["foreword", "meta", "pengesahan", "report_date", "team_text"]


def report_date(config: dict, year: int) -> str:
    """The ISO date of a year's report: ``report.dates[year]``, else 31 December of the year.

    >>> report_date({"report": {"dates": {2025: "2025-11-28"}}}, 2025)
    '2025-11-28'
    >>> report_date({"report": {}}, 2026)
    '2026-12-31'
    """
    dates = {int(y): str(d) for y, d in (config.get("report", {}).get("dates") or {}).items()}
    return dates.get(int(year), f"{int(year)}-12-31")


def team_text(config: dict, lang) -> str:
    """'Biro Organisasi (Koordinator) dan BPSDM (Anggota)' from ``report.team_members``."""
    members = config.get("report", {}).get("team_members") or []
    return _join([f"{m['agency']} ({m['role']})" for m in members], lang)


def meta(r) -> dict:
    """The cover and the running header: title, organisation, team, date, stamps."""
    t = r.t
    report = r.config.get("report", {})
    date = report_date(r.config, r.year)
    return {
        "title": t["title"].format(year=r.year),
        "subtitle": t["subtitle"],
        "year": str(r.year),
        "organisation": report.get("organisation", ""),
        "team": report.get("team", ""),
        "team_members": team_text(r.config, r.lang),
        "date": format_date(date, r.lang),
        "date_iso": date,
        "synthetic": r.synthetic,
        "watermark": t["watermark"],
        "banner": t["banner"],
        "code_version": (r.tables.provenance or {}).get("code_version", ""),
    }


def _signatory(role: str, person: dict, t: dict) -> dict:
    return {"role": role, "position": person.get("position") or "",
            "name": person.get("name") or t["sign_line"]}  # fmt: skip


def pengesahan(r) -> dict:
    """The approval page: what is approved, by whom, where and when."""
    t = r.t
    report = r.config.get("report", {})
    team = team_text(r.config, r.lang)
    place = report.get("place") or ""
    return {
        "title": t["labels"]["pengesahan"],
        "paragraphs": [
            t["approval_text"].format(
                title=t["title"].format(year=r.year),
                team=report.get("team") or t["the_team"],
                members=t["approval_members"].format(members=team) if team else "",
                organisation=r.organisation,
            )
        ],  # fmt: skip
        "place_date": f"{place}, {format_date(report_date(r.config, r.year), r.lang)}".lstrip(", "),
        "signatories": [
            _signatory(t["prepared_role"], report.get("prepared_by") or {}, t),
            _signatory(t["approved_role"], report.get("approved_by") or {}, t),
        ],
    }


def foreword(r) -> dict:
    """The *kata pengantar*: why the report exists, what it offers, thanks; signed by the
    team's coordinator (``report.prepared_by``)."""
    t = r.t
    report = r.config.get("report", {})
    team = team_text(r.config, r.lang)
    paragraphs = [p.format(year=r.year, organisation=r.organisation,
                           team=report.get("team") or t["the_team"],
                           members=t["approval_members"].format(members=team) if team else "",
                           next=r.year + 1)
                  for p in t["foreword"]]  # fmt: skip
    signer = report.get("prepared_by") or {}
    return {
        "title": t["labels"]["foreword"],
        "paragraphs": paragraphs,
        "place_date": pengesahan(r)["place_date"],
        "signatory": _signatory("", signer, t),
    }

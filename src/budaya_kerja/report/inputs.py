"""What a report is made from: the year's processed tables (:class:`ReportTables`, read by
:func:`read_tables`) and the state every chapter reads them through (:class:`Report`: the
year, the language, the localized names, lookups). Nothing here computes a statistic."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import tables as io_tables
from budaya_kerja.messages import message
from budaya_kerja.report.tables import _comparison_rows, _text, _Year
from budaya_kerja.settings import Instrument
from budaya_kerja.text import Words, format_number, format_percent
from budaya_kerja.text import join as _join
from budaya_kerja.text.names import localize

__all__ = ["Report", "ReportTables", "read_tables"]

# Table name -> reader; a path missing or empty (a year without it) gives None.
_CSV = ["comparison", "reliability", "validity", "programmes", "targets", "response_rates",
        "funnel", "items", "item_findings", "drivers", "nonresponse", "sensitivity", "profiles",
        "attention", "evaluation", "combined", "awards", "relation", "gap"]  # fmt: skip
_SCHEMA = {"targets": "target", "awards": "penghargaan", "relation": "evaluation_relation",
           "gap": "evaluation_gap"}  # fmt: skip
_JSON = ["quality", "weighting", "evaluation_quality", "provenance"]


@dataclass
class ReportTables:
    """The processed tables of one report year (``estimates`` of this and earlier years; the
    comparison ending in this year; the others of this year), each None when absent."""

    estimates: pd.DataFrame
    comparison: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    validity: pd.DataFrame | None = None
    programmes: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    response_rates: pd.DataFrame | None = None
    funnel: pd.DataFrame | None = None
    items: pd.DataFrame | None = None
    item_findings: pd.DataFrame | None = None
    drivers: pd.DataFrame | None = None
    nonresponse: pd.DataFrame | None = None
    sensitivity: pd.DataFrame | None = None
    profiles: pd.DataFrame | None = None
    attention: pd.DataFrame | None = None
    evaluation: pd.DataFrame | None = None
    combined: pd.DataFrame | None = None
    awards: pd.DataFrame | None = None
    relation: pd.DataFrame | None = None
    gap: pd.DataFrame | None = None
    quality: dict | None = None
    weighting: dict | None = None
    evaluation_quality: dict | None = None
    provenance: dict | None = None
    rubric: object | None = None
    figures: dict = field(default_factory=dict)


def _one(value):
    """A single path from a Snakemake input (a list of zero or one path, or a path)."""
    if value is None or isinstance(value, str | Path):
        return value or None
    value = list(value)
    return value[0] if value else None


def read_tables(paths: dict) -> ReportTables:
    """Read the tables a report needs from ``paths`` (name -> path, or a list of zero or one
    path; ``estimates`` a list of every year's file), typed by their schemas."""
    known = {f.name for f in fields(ReportTables)}
    unknown = sorted(set(paths) - known - {"manifests", "rubric_file"})
    if unknown:
        raise BudayaKerjaError(message("report.unknown_tables", names=unknown))
    out = {"estimates": io_tables.read_estimates(paths["estimates"])}
    for name in _CSV:
        path = _one(paths.get(name))
        out[name] = io_tables.read_csv(path, _SCHEMA.get(name, name)) if path else None
    for name in _JSON:
        path = _one(paths.get(name))
        out[name] = io_tables.read_json(path) if path else None
    rubric = _one(paths.get("rubric_file"))
    if rubric and out["evaluation"] is not None:
        from budaya_kerja.io.rubric import load_rubric

        out["rubric"] = load_rubric(rubric)
    figures = {}
    for manifest in paths.get("manifests") or []:
        figures.update(io_tables.read_json(manifest))
    return ReportTables(**out, figures=figures)


class Report:
    """One report being written: the year, its language, the names as printed, and lookups in
    the tables every chapter shares."""

    def __init__(self, year: int, tables: ReportTables, config: dict, language: str = "id"):
        self.year = int(year)
        self.tables = tables
        self.config = config
        self.lang = Words(language, config["estimation"]["confidence"])
        self.t = _text(self.lang)
        self.instrument = localize(Instrument.from_config(config), self.lang.code)
        self.yr = _Year(tables.estimates, self.year)
        earlier = sorted(y for y in tables.estimates["year"].astype(int).unique() if y < year)
        self.y0 = earlier[-1] if earlier else None
        if tables.comparison is not None and not earlier:
            raise BudayaKerjaError(message("report.no_earlier", year=year))
        if tables.comparison is not None and len(tables.comparison):
            self.y0 = int(tables.comparison["year0"].iloc[0])
        self.comp = _comparison_rows(tables.comparison)
        self.ind = self.yr.province("index")
        if self.ind is None:
            raise BudayaKerjaError(message("report.no_index", year=year))
        report = config.get("report", {})
        self.organisation = report.get("organisation") or self.t["province"]
        # settings from the validated config (the schema's defaults filled in)
        self.mmc = float(config["comparison"]["min_meaningful_change"])
        self.alpha = float(config["comparison"]["alpha"])
        self.min_size = int(config["estimation"]["min_group_size"])
        self.synthetic = bool((tables.provenance or {}).get("synthetic")
                              or (tables.quality or {}).get("synthetic"))  # fmt: skip
        self._by_agency: dict[tuple[str, str], tuple[dict, dict]] = {}
        # Lookups a chapter builds once for every agency (550 of them nationally), by name.
        self.memo: dict[str, object] = {}

    # ------------------------------------------------------------------ lookups
    def agency_rows(self, table: str, code: str, column: str = "unit") -> pd.DataFrame | None:
        """The rows of ``self.tables.<table>`` whose ``column`` (as text) is the agency
        ``code``, in the table's order (None without the table). The table is split by agency
        once: a profile per agency must not scan every table once per agency."""
        frame = getattr(self.tables, table)
        if frame is None:
            return None
        if (table, column) not in self._by_agency:
            groups = frame.groupby(frame[column].astype(str), sort=False, dropna=False).indices
            self._by_agency[(table, column)] = (groups, {})
        groups, found = self._by_agency[(table, column)]
        code = str(code)
        if code not in found:
            found[code] = frame.iloc[groups.get(code, [])]
        return found[code]

    def rate_total(self):
        """The province's row of ``response_rates.csv``, or None without a frame."""
        rates = self.tables.response_rates
        if rates is None or not len(rates):
            return None
        total = rates[rates["unit"] == "all"]
        return total.iloc[0] if len(total) else None

    def combined_province(self):
        """The province's row of ``combined.csv`` when it has a combined index."""
        c = self.tables.combined
        if c is None or not len(c):
            return None
        rows = c[(c["unit"] == "all") & c["combined"].notna()]
        return rows.iloc[0] if len(rows) else None

    def weights(self) -> dict:
        w = self.config["evaluation"]["weights"]
        return {"ws": format_percent(100 * w["survey"], 0, self.lang),
                "we": format_percent(100 * w["evaluation"], 0, self.lang)}  # fmt: skip

    def thresholds(self) -> dict:
        f = self.config["findings"]
        return {
            "strength_min": format_percent(f["strength_min_positive"], 0, self.lang),
            "challenge_min": format_percent(f["challenge_min_negative"], 0, self.lang),
        }

    def published(self) -> dict[int, float]:
        return {int(y): float(v)
                for y, v in (self.config.get("report", {}).get("published_index") or {}).items()}  # fmt: skip

    def published_text(self) -> str:
        """'76,3 (2024)': the ministry's published figures, or a dash."""
        items = [
            f"{format_number(v, 1, self.lang)} ({y})" for y, v in sorted(self.published().items())
        ]
        return _join(items, self.lang) if items else "—"

    def evaluation_summary(self) -> list[str]:
        """The executive summary's sentences on the combined index (report/evaluation.py)."""
        from budaya_kerja.report.evaluation import summary_sentences

        return summary_sentences(self.tables.combined, self.tables.awards, self.year,
                                 self.config, self.lang.code)  # fmt: skip

    def figure(self, name: str) -> str | None:
        """The name when the figure is in the manifest (so the template can place it)."""
        return name if name in self.tables.figures else None

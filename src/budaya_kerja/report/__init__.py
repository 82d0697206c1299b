"""The PDF report: context assembly (:mod:`.context`), one module per chapter, and Typst
rendering (:mod:`.render`). The report reads the processed tables and formats them; it never
recomputes a number a rule already wrote."""

from budaya_kerja.report.context import build_context
from budaya_kerja.report.render import render_report

__all__ = ["build_context", "render_report"]

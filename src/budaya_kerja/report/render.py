"""Typst rendering: the template, the figures and ``context.json`` compiled to PDF/A-2a and
PDF/UA-1 with embedded fonts only and a fixed timestamp, so the same tables give the same bytes."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.report import fonts

__all__ = ["CONTEXT_FILE", "PDF_STANDARDS", "render_report"]

PDF_STANDARDS = ["a-2a", "ua-1"]  # archival and accessible (tagged, alt text, language)


CONTEXT_FILE = "context.json"  # the template reads this name from its own folder


def _timestamp(iso: str) -> int:
    """Unix seconds of a date (UTC midnight): the PDF's fixed creation date."""
    day = dt.date.fromisoformat(str(iso)[:10])
    return calendar.timegm(day.timetuple())


def render_report(
    context: dict, template_path: str | Path, out_pdf: str | Path, workdir: str | Path
) -> Path:
    """Compile the report: copy the template (and its sibling .typ files) and the figures into
    ``workdir`` (the Typst root), write ``context.json`` beside them, and compile to ``out_pdf``
    with embedded fonts only and the context's build date as timestamp (byte-identical builds),
    as PDF/A-2a + PDF/UA-1."""
    import typst

    template_path = Path(template_path)
    workdir = Path(workdir)
    (workdir / "figures").mkdir(parents=True, exist_ok=True)
    for source in sorted(template_path.parent.glob("*.typ")):
        shutil.copyfile(source, workdir / source.name)
    main = workdir / template_path.name
    shutil.copyfile(template_path, main)
    ctx = copy.deepcopy(context)
    for name, fig in ctx.get("figures", {}).items():
        source = Path(fig["file"])
        if not source.is_file():
            raise BudayaKerjaError(message("report.no_figure", name=name, source=source))
        target = workdir / "figures" / f"{name}{source.suffix}"
        shutil.copyfile(source, target)
        fig["file"] = f"figures/{target.name}"
    # Any text can be typeset: fallback fonts for every script, unprintable code points out.
    ctx = fonts.displayable_strings(ctx)
    font_dir = fonts.copy_fonts(workdir / "fonts")
    (workdir / CONTEXT_FILE).write_text(
        json.dumps(ctx, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

    def compile_pdf(floats: str) -> bytes:
        return typst.compile(
            str(main),
            root=str(workdir),
            font_paths=[str(font_dir)],
            ignore_system_fonts=True,
            timestamp=_timestamp(ctx["meta"]["build_date"]),
            pdf_standards=PDF_STANDARDS,
            sys_inputs={"floats": floats},
        )

    try:
        try:
            pdf = compile_pdf("auto")
        except typst.TypstError as exc:
            # Typst's tagged-PDF writer fails on some page layouts of floating figures
            # ("internal error: parent group", typst/typst#8487, #8776): the same document
            # with its figures in the text flow lays out differently and is still tagged.
            if "internal error" not in str(exc):
                raise
            print(message("report.floats_off", detail=str(exc).strip()), file=sys.stderr)
            pdf = compile_pdf("none")
    except typst.TypstError as exc:
        raise BudayaKerjaError(message("report.typst", main=main, detail=exc)) from exc
    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    out_pdf.write_bytes(pdf)
    return out_pdf

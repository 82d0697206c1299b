"""A report that fails to build never takes the last good one with it.

Snakemake deletes a job's outputs before it runs and after it fails, so each good report is
also copied to ``<year folder>/terakhir-berhasil/`` (not a declared output): when a later
build fails, that copy stays, and the stop message says where it is.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

KEPT = "terakhir-berhasil"


def last_good(pdf: str | Path) -> Path:
    """Where the last good copy of ``pdf`` is kept."""
    pdf = Path(pdf)
    return pdf.parent / KEPT / pdf.name


def keep(pdf: str | Path) -> Path:
    """Copy a freshly built ``pdf`` to :func:`last_good` (replacing it in one step)."""
    target = last_good(pdf)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".pdf.tmp")
    shutil.copyfile(pdf, partial)
    os.replace(partial, target)
    return target


def failed(year: int, pdf: str | Path, error: BaseException) -> BudayaKerjaError:
    """The one-line stop message for a report that could not be built."""
    detail = " ".join(str(error).split())[:300] or type(error).__name__
    kept = last_good(pdf)
    if kept.exists():
        return BudayaKerjaError(message("report.failed", year=year, detail=detail, kept=kept))
    return BudayaKerjaError(message("report.failed_none", year=year, detail=detail))

"""A report that fails to build never takes the last good one with it.

Snakemake deletes a job's outputs before it runs and after it fails, so each good report (and
each agency's profile) is also copied to ``terakhir-berhasil/`` beside it (not a declared
output): when a later build fails, that copy stays, and the stop message says where it is.
"""

from __future__ import annotations

import os
import shutil
import traceback
from collections.abc import Callable
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


def failed(year: int, pdf: str | Path, error: BaseException,
           unit: str | None = None) -> BudayaKerjaError:  # fmt: skip
    """The one-line stop message for a report (or ``unit``'s profile) that could not be built."""
    detail = " ".join(str(error).split())[:300] or type(error).__name__
    kept = last_good(pdf)
    if unit is not None and kept.exists():
        text = message("report.profile_failed", unit=unit, year=year, detail=detail, kept=kept)
    elif unit is not None:
        text = message("report.profile_failed_none", unit=unit, year=year, detail=detail)
    elif kept.exists():
        text = message("report.failed", year=year, detail=detail, kept=kept)
    else:
        text = message("report.failed_none", year=year, detail=detail)
    return BudayaKerjaError(text)


def build_and_keep(render: Callable[[], object], year: int, pdf: str | Path,
                   unit: str | None = None) -> Path:  # fmt: skip
    """Run ``render`` (which writes ``pdf``) and :func:`keep` the result; when it fails, the
    traceback goes to stderr (the job's log) and the stop is :func:`failed`'s one line."""
    try:
        render()
    except Exception as error:  # the last good copy stays; the log keeps the details
        traceback.print_exc()
        raise failed(year, pdf, error, unit) from None
    return keep(pdf)

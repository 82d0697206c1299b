"""Where inputs come from: the shipped synthetic demo or real survey exports.

The demo files are known by the SHA-256 of their bytes, listed in the manifest shipped inside
the package (``synthetic-manifest.json``, rewritten by ``make data``), never by their names:
a real export named ``...-sintetis.csv`` is real, and a demo file renamed is still synthetic.
The demo key and the DATA SINTETIS mark follow this alone. Real and synthetic inputs never
meet: not in one year, and not in one comparison, trend, target track or programme
evaluation (:func:`check_apart`).
"""

from __future__ import annotations

import functools
import json
import os
from importlib import resources
from pathlib import Path

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.tables import sha256
from budaya_kerja.messages import message

__all__ = [
    "MANIFEST", "check_apart", "check_same_origin", "is_synthetic", "manifest", "origin_of",
    "write_manifest",
]  # fmt: skip

MANIFEST = "synthetic-manifest.json"
SYNTHETIC, REAL = "synthetic", "real"


@functools.cache
def manifest() -> dict[str, dict]:
    """SHA-256 -> {"path", "bytes"} of every shipped synthetic file."""
    source = resources.files(__package__).joinpath(MANIFEST)
    return {entry["sha256"]: entry for entry in json.loads(source.read_text("utf-8"))["files"]}


def _sizes() -> set[int]:
    return {entry["bytes"] for entry in manifest().values()}


def is_synthetic(path: str | Path) -> bool:
    """Whether the file's bytes are one of the shipped synthetic files (only files of a
    listed size are hashed, so real exports cost a stat each)."""
    return os.path.getsize(path) in _sizes() and sha256(path) in manifest()


def origin_of(paths: list[str | Path], where: str) -> str:
    """SYNTHETIC when every file is a shipped synthetic file, REAL when none is; a mix of the
    two in one place (a year's folder) stops, naming the files to move."""
    flags = {str(p): is_synthetic(p) for p in paths}
    demo = sorted(os.path.basename(p) for p, s in flags.items() if s)
    real = sorted(os.path.basename(p) for p, s in flags.items() if not s)
    if demo and real:
        raise BudayaKerjaError(
            message("origin.mixed_files", where=where, demo=", ".join(demo), real=", ".join(real))
        )
    return SYNTHETIC if demo else REAL


def check_apart(origins: dict, raw_dir: str, demo_dir: str) -> None:
    """Stop when real and synthetic years (or a synthetic programme file beside real years,
    or the reverse) would meet in one comparison, trend or programme evaluation.

    ``origins``: year (or programme file name) -> SYNTHETIC or REAL.
    """
    demo = sorted(str(k) for k, v in origins.items() if v == SYNTHETIC)
    real = sorted(str(k) for k, v in origins.items() if v == REAL)
    if demo and real:
        raise BudayaKerjaError(
            message(
                "origin.mixed_years",
                raw=raw_dir,
                demo=", ".join(demo),
                real=", ".join(real),
                demo_dir=demo_dir,
            )  # fmt: skip
        )


def check_same_origin(synthetic0: bool, synthetic1: bool, year0: int, year1: int) -> None:
    """The comparison of two years stops when one is synthetic and the other real."""
    if bool(synthetic0) != bool(synthetic1):
        demo, real = (year0, year1) if synthetic0 else (year1, year0)
        raise BudayaKerjaError(message("origin.mixed_compare", demo=demo, real=real))


def write_manifest(paths: list[Path], root: Path, target: Path) -> None:
    """Write the manifest of the synthetic files ``paths`` (names relative to ``root``)."""
    files = [{"path": str(p.relative_to(root)), "bytes": p.stat().st_size, "sha256": sha256(p)}
             for p in sorted(paths)]  # fmt: skip
    text = json.dumps({"files": files}, indent=1, ensure_ascii=False) + "\n"
    Path(target).write_text(text, encoding="utf-8")
    manifest.cache_clear()

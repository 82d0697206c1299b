"""The house style every figure of the report (and every notebook plot) is drawn in.

Determinism: figures use matplotlib's object API (no pyplot state) inside one fixed rc context
(:func:`house_style`); SVG text is drawn as paths (no font needed downstream), element ids are
salted with a constant and the date metadata is dropped, so the same tables give the same
bytes (:func:`save`).
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.text import format_number, wording

__all__ = [
    "ANSWER_COLOURS", "DOWN", "GREY", "MAX_HEIGHT", "MIN_TYPE", "RC", "TARGET_FILL", "UP",
    "WIDTH", "YEAR_COLOURS", "axis_formatter", "house_style", "new_figure", "readable_rows", "save",
    "styled", "words", "wrap",
]  # fmt: skip

# Colours: blues for the report's years, a colour-blind-safe red/blue pair for direction.
YEAR_COLOURS = ["#9ecae1", "#4292c6", "#08519c"]
UP, DOWN, GREY = "#2166ac", "#b2182b", "#6b6b6b"
TARGET_FILL = "#c7e9c0"
ANSWER_COLOURS = {
    5: ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"],
    4: ["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"],
}

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "grid.color": "#e3e3e3",
    "grid.linewidth": 0.5,
    "hatch.linewidth": 0.5,
    "hatch.color": "#9a9a9a",
    "svg.fonttype": "path",
    "svg.hashsalt": "budaya-kerja",
    "svg.image_inline": True,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.unicode_minus": True,
    "path.simplify": False,
}
WIDTH = 6.3  # inches: the report's text width (A4 with 2.5 cm margins)
MAX_HEIGHT = 8.4  # inches: a tall figure still fits one page with its caption
MIN_TYPE = 5.0  # points: the smallest type a figure prints


def readable_rows(row_height: float) -> bool:
    """Whether rows ``row_height`` inches apart can each carry a line of type (set at 55 % of
    the row, at least :data:`MIN_TYPE`). A figure with more rows than fit its page draws them
    without per-row text: names and numbers a reader could not read anyway would only cost
    time (tens of thousands of glyph paths at 550 agencies); its caption says where they are."""
    return row_height * 72 * 0.55 >= MIN_TYPE


def house_style():
    """Context manager: the report's rc settings (for notebooks: ``with house_style(): ...``)."""
    return mpl.rc_context(RC)


def styled(func):
    """Run a plot function inside the house style (so output never depends on the user's
    matplotlibrc)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with house_style():
            return func(*args, **kwargs)

    return wrapper


def new_figure(height: float, width: float = WIDTH) -> Figure:
    """A figure of the report's width, at most :data:`MAX_HEIGHT` tall."""
    return Figure(figsize=(width, min(height, MAX_HEIGHT)), layout="constrained")


def save(fig: Figure, path: str | Path) -> None:
    """Write an SVG without dates, so the same figure gives the same bytes (a ``.png`` path
    writes a PNG, for looking at a figure)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        fig.savefig(path, format="png", metadata={"Software": None})
    else:
        fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})


def words(language: str, confidence: float = CONFIDENCE) -> dict:
    """The figures' wording (``text/<language>.yaml``, section ``figures``) at the interval
    level the report uses."""
    return wording(language, "figures", confidence)


def axis_formatter(decimals: int, language: str, suffix: str = "", absolute: bool = False):
    """Tick labels in the report's number format (``76,3``), optionally without sign."""
    return FuncFormatter(
        lambda v, _pos: format_number(abs(v) if absolute else v, decimals, language) + suffix
    )


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (a label is never
    cut: a word longer than ``width`` keeps its own line)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)

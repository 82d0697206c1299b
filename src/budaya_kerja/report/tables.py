"""What the report's chapters share: the wording of a language, table blocks for the template,
the order of ordered categories, and lookups in the processed tables (the estimates of a
year, the comparison)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.tables import as_bool
from budaya_kerja.messages import message
from budaya_kerja.rounding import published
from budaya_kerja.stats.cells import MISSING_GROUP
from budaya_kerja.text import (
    Words,
    format_number,
    wording,
)
from budaya_kerja.text.catalog import LANGUAGES
from budaya_kerja.text.names import band_label, placeholder

__all__ = ["GROUP_ORDER", "capitalised", "category_text", "count_words", "ordered_groups"]

GROUP_ORDER = [
    "all",
    "jenis_kelamin",
    "status_kepegawaian",
    "jenis_jabatan",
    "kelompok_usia",
    "unit",
]
# The blank group as the tables of any report language hold it (text.names.placeholder).
BLANK_GROUPS = frozenset(placeholder(MISSING_GROUP, language) for language in LANGUAGES)


def _text(language: str) -> dict:
    """The report's wording (``text/<language>.yaml``, section ``report``): a
    :class:`~budaya_kerja.text.Words` carries the interval level, a plain "id"/"en" means 95%."""
    if isinstance(language, Words):
        return language.texts("report")
    return wording(language, "report")


def _table(caption, columns, rows, align, widths=None, note="", size="normal", mono=(),
           label="", outlined=True) -> dict:  # fmt: skip
    """A table for the template: header, rows of strings, per-column alignment and widths;
    ``label`` names it for cross-references ("Tabel 4" in a recommendation). A row of
    another width than the header would shift every cell after it, so it stops here."""
    widths_seen = {len(r) for r in rows} - {len(columns)}
    if widths_seen or len(align) != len(columns):
        raise ValueError(
            f"table {caption!r}: {len(columns)} columns in the header, rows of "
            f"{sorted(widths_seen) or len(columns)} cells and {len(align)} alignments"
        )
    return {
        "caption": caption,
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "align": list(align),
        "widths": list(widths or ["auto"] * len(columns)),
        "note": note,
        "size": size,
        "mono": list(mono),
        "label": label,
        "outlined": outlined,
    }


def ordered_groups(groups, group_by: str, config: dict) -> list:
    """The groups of an ordered breakdown in their natural order, not the alphabet's: age
    bands by their bounds (<30, 30–39, 40–49, 50+), position types as the configuration lists
    them (JPT, Administrator, Pengawas, Fungsional, Pelaksana), others alphabetically; the
    blank group last (in any report language).

    >>> ordered_groups(["50+", "30–39", "<30", "40–49"], "kelompok_usia", {})
    ['<30', '30–39', '40–49', '50+']
    >>> ordered_groups(["(not answered)", "P", "L"], "jenis_kelamin", {})
    ['L', 'P', '(not answered)']
    """
    listed = list(dict.fromkeys(config.get("demographics", {}).get(group_by, {}).values())) \
        if isinstance(config.get("demographics", {}).get(group_by), dict) else []  # fmt: skip

    def key(group):
        text = str(group)
        if text in BLANK_GROUPS:
            return (3, 0.0, text)
        if text in listed:
            return (0, float(listed.index(text)), text)
        number = re.match(r"^\s*([<>≤≥]?)\s*(\d+(?:[.,]\d+)?)", text)
        if number:
            value = float(number.group(2).replace(",", "."))
            return (1, value - (0.5 if number.group(1) in "<≤" and number.group(1) else 0), text)
        return (2, 0.0, text.lower())

    return sorted(groups, key=key)


class _Year:
    """The rows of one year's estimates, looked up by (group_by, group, measure)."""

    def __init__(self, estimates: pd.DataFrame, year: int):
        est = estimates[estimates["year"].astype(int) == int(year)].copy()
        if est.empty:
            raise BudayaKerjaError(message("report.no_estimates", year=year))
        est["suppressed"] = as_bool(est["suppressed"])
        est["category_certain"] = as_bool(est["category_certain"])
        est["group_label"] = (
            est["group_label"].astype("object").where(est["group_label"].notna(), est["group"])
        )
        self.year = int(year)
        self.rows = est
        self.by_key = est.set_index(["group_by", "group", "measure"])
        # Row position of each key (the first, when a key repeats) and the rows looked up so
        # far: a report of 550 agencies asks for ~25,000 rows, many of them again and again,
        # and a MultiIndex lookup costs half a millisecond.
        keys = zip(est["group_by"], est["group"], est["measure"], strict=True)
        self._position: dict[tuple, int] = {}
        for i, key in enumerate(keys):
            self._position.setdefault(key, i)
        self._found: dict[tuple, pd.Series | None] = {}

    def get(self, group_by: str, group: str, measure: str):
        key = (group_by, group, measure)
        if key not in self._found:
            i = self._position.get(key)
            self._found[key] = None if i is None else self.by_key.iloc[i]
        return self._found[key]

    def province(self, measure: str):
        row = self.get("all", "all", measure)
        if row is None or row["suppressed"] or not np.isfinite(row["estimate"]):
            return None
        return row

    def groups(self, group_by: str, measure: str) -> pd.DataFrame:
        r = self.rows
        return r[(r["group_by"] == group_by) & (r["measure"] == measure)]

    def label(self, unit: str) -> str:
        """An agency's name (its code when unknown)."""
        row = self.get("unit", unit, "index")
        return str(row["group_label"]) if row is not None else str(unit)


def _comparison_rows(comparison: pd.DataFrame | None) -> pd.DataFrame | None:
    if comparison is None or len(comparison) == 0:
        return None
    c = comparison.copy()
    for col in ("tested", "significant", "material"):
        c[col] = as_bool(c[col])
    c["group"] = c["group"].astype("string")
    return c.set_index(["group_by", "group", "measure"], drop=False)


def _change(comp, group_by, group, measure):
    if comp is None:
        return None
    try:
        row = comp.loc[(group_by, group, measure)]
    except KeyError:
        return None
    return row.iloc[0] if isinstance(row, pd.DataFrame) else row


def _published_rates(response_rates: pd.DataFrame | None) -> pd.DataFrame:
    """The agencies' published rows of ``response_rates.csv`` (not the total, not hidden)."""
    if response_rates is None or not len(response_rates):
        return pd.DataFrame(columns=["unit", "unit_label", "rate"])
    rows = response_rates[(response_rates["unit"] != "all")]
    return rows[~as_bool(rows["suppressed"]) & rows["rate"].notna()]


def below_half(rates: pd.DataFrame) -> pd.Series:
    """Whether each agency's response rate is below 50 % as printed (a whole percent,
    rounding.py), so an agency shown at "50%" is never listed as below 50 %."""
    return pd.Series(published(100 * rates["rate"].to_numpy(dtype=float), 0) < 50,
                     index=rates.index)  # fmt: skip


def category_text(row, lang="id") -> str:
    """The category when the whole interval lies in one band; otherwise the bands the
    interval spans ('Cukup Sehat–Sehat'), so no agency is called Sehat on a straddling CI."""
    if row.category_certain:
        return band_label(str(row.category), lang)
    return f"{band_label(row.category_low, lang)}–{band_label(row.category_high, lang)}"


def _top_band(bands) -> str:
    return max(bands, key=lambda b: b["min"])["label"]


def _num(x, decimals, lang):
    return format_number(x, decimals, lang)


def count_words(n: int, total: int, t: dict) -> str:
    """'ketujuh' / 'semua 21' when all, else '5 dari 7' (the wording's ``count_all_*`` and
    ``count_some`` keys), so the report never writes '7 dari tujuh'."""
    if n == total:
        return t["count_all"].format(total=total)
    return t["count_some"].format(n=n, total=total)


def capitalised(text: str) -> str:
    """The text with its first letter upper case (a count that opens a sentence).

    >>> capitalised("seluruh 7")
    'Seluruh 7'
    """
    return text[:1].upper() + text[1:]

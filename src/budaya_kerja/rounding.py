"""The one rounding rule of the project: numbers are published rounded half away from zero on
the decimal digits people read (76,25 -> 76,3), and every label decided from a number (its
category, whether a change is material, whether a target is met) is decided on the value as
published, so a reader never sees "75,0" beside *Cukup Sehat*.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

__all__ = ["DECIMALS", "direction", "published", "round_half_up"]

DECIMALS = 1  # the report's precision for scores, changes and target distances


def round_half_up(x, decimals: int = DECIMALS) -> float:
    """``x`` rounded half away from zero on its shortest decimal representation (``repr``),
    so 74.95 -> 75.0 and 74.99999999999999 -> 75.0, as the formatter prints them; NaN stays.

    >>> round_half_up(74.95), round_half_up(74.94999), round_half_up(-2.25)
    (75.0, 74.9, -2.3)
    """
    value = float(x)
    if not math.isfinite(value):
        return value
    with localcontext() as ctx:
        ctx.prec = 60
        q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(q)


def published(values, decimals: int = DECIMALS) -> np.ndarray:
    """:func:`round_half_up` of every value of an array (each distinct value computed once)."""
    array = np.asarray(values, dtype="float64")
    distinct, inverse = np.unique(array, return_inverse=True)
    rounded = np.array([round_half_up(v, decimals) for v in distinct], dtype="float64")
    return rounded[inverse].reshape(array.shape) if array.size else array.copy()


def direction(values, decimals: int = DECIMALS) -> np.ndarray:
    """+1, -1 or 0 per value: the sign of the value as published, so a change printed "0,0"
    is called neither a rise nor a fall (NaN stays NaN).

    >>> direction([0.04, -0.06, -0.04, 1.2]).tolist()
    [0.0, -1.0, 0.0, 1.0]
    """
    return np.sign(published(values, decimals)) + 0.0  # + 0.0: no -0.0

"""The one rounding rule (budaya_kerja.rounding): numbers are rounded half away from zero on
their shortest decimal representation, and no other module keeps a rounding rule of its own
(a second copy drifts: a fixed number of decimals, another treatment of NaN)."""

import ast

import numpy as np

from budaya_kerja.rounding import published, round_half_up
from budaya_kerja.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "budaya_kerja"


def test_half_away_from_zero_on_the_printed_digits():
    assert round_half_up(74.95) == 75.0 and round_half_up(74.99999999999999) == 75.0
    assert round_half_up(-2.25) == -2.3 and round_half_up(49.7, 0) == 50.0
    out = published([74.95, np.nan, 74.94999, 74.95])
    assert np.array_equal(out, [75.0, np.nan, 74.9, 75.0], equal_nan=True)


def test_no_module_keeps_a_rounding_rule_of_its_own():
    own = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "rounding.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            defines = isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith(
                "round"
            )
            half_up = (
                isinstance(node, ast.ImportFrom)
                and node.module == "decimal"
                and any(a.name.startswith("ROUND_") for a in node.names)
            )
            if defines or half_up:
                own.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert own == [], f"rounding rules outside budaya_kerja/rounding.py: {own}"

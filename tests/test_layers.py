"""The package's layers import only downward: io -> stats -> text -> {figures, report}.

The base modules (errors, settings, rounding, messages) serve every layer; figures and report
are peers (neither imports the other); synthetic (the demo generator) may use anything below
figures; the public API (``api``) sits on io and stats beside text, and nothing below imports it;
nothing in the package imports snakemake.
"""

import ast

import pytest

from budaya_kerja.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "budaya_kerja"
RANK = {
    "base": 0,
    "io": 1,
    "stats": 2,
    "text": 3,
    "api": 3,
    "figures": 4,
    "report": 4,
    "synthetic": 5,
}
PEERS = {("figures", "report"), ("report", "figures")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "base"


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        yield ".".join(rel.parts).removesuffix(".__init__"), path


@pytest.mark.parametrize("module, path", list(_modules()), ids=lambda x: str(x))
def test_imports_go_down_the_layers(module, path):
    own = _layer(module)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{module}: relative import (use budaya_kerja.<layer>...)"
            names = [node.module]
        for name in names:
            assert not name.startswith("snakemake"), f"{module} imports {name}"
            if not name.startswith("budaya_kerja"):
                continue
            if name == "budaya_kerja":
                continue
            theirs = _layer(name)
            assert (own, theirs) not in PEERS, f"{module} ({own}) imports {name} ({theirs})"
            assert RANK[theirs] <= RANK[own], f"{module} ({own}) imports {name} ({theirs})"

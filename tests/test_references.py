"""Every dotted reference to the package in the code, docs and config comments names a
module or object that exists (a move between layers leaves no stale path behind)."""

from __future__ import annotations

import importlib
import re
import subprocess

from budaya_kerja.settings import REPO_ROOT

SUFFIXES = (".py", ".md", ".yaml", ".smk", ".typ", ".toml", ".cff", "Snakefile", "Makefile")
REFERENCE = re.compile(r"\bbudaya_kerja(?:\.[A-Za-z_]\w*)+")


def _resolves(reference: str) -> bool:
    """The longest importable module of ``reference``, then its attributes in turn."""
    parts = reference.split(".")
    for i in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_every_dotted_reference_to_the_package_resolves():
    listed = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True,
                            check=True).stdout.split()  # fmt: skip
    files = [
        f
        for f in listed
        if f.endswith(SUFFIXES) and not f.startswith("data/") and f != "CHANGELOG.md"
    ]  # fmt: skip (the changelog names old paths on purpose)
    stale = []
    for name in files:
        text = (REPO_ROOT / name).read_text(encoding="utf-8", errors="replace")
        for match in REFERENCE.finditer(text):
            reference = match.group(0).rstrip(".")
            # A quoted name is a label (a workbook's creator), not a reference.
            quoted = text[match.start() - 1 : match.start()] in ("'", '"')
            if (
                quoted
                or reference.endswith((".py", ".yaml", ".typ", ".json"))
                or _resolves(reference)
            ):
                continue
            stale.append(f"{name}:{text.count(chr(10), 0, match.start()) + 1} {reference}")
    assert stale == []


def test_a_stale_reference_is_found():
    assert _resolves("budaya_kerja.io.clean.clean_files")
    assert not _resolves("budaya_kerja" + ".clean.clean_files")
    assert not _resolves("budaya_kerja.io.clean" + ".no_such_function")

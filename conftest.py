"""Fixtures for the tests and for the docstrings' examples (``--doctest-modules``): the
shipped demo built by the workflow, for the public API's examples (``DEMO`` in their
namespace), which run with the slow tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

from budaya_kerja.settings import REPO_ROOT

# The public API's examples that read a project's tables: they run on the demo project.
NEEDS_DEMO = {f"budaya_kerja.api.{name}" for name in (
    "load", "compare", "reliability", "drivers", "funnel", "item_distribution")}  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, DoctestItem) and item.name in NEEDS_DEMO:
            item.add_marker(pytest.mark.slow)  # the demo is built by the workflow first


@pytest.fixture(autouse=True)
def _demo_for_api_examples(request, doctest_namespace):
    if isinstance(request.node, DoctestItem) and request.node.name in NEEDS_DEMO:
        doctest_namespace["DEMO"] = request.getfixturevalue("demo_project")


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Path:
    """A fresh project directory (nothing in data/raw/) in which `snakemake` built the shipped
    demo: its tables are in data/processed/contoh/, as after `make report` in a new clone."""
    import os
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("demo") / "project"
    (root / "data" / "raw").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("BUDAYA_KERJA_KEY", "NO_COLOR")}
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "-d", str(root)],
        capture_output=True, text=True, env=env, timeout=1800,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root

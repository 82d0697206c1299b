"""The code version printed in every report: package version and commit, dirty only for code."""

import shutil
import subprocess

import pytest

from budaya_kerja import __version__
from budaya_kerja.io import provenance
from budaya_kerja.settings import REPO_ROOT


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)  # fmt: skip


def test_configuration_edits_are_not_dirty_code(tmp_path):
    repo = tmp_path / "repo"
    for path in ["src/budaya_kerja/x.py", "workflow/rules/a.smk", "Snakefile",
                 "config/units.yaml", "config/config.yaml", "README.md"]:  # fmt: skip
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text("one\n")
    _git(tmp_path, "init", "-q", str(repo))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    clean = f"{__version__}+g{commit}"
    assert provenance.code_version(repo) == clean
    # What the README asks of analysts: agency aliases, settings. Still clean.
    (repo / "config/units.yaml").write_text("two\n")
    (repo / "config/config.yaml").write_text("two\n")
    (repo / "README.md").write_text("two\n")
    (repo / "data").mkdir()
    (repo / "data/new.csv").write_text("x\n")
    assert provenance.code_version(repo) == clean
    # Code: a changed module, a new rule file, the Snakefile.
    for path in ["src/budaya_kerja/x.py", "workflow/rules/b.smk", "Snakefile"]:
        before = (repo / path).read_text() if (repo / path).exists() else None
        (repo / path).write_text("changed\n")
        assert provenance.code_version(repo) == f"{clean}.dirty", path
        if before is None:
            (repo / path).unlink()
        else:
            (repo / path).write_text(before)
    assert provenance.code_version(repo) == clean
    # The release commit, tagged v<version>: the plain version.
    _git(repo, "tag", "-a", f"v{__version__}", "-m", "release")
    assert provenance.code_version(repo) == __version__
    (repo / "Snakefile").write_text("changed\n")
    assert provenance.code_version(repo) == f"{__version__}+dirty"


def test_outside_a_checkout_the_package_version(tmp_path):
    assert provenance.code_version(tmp_path) == __version__


STEPS = ("make_figures", "build_report", "write_workbook", "score_values")


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the package and the workflow scripts, to edit without touching the checkout."""
    package = tmp_path / "budaya_kerja"
    shutil.copytree(REPO_ROOT / "src" / "budaya_kerja", package,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    scripts = REPO_ROOT / "workflow" / "scripts"
    return package, {step: scripts / f"{step}.py" for step in STEPS}


def _digests(package, scripts):
    return {step: provenance.code_digest(script, package) for step, script in scripts.items()}


@pytest.mark.parametrize(
    ("data_file", "changed"),
    [
        ("text/id.yaml", {"make_figures", "build_report", "write_workbook"}),
        ("text/en.yaml", {"make_figures", "build_report", "write_workbook"}),
        ("report/workbook.yaml", {"build_report", "write_workbook"}),
        ("report/templates/laporan.typ", {"build_report", "write_workbook"}),
        ("locale/id.yaml", set(STEPS)),
        ("schemas/tables/estimates.schema.yaml", set(STEPS)),
    ],
)
def test_editing_package_data_reruns_the_steps_that_read_it(package_copy, data_file, changed):
    package, scripts = package_copy
    before = _digests(package, scripts)
    with (package / data_file).open("a", encoding="utf-8") as out:
        out.write("\n# edited\n")
    after = _digests(package, scripts)
    assert {step for step in STEPS if after[step] != before[step]} == changed


def test_editing_a_parent_package_reruns_the_steps_under_it(package_copy):
    """Importing budaya_kerja.stats.items runs stats/__init__.py: it is code of every step that
    uses the statistics, also one (write_workbook) that never imports ``budaya_kerja.stats``."""
    package, scripts = package_copy
    before = _digests(package, scripts)
    with (package / "stats" / "__init__.py").open("a", encoding="utf-8") as out:
        out.write("\n# edited\n")
    after = _digests(package, scripts)
    assert {step for step in STEPS if after[step] != before[step]} == set(STEPS)

"""The code version printed in every report: package version and commit, dirty only for code."""

import subprocess

from budaya_kerja import __version__
from budaya_kerja.io import provenance


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

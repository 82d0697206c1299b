"""The project installs from its own files: pins agree, real data stays out of git."""

import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from budaya_kerja.settings import REPO_ROOT


def _pins_pyproject():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", d).groups() for d in deps)


def _pins_conda(path):
    spec = yaml.safe_load(path.read_text())
    pins = {}
    for dep in spec["dependencies"]:
        for item in dep["pip"] if isinstance(dep, dict) else [dep]:
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", item)
            if match:
                pins[match[1]] = match[2]
    return pins


@pytest.mark.parametrize("path", ["environment.yml", "workflow/envs/analysis.yaml"])
def test_conda_environment_pins_match_pyproject(path):
    def norm(pins):
        return {k.lower().replace("_", "-"): v for k, v in pins.items()}

    assert norm(_pins_conda(REPO_ROOT / path)) == norm(_pins_pyproject())


def test_gitignore_keeps_real_survey_data_out(tmp_path):
    paths = ["data/raw/2025/survei-opd.csv", "data/raw/2025/populasi.csv",
             "data/raw/2026/export.xlsx", "data/raw/program.csv", "data/processed/2025/x.csv",
             "data/raw/2025/survei-2025-gform-sintetis.csv", "data/raw/program-sintetis.csv",
             "data/raw/2026/README.md", "reports/contoh/2024/laporan-evaluasi-2024.pdf",
             "data/contoh/2025/survei-2025-gform-sintetis.csv", "data/contoh/program-sintetis.csv",
             "data/raw/README.md"]  # fmt: skip
    shutil.copy(REPO_ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--no-index", *paths],
                            capture_output=True, text=True)  # fmt: skip
    ignored = set(result.stdout.split())
    assert ignored == set(paths[:9])


def test_xlsx_tables_are_byte_identical(tmp_path):
    import time

    import pandas as pd

    from budaya_kerja.io.tables import write_xlsx

    frame = pd.DataFrame({"a": [1.5, 2.0], "b": ["x", "y"]})
    write_xlsx({"s": frame}, tmp_path / "a.xlsx")
    time.sleep(1.1)  # openpyxl stamps the second of saving
    write_xlsx({"s": frame}, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert pd.read_excel(tmp_path / "b.xlsx", engine="openpyxl").equals(frame)


def test_no_test_reads_the_analysts_data_raw():
    """Tests use generated data or the shipped demo (data/contoh), never what an analyst put
    in the repo's data/raw/ (a test that counted those files broke `make test`)."""
    pattern = re.compile(r"REPO_ROOT\s*/\s*\"data\"\s*/\s*\"raw\"|REPO_ROOT\s*/\s*\"data/raw")
    offenders = [
        p.name for p in (REPO_ROOT / "tests").glob("*.py") if pattern.search(p.read_text())
    ]
    assert offenders == []
    # Nor does a test run the workflow in the repo itself (parsing the Snakefile there reads
    # and checks data/raw/): every snakemake call names a project directory with -d.
    calls = re.compile(r"\(\s*\[(?:\*SNAKEMAKE|sys\.executable, \"-m\", \"snakemake\")[^\]]*\]")
    undirected = [
        p.name for p in (REPO_ROOT / "tests").glob("*.py")
        for call in calls.findall(p.read_text()) if '"-d"' not in call and "--version" not in call
    ]  # fmt: skip
    assert undirected == []


def test_the_version_is_one_number_everywhere():
    import budaya_kerja

    version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert budaya_kerja.__version__ == version
    citation = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == version and citation["license"] == "MIT"
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(version)}\] - (Unreleased|\d{{4}}-\d\d-\d\d)$", changelog,
                     re.M)  # fmt: skip
    licence = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "MIT" in str(
        tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["license"]
    )

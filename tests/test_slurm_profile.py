"""profiles/slurm parses under snakemake-executor-plugin-slurm and sizes every rule; each rule
asks for its own memory (workflow/memory.yaml), grown with its inputs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from budaya_kerja.settings import REPO_ROOT

from .benchdata import make_project

PROFILE = REPO_ROOT / "profiles" / "slurm"
SIZED = ("runtime", "cpus_per_task")  # by the profile; mem_mb by each rule (memory.yaml)
MEMORY = yaml.safe_load((REPO_ROOT / "workflow" / "memory.yaml").read_text())["rules"]


@pytest.fixture(scope="module")
def profile() -> dict:
    return yaml.safe_load((PROFILE / "config.yaml").read_text())


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory) -> str:
    """`snakemake -n --profile profiles/slurm` on a tiny benchmark project, its estimation
    split into three parts by agency (as national data would be)."""
    work = make_project(tmp_path_factory.mktemp("slurm") / "project")
    (work / "parts.yaml").write_text("estimation:\n  parts: 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "-d", str(work),
         "-n", "--profile", str(PROFILE), "--configfile", str(work / "parts.yaml")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def jobs(output: str) -> list[tuple[str, dict]]:
    """(rule, resources) of every job the dry run lists."""
    found = []
    for block in re.split(r"\n(?=\[[^\]]+\]\n(?:local)?rule )", output):
        rule = re.search(r"^(?:local)?rule (\w+):", block, re.M)
        resources = re.search(r"^\s+resources: (.*)$", block, re.M)
        if rule:
            pairs = resources[1].split(", ") if resources else []
            found.append((rule[1], dict(p.split("=", 1) for p in pairs)))
    return found


def test_profile_uses_the_slurm_executor(profile):
    assert profile["executor"] == "slurm"
    assert set(SIZED) <= set(profile["default-resources"])


def test_every_rule_gets_the_profiles_resources(dry_run, profile):
    listed = jobs(dry_run)
    rules = {rule for rule, _ in listed} - {"all"}
    assert rules <= set(profile["set-resources"]), "every rule is sized in set-resources"
    for rule, resources in listed:
        if rule == "all":
            continue
        expected = {**profile["default-resources"], **profile["set-resources"][rule]}
        for key in SIZED:
            assert resources.get(key) == str(expected[key]), (rule, key, resources)
        assert "mem_mb" not in expected, f"{rule}: its memory comes from workflow/memory.yaml"


def test_every_job_asks_for_its_models_memory(dry_run):
    """A job's mem_mb is its rule's base plus per_input_mb x its inputs' MB. The inputs the
    workflow has yet to write have no size before the run, so Snakemake decides those jobs'
    memory when their inputs are there; cleaning reads the exports, which are."""
    asked = {}
    for rule, resources in jobs(dry_run):
        if rule == "all":
            continue
        model = MEMORY[re.sub(r"_\d+$", "", rule)]
        asked[rule] = resources.get("mem_mb")
        if resources.get("mem_mb") == "<TBD>":
            continue
        assert int(resources["mem_mb"]) >= model["base"], (rule, resources)
        if model["per_input_mb"] == 0:
            assert int(resources["mem_mb"]) == model["base"], (rule, resources)
    assert int(asked["clean_responses"]) > MEMORY["clean_responses"]["base"]  # grows


def test_a_memory_budget_caps_every_job(tmp_path):
    """`--resources mem_mb=N`: no job asks for more than N, so a larger one runs alone (else
    Snakemake would refuse to run it at all)."""
    work = make_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "-d", str(work),
         "-n", "--resources", "mem_mb=300"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    asked = {rule: resources["mem_mb"] for rule, resources in jobs(result.stdout + result.stderr)
             if rule != "all" and resources.get("mem_mb") not in (None, "<TBD>")}  # fmt: skip
    assert asked["clean_responses"] == "300"  # its model's base (350) is above the budget
    assert all(int(mem) <= 300 for mem in asked.values()), asked


def test_the_profile_sizes_only_rules_of_the_workflow(profile, tmp_path):
    listed = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"), "-d",
         str(tmp_path), "--list-rules"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    rules = {line for line in listed.stdout.split("\n") if re.fullmatch(r"\w+", line)}
    assert "clean_responses" in rules
    assert set(profile["set-resources"]) <= rules
    assert rules - {"all"} <= set(profile["set-resources"])


def test_the_dry_run_lists_every_stage_of_both_years(dry_run):
    counts = {}
    for rule, _ in jobs(dry_run):
        counts[rule] = counts.get(rule, 0) + 1
    assert counts["clean_responses"] == counts["estimate_groups"] == 2
    assert counts["sum_cells"] == 6  # three parts of the agencies a year
    assert counts["compare_years"] == 1

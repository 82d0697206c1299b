"""`make bench`'s bookkeeping, without running the pipeline: stages from rules and files, the
memory Snakemake gave each job, and how cost grows with size."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import run

RECORD = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"


def _record(path, seconds, rss, cpu):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RECORD + f"{seconds}\t0:00:01\t{rss}\t0\t0\t0\t0\t0\t0\t{cpu}\n")


def test_a_stage_adds_its_jobs_and_keeps_the_largest_peak(tmp_path):
    bench = tmp_path / "benchmarks"
    _record(bench / "sum_cells" / "1-2024.tsv", 2.0, 300.0, 1.5)
    _record(bench / "sum_cells" / "2-2024.tsv", 3.0, 500.0, 2.5)
    _record(bench / "estimate_groups" / "2024.tsv", 1.0, 400.0, 0.5)
    _record(bench / "build_profiles" / "2024" / "1.tsv", 4.0, 250.0, 3.0)
    _record(bench / "build_profiles" / "2024" / "2.tsv", 5.0, 260.0, 4.0)
    _record(bench / "compare_years" / "2024-2025.tsv", 6.0, 700.0, 5.0)
    stages = run.stage_benchmarks(tmp_path)
    assert stages[("estimate_groups", "2024")] == {"wall_s": 6.0, "cpu_s": 4.5,
                                                   "max_rss_mib": 500.0}  # fmt: skip
    assert stages[("build_profiles", "2024")] == {"wall_s": 9.0, "cpu_s": 7.0,
                                                  "max_rss_mib": 260.0}  # fmt: skip
    assert ("compare_years", "2024-2025") in stages and len(stages) == 3


def test_every_rule_of_the_workflow_is_a_stage():
    assert run.stage_of("build_profiles_3") == "build_profiles"
    assert run.stage_of("sum_cells") == "estimate_groups"
    assert run.stage_of("clean_responses") == "clean_responses"


def test_the_model_is_the_largest_memory_a_stages_jobs_were_given():
    log = "\n".join([
        "[Mon Nov 30 04:00:00 2026]", "localrule sum_cells:", "    jobid: 3",
        "    wildcards: year=2024, part=1", "    resources: tmpdir=/tmp, mem_mb=900, mem_mib=859",
        "[Mon Nov 30 04:00:01 2026]", "localrule sum_cells:", "    jobid: 4",
        "    wildcards: year=2024, part=2", "    resources: tmpdir=/tmp, mem_mb=1200, mem_mib=1145",
        "[Mon Nov 30 04:00:02 2026]", "localrule compare_years:", "    jobid: 5",
        "    wildcards: y0=2024, y1=2025", "    resources: tmpdir=/tmp, mem_mb=3000, mem_mib=2862",
        "[Mon Nov 30 04:00:03 2026]", "localrule all:", "    jobid: 0",
        "    resources: tmpdir=/tmp",
    ])  # fmt: skip
    assert run.modelled_memory(log) == {("estimate_groups", "2024"): 1145.0,
                                        ("compare_years", "2024-2025"): 2862.0}  # fmt: skip


def test_growth_is_the_exponent_of_cost_in_size():
    rows = []
    for size, cpu, rss in [(100, 1.0, 200.0), (1000, 10.0, 200.0), (10000, 100.0, 2000.0)]:
        rows.append({"label": "x", "size": size, "stage": "linear", "year": "2024",
                     "status": "ok", "cpu_s": cpu, "max_rss_mib": rss})  # fmt: skip
        rows.append({"label": "x", "size": size, "stage": "fixed", "year": "2024",
                     "status": "ok", "cpu_s": 5.0, "max_rss_mib": 300.0})  # fmt: skip
    rows.append({"label": "other", "size": 100, "stage": "linear", "year": "2024",
                 "status": "ok", "cpu_s": 50.0, "max_rss_mib": 1.0})  # fmt: skip
    table = run.growth(pd.DataFrame(rows), "x").set_index(["stage", "from"])
    assert table.loc[("linear", 100), "cpu_exponent"] == pytest.approx(1.0)
    assert table.loc[("linear", 100), "memory_exponent"] == pytest.approx(0.0)
    assert table.loc[("linear", 1000), "memory_exponent"] == pytest.approx(1.0)
    assert (table.loc["fixed", "cpu_exponent"] == 0).all()
    assert len(table) == 4  # two steps per stage; the other label is not mixed in

"""``make bench``: the whole pipeline on national-scale synthetic data, stage by stage.

For each size (respondents a year) it generates a benchmark project outside the repo
(:mod:`benchmarks.generate`), runs ``snakemake -s <repo>/Snakefile -d <work>`` on it (PDF
included), and collects:

- per stage and year, from Snakemake's ``benchmark:`` files (``benchmarks/<rule>/<wildcards>
  .tsv`` in the working directory): wall seconds, CPU seconds, peak RSS; rows per second
  (CPU and peak also from the run's own sampler, which sees long jobs to their end);
- the whole run: wall seconds and the peak memory of all its processes together, sampled
  from the process tree every ``SAMPLE_SECONDS`` (a run over ``--timeout`` or ``--mem-limit``
  is stopped; the stages that had not finished are recorded as stopped, with their peak);
- beside clean, score and estimate, the floor measured in the same run (:mod:`benchmarks.floor`)
  and the ratios stage / floor of wall time and of CPU time (the CPU ratio holds up when
  other work shares the machine); the floor's estimates are checked against ``estimates.csv``;
- at the ``--peer-sizes``, the R peer (``benchmarks/peer.R``) on the first year, when Rscript
  is installed (else a note is printed).

Results replace the rows of the same label and size in ``benchmarks/results.csv`` and are
printed as a table. Usage: ``python -m benchmarks.run --sizes 1e5,1e6 --label baseline``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

from benchmarks import floor, generate
from budaya_kerja.settings import REPO_ROOT, Instrument, load_config

DEFAULT_WORK = Path("/tmp/budaya-kerja-bench")
DEFAULT_SIZES = "1e5,1e6,4.3e6"
RESULTS = REPO_ROOT / "benchmarks" / "results.csv"
SAMPLE_SECONDS = 0.2
# The generated exports are not the shipped demo files, so they are pseudonymised with a key
# from the environment, as real exports are: this one, public, for benchmark data only.
BENCH_KEY = "budaya-kerja benchmark key: synthetic national data only"
MIN_AVAILABLE = 2 * 2**30  # stop a run when the machine has less memory left than this
# Stages in pipeline order; each is a rule of the workflow (and its benchmark folder).
STAGES = [
    "clean_responses", "score_values", "estimate_groups", "assess_reliability",
    "assess_validity", "compare_years", "check_nonresponse", "find_item_findings",
    "profile_agencies", "track_targets", "evaluate_programmes", "make_figures", "build_report",
    "write_workbook", "build_profiles",
]  # fmt: skip
FLOOR_OF = {"clean_responses": "read", "score_values": "score", "estimate_groups": "estimate"}
# Rules timed as part of a stage: the estimation's sums per part of the agencies (sum_cells,
# ``estimation.parts`` jobs a year) and their merge (estimate_groups) are one stage, beside
# one floor and the R peer; their CPU seconds add up, their peaks are the larger one. The
# agency profiles' batches (build_profiles_1, ...) are one stage.
STAGE_OF = {"sum_cells": "estimate_groups"}


def stage_of(rule: str) -> str:
    """The stage a rule's job belongs to."""
    return STAGE_OF.get(rule, re.sub(r"_\d+$", "", rule))


COLUMNS = [
    "label", "commit", "size", "stage", "year", "status", "rows", "wall_s", "cpu_s",
    "max_rss_mib", "mem_model_mib", "rows_per_s", "floor", "floor_s", "floor_cpu_s", "ratio", "cpu_ratio",
    "load1", "note",
]  # fmt: skip


# ----------------------------------------------------------------------------- running
@dataclass
class Job:
    """A pipeline job seen by the sampler: its rule, wildcards, peak memory and CPU time."""

    rule: str
    wildcards: str
    first_seen: float
    last_seen: float
    peak_rss: int = 0
    cpu: float = 0.0  # user + system seconds of the job's script process and its children


@dataclass
class Run:
    returncode: int | None
    wall: float
    peak_rss: int  # bytes, all processes of the run together
    stopped: str = ""  # why the run was stopped, if it was
    jobs: dict[int, Job] = field(default_factory=dict)
    output: str = ""


def _years(stem: str) -> str:
    """The year (or ``2024-2025`` pair) a job's log or benchmark file is named by: the report's
    files carry the language's stem first (``laporan-evaluasi-2025``)."""
    found = re.search(r"\d{4}(?:-\d{4})?$", stem)
    return found.group(0) if found else stem


def _job_of(process: psutil.Process) -> tuple[str, str] | None:
    """(rule, wildcards) of a job's script process, from the log file it writes to."""
    try:
        if not any(".snakemake/scripts/" in part for part in process.cmdline()):
            return None
        for opened in process.open_files():
            parts = Path(opened.path).parts
            if "logs" not in parts:
                continue
            below = parts[parts.index("logs") + 1 :]  # <rule>/<wildcards>.log or deeper
            stage = stage_of(below[0]) if len(below) > 1 else ""
            if stage in STAGES:
                return stage, _years(Path(*below[1:]).with_suffix("").as_posix().split("/")[0])
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    return None


def _cpu_seconds(process: psutil.Process) -> float:
    """User + system CPU seconds of a process and its live children."""
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_pipeline(
    work: Path, cores: int, timeout: float, mem_limit: int, mem_budget: int | None = None
) -> Run:
    """Run the workflow on ``work``; sample the memory of its whole process tree.
    ``mem_budget`` (MB) is Snakemake's ``--resources mem_mb``: only jobs whose memory
    (workflow/memory.yaml) fits it together run side by side."""
    command = [sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"),
               "-d", str(work), "--cores", str(cores)]  # fmt: skip
    if mem_budget:
        command += ["--resources", f"mem_mb={mem_budget}"]
    env = {**os.environ, "BUDAYA_KERJA_KEY": BENCH_KEY}
    log = open(work / "bench-snakemake.log", "w")
    started = time.perf_counter()
    main = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)  # fmt: skip
    run = Run(returncode=None, wall=0.0, peak_rss=0)
    done = threading.Event()

    def sample():
        root = psutil.Process(main.pid)
        while not done.is_set():
            now = time.perf_counter() - started
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in tree:
                try:
                    rss = p.memory_info().rss
                    total += rss
                    job = run.jobs.get(p.pid)
                    if job is None and p is not root:
                        found = _job_of(p)
                        if found:
                            job = run.jobs[p.pid] = Job(*found, first_seen=now, last_seen=now)
                    if job:
                        job.last_seen, job.peak_rss = now, max(job.peak_rss, rss)
                        job.cpu = max(job.cpu, _cpu_seconds(p))
                except psutil.NoSuchProcess:
                    continue
            run.peak_rss = max(run.peak_rss, total)
            # Stop at the limits, or before the machine (shared with others) runs out.
            available = psutil.virtual_memory().available
            if total > mem_limit:
                run.stopped = f"memory {total / 2**30:.1f} GiB > limit"
            elif available < MIN_AVAILABLE:
                run.stopped = (
                    f"machine has {available / 2**30:.1f} GiB left (at {total / 2**30:.1f} GiB)"
                )
            elif now > timeout:
                run.stopped = f"time {now:.0f} s > limit"
            if run.stopped:
                os.killpg(main.pid, signal.SIGKILL)  # the run's own process group
                break
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    run.returncode = main.wait()
    run.wall = time.perf_counter() - started
    done.set()
    sampler.join()
    log.close()
    run.output = (work / "bench-snakemake.log").read_text(errors="replace")
    return run


def fresh(work: Path) -> None:
    """Remove what an earlier run built, so every stage runs."""
    for part in ["data/processed", "reports", "logs", "benchmarks", ".snakemake"]:
        shutil.rmtree(work / part, ignore_errors=True)


def ensure_data(work: Path, size: int, n_orgs: int, seed: int) -> dict:
    """The benchmark project for ``size``: generated unless an identical one is there."""
    manifest_path = work / "bench-manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        same = (manifest["respondents"], manifest["organisations"], manifest["seed"],
                manifest["generator"]) == (size, n_orgs, seed, generate.generator_version())  # fmt: skip
        if same:
            manifest["reused"] = True
            return manifest
    return generate.generate(work, size, n_orgs=n_orgs, seed=seed)


# ----------------------------------------------------------------------------- collecting
def stage_benchmarks(work: Path) -> dict[tuple[str, str], dict]:
    """(stage, wildcards) -> Snakemake's benchmark records of its jobs (s, max_rss in MiB,
    cpu_time): ``benchmarks/<rule>/<wildcards>.tsv``, or ``<rule>/<year>/<batch>.tsv``."""
    out = {}
    for path in sorted((work / "benchmarks").glob("*/**/*.tsv")):
        record = pd.read_csv(path, sep="\t").iloc[-1]
        below = path.relative_to(work / "benchmarks").parts
        wildcards = _years(below[1] if len(below) > 2 else path.stem)
        key = (stage_of(below[0]), wildcards)
        seen = out.setdefault(key, {"wall_s": 0.0, "cpu_s": 0.0, "max_rss_mib": 0.0})
        seen["wall_s"] += float(record["s"])  # its jobs one after another (--cores 1)
        seen["cpu_s"] += float(record["cpu_time"])
        seen["max_rss_mib"] = max(seen["max_rss_mib"], float(record["max_rss"]))
    return out


def modelled_memory(log: str) -> dict[tuple[str, str], float]:
    """(stage, wildcards) -> the largest memory Snakemake gave its jobs (``mem_mib`` in the
    job's ``resources:`` line, from workflow/memory.yaml), to set beside the peak measured."""
    out = {}
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", log):
        rule = re.match(r"(?:local)?rule (\w+):", block)
        wildcards = re.search(r"^\s+wildcards: (.*)$", block, re.M)
        memory = re.search(r"^\s+resources: .*\bmem_mib=(\d+)", block, re.M)
        if not (rule and memory):
            continue
        years = re.findall(r"\b(?:year|y0|y1)=(\d{4})", wildcards[1] if wildcards else "")
        key = (stage_of(rule[1]), "-".join(years))
        out[key] = max(out.get(key, 0.0), float(memory[1]))
    return out


def rows_of_stage(work: Path, stage: str, wildcards: str) -> int | None:
    """Rows a stage works through: rows read for cleaning, else accepted respondents."""
    years = wildcards.split("-")
    total = 0
    for year in years:
        quality_path = work / "data" / "processed" / year / "quality.json"
        if not quality_path.exists():
            return None
        quality = json.loads(quality_path.read_text())
        total += quality["rows_read"] if stage == "clean_responses" else quality["accepted"]
    return total


def measure_floors(work: Path, years: list[str], config: dict) -> dict[tuple[str, str], dict]:
    """The floor of clean, score and estimate per year, and how well the floor's estimates
    match the pipeline's (they compute the same statistics)."""
    instrument = Instrument.from_config(config)
    out = {}
    for year in years:
        processed = work / "data" / "processed" / year
        exports = sorted(p for p in (work / "data" / "raw" / year).glob("survei*"))
        read, cpu = _timed(floor.read_floor, exports)
        note = f"skipped {', '.join(read['skipped'])}" if read["skipped"] else ""
        out[("clean_responses", year)] = {"floor": "read", "floor_s": read["seconds"],
                                          "floor_cpu_s": cpu, "note": note}  # fmt: skip
        if not (processed / "scores.parquet").exists():
            continue
        score, cpu = _timed(floor.score_floor, processed / "responses.parquet", instrument,
                            config["scoring"]["min_items_per_value"])  # fmt: skip
        out[("score_values", year)] = {"floor": "score", "floor_s": score["seconds"],
                                       "floor_cpu_s": cpu, "note": ""}  # fmt: skip
        estimate, cpu = _timed(floor.estimate_floor, processed / "scores.parquet",
                               processed / "responses.parquet", instrument,
                               config["estimation"]["group_by"])  # fmt: skip
        note = ""
        if (processed / "estimates.csv").exists():
            check = floor.compare_estimates(estimate["estimates"], processed / "estimates.csv")
            note = (f"floor vs estimates.csv: {check['compared']} rows, max |diff| estimate "
                    f"{check['max_diff_estimate']:.1e}, se {check['max_diff_se']:.1e}, "
                    f"missing {check['missing']}")  # fmt: skip
        out[("estimate_groups", year)] = {"floor": "estimate", "floor_s": estimate["seconds"],
                                          "floor_cpu_s": cpu, "note": note}  # fmt: skip
    return out


def _timed(function, *args):
    """The function's result and the CPU seconds of this process (all threads) it took."""
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def units_lookup(work: Path) -> Path:
    """Normalised agency name -> code for the R peer (the pipeline's own matching keys)."""
    from budaya_kerja.io.units import UnitMatcher, load_units

    matcher = UnitMatcher(load_units(work / "config" / "units.yaml"))
    path = work / "units-lookup.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["key", "code"])
        writer.writerows(sorted(matcher.lookup.items()))
    return path


def run_peer(work: Path, year: str) -> dict | None:
    """Time benchmarks/peer.R on one year; None (and a printed note) without R."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("note: Rscript not found; the R peer is skipped "
              "(apt-get install r-base-core r-cran-survey r-cran-readxl)")  # fmt: skip
        return None
    lookup = units_lookup(work)
    started = time.perf_counter()
    result = subprocess.run([rscript, str(REPO_ROOT / "benchmarks" / "peer.R"), str(work), year,
                             str(lookup)], capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - started
    if result.returncode != 0:
        print(f"note: the R peer failed: {result.stderr.strip()[-500:]}")
        return None
    fields = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "peer":
            fields[parts[1]] = parts[2:]
    return {"wall": wall, **fields}


# ----------------------------------------------------------------------------- results
def commit() -> str:
    def git(*args):
        return subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True,
                              text=True).stdout.strip()  # fmt: skip

    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "workflow",
                "Snakefile")  # fmt: skip
    return git("rev-parse", "--short", "HEAD") + ("-dirty" if dirty else "")


def _ratio(wall, floor_s):
    return round(wall / floor_s, 1) if wall and floor_s else None


def bench_size(size: int, args, config: dict, label: str) -> list[dict]:
    """Every row of results.csv for one size."""
    work = Path(args.work) / f"n{size}"
    manifest = ensure_data(work, size, args.orgs, args.seed)
    years = sorted(manifest["years"])
    base = {"label": label, "commit": commit(), "size": size,
            "load1": round(os.getloadavg()[0], 2)}  # fmt: skip
    rows = [{**base, "stage": "generate", "year": "all", "status": "reused"
             if manifest.get("reused") else "ok", "rows": sum(y["rows"] for y in
             manifest["years"].values()), "wall_s": manifest["seconds"],
             "note": "rows in the exports, both years"}]  # fmt: skip
    fresh(work)
    print(f"[bench] n={size:,}: running the pipeline in {work}", flush=True)
    run = run_pipeline(work, args.cores, args.timeout, int(args.mem_limit * 2**30),
                       args.mem_budget)  # fmt: skip
    measured = stage_benchmarks(work)
    modelled = modelled_memory(run.output)
    floors = measure_floors(work, years, config)
    sampled = {}  # a stage's jobs together: CPU seconds added, the largest peak
    for j in run.jobs.values():
        seen = sampled.setdefault((j.rule, j.wildcards), Job(j.rule, j.wildcards, 0.0, 0.0))
        seen.cpu, seen.peak_rss = seen.cpu + j.cpu, max(seen.peak_rss, j.peak_rss)
    for (stage, wildcards), record in sorted(measured.items(), key=lambda kv: (
            STAGES.index(kv[0][0]) if kv[0][0] in STAGES else 99, kv[0][1])):  # fmt: skip
        n = rows_of_stage(work, stage, wildcards)
        extra = floors.get((stage, wildcards), {})
        job = sampled.get((stage, wildcards))
        # Snakemake samples a job every second, then every 30 s, and keeps its last sample:
        # the run's own sampler (every 0.2 s) gives the CPU time and peak of long jobs.
        cpu = max(record["cpu_s"], job.cpu if job else 0.0)
        rss = max(record["max_rss_mib"], job.peak_rss / 2**20 if job else 0.0)
        rows.append({**base, "stage": stage, "year": wildcards, "status": "ok", "rows": n,
                     "wall_s": record["wall_s"], "cpu_s": round(cpu, 2),
                     "max_rss_mib": round(rss, 1),
                     "mem_model_mib": modelled.get((stage, wildcards)),
                     "rows_per_s": round(n / record["wall_s"]) if n else None,
                     "floor": extra.get("floor"), "floor_s": _round(extra.get("floor_s")),
                     "floor_cpu_s": _round(extra.get("floor_cpu_s")),
                     "ratio": _ratio(record["wall_s"], extra.get("floor_s")),
                     "cpu_ratio": _ratio(cpu, extra.get("floor_cpu_s")),
                     "note": extra.get("note", "")})  # fmt: skip
    for job in run.jobs.values():  # jobs that never finished (the run was stopped)
        if (job.rule, job.wildcards) not in measured:
            extra = floors.get((job.rule, job.wildcards), {})
            rows.append({**base, "stage": job.rule, "year": job.wildcards, "status": "stopped",
                         "floor": extra.get("floor"), "floor_s": _round(extra.get("floor_s")),
                         "floor_cpu_s": _round(extra.get("floor_cpu_s")),
                         "wall_s": round(job.last_seen - job.first_seen, 1),
                         "cpu_s": round(job.cpu, 2), "max_rss_mib": round(job.peak_rss / 2**20, 1),
                         "note": f"running when the run was stopped ({run.stopped})"})  # fmt: skip
    status = "ok" if run.returncode == 0 else ("stopped" if run.stopped else "failed")
    rows_read = sum(rows_of_stage(work, "clean_responses", y) or 0 for y in years)
    rows.append({**base, "stage": "total", "year": "all", "status": status, "rows": rows_read,
                 "wall_s": round(run.wall, 2),
                 "cpu_s": round(sum(r["cpu_s"] for r in rows if r["stage"] in STAGES), 2),
                 "max_rss_mib": round(run.peak_rss / 2**20, 1),
                 "rows_per_s": round(rows_read / run.wall) if rows_read else None,
                 "note": (run.stopped or ("" if status == "ok" else run.output[-300:]))
                 + "; max_rss = all concurrent processes"})  # fmt: skip
    if status == "failed":
        print(run.output[-3000:])
    if size in args.peer_sizes and not args.no_peer:
        peer = run_peer(work, years[0])
        if peer:
            ours = [r for r in rows if (r["stage"], r["year"]) == ("estimate_groups", years[0])]
            project = ours[0] if ours else {}
            for phase in ("read", "score", "estimate", "total"):
                seconds, cpu = (float(x) for x in peer[phase][:2])
                note = ""
                if phase == "estimate":
                    note = (f"index {peer['index'][0]} (se {peer['index'][1]}); "
                            f"{peer['agencies'][0]} agencies; ratio = project estimate_groups"
                            " / R estimate (wall, CPU)")  # fmt: skip
                rows.append({**base, "stage": f"r_peer_{phase}", "year": years[0],
                             "status": "ok", "rows": int(peer["rows"][0]),
                             "wall_s": round(seconds, 2), "cpu_s": round(cpu, 2),
                             "rows_per_s": round(int(peer["rows"][0]) / seconds) if seconds else None,
                             "ratio": _ratio(project.get("wall_s"), seconds)
                             if phase == "estimate" else None,
                             "cpu_ratio": _ratio(project.get("cpu_s"), cpu)
                             if phase == "estimate" else None,
                             "note": note})  # fmt: skip
    return rows


def _round(x, significant=4):
    # significant digits, not decimals: a 7 ms floor rounded to whole ms would move its ratio 7 %
    return None if x is None else float(f"{x:.{significant}g}")


def write_results(rows: list[dict], path: Path) -> pd.DataFrame:
    """Replace this run's label and sizes in the results file; keep the others."""
    new = pd.DataFrame(rows, columns=COLUMNS)
    if path.exists():
        old = pd.read_csv(path, dtype={"year": str})
        same = old["label"].isin(new["label"]) & old["size"].isin(new["size"])
        new = pd.concat([old[~same], new], ignore_index=True)
    order = {s: i for i, s in enumerate(["generate", *STAGES, "total"])}
    new["_order"] = new["stage"].map(order).fillna(len(order))
    new = new.sort_values(["label", "size", "_order", "year"], kind="stable").drop(columns="_order")
    path.parent.mkdir(parents=True, exist_ok=True)
    new.to_csv(path, index=False, lineterminator="\n")
    return new


def print_table(rows: list[dict]) -> None:
    columns = [("size", 9, ",.0f"), ("stage", 20, ""), ("year", 9, ""), ("status", 7, ""),
               ("wall_s", 8, ".2f"), ("cpu_s", 8, ".2f"), ("max_rss_mib", 8, ".0f"),
               ("mem_model_mib", 8, ".0f"),
               ("rows_per_s", 9, ",.0f"), ("floor", 8, ""), ("floor_s", 8, ".3f"),
               ("ratio", 6, ".1f"), ("cpu_ratio", 6, ".1f")]  # fmt: skip
    titles = {"wall_s": "wall s", "cpu_s": "CPU s", "max_rss_mib": "RSS MiB", "mem_model_mib": "model",
              "rows_per_s": "rows/s", "floor_s": "floor s", "cpu_ratio": "CPU r."}  # fmt: skip

    def cell(value, width, fmt):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return " " * width
        text = format(value, fmt) if fmt else str(value)
        return text.rjust(width) if fmt else text.ljust(width)

    header = " ".join(
        (titles.get(c, c).rjust(w) if f else titles.get(c, c).ljust(w)) for c, w, f in columns
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(" ".join(cell(r.get(c), w, f) for c, w, f in columns))
    for r in rows:
        if r.get("note") and r["stage"] in ("estimate_groups", "total", "r_peer_estimate"):
            print(f"  {r['size']:,} {r['stage']} {r['year']}: {r['note']}")


def print_summary(results: pd.DataFrame, label: str) -> None:
    """Stage x size: wall s (CPU s), peak GiB and the ratios to the floor, as Markdown."""
    table = results[results["label"] == label]
    sizes = sorted(table["size"].unique())
    print("\n| stage | year | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|---|" + "---|" * len(sizes))
    order = ["generate", *STAGES, "total"] + sorted(
        s for s in table["stage"].unique() if s.startswith("r_peer")
    )
    for stage in order:
        part = table[table["stage"] == stage]
        for year in sorted(part["year"].astype(str).unique()):
            cells = []
            for size in sizes:
                row = part[(part["size"] == size) & (part["year"].astype(str) == year)]
                cells.append(_summary_cell(row.iloc[0]) if len(row) else "")
            print(f"| {stage} | {year} | " + " | ".join(cells) + " |")


def growth(results: pd.DataFrame, label: str) -> pd.DataFrame:
    """Per stage and year, how CPU time and peak memory grow with respondents between each
    pair of consecutive sizes: the exponent b of cost ~ size^b (1 is linear; a fixed cost such
    as importing the libraries, or a per-agency one, gives less than 1)."""
    table = results[(results["label"] == label) & (results["status"] == "ok")]
    sizes = sorted(table["size"].unique())
    rows = []
    for (stage, year), part in table.groupby(["stage", "year"], sort=False):
        by_size = part.set_index("size")
        for small, large in zip(sizes, sizes[1:], strict=False):
            if small not in by_size.index or large not in by_size.index:
                continue
            step = np.log(large / small)
            a, b = by_size.loc[small], by_size.loc[large]
            rows.append({"stage": stage, "year": year, "from": small, "to": large,
                         "cpu_exponent": _exponent(a["cpu_s"], b["cpu_s"], step),
                         "memory_exponent": _exponent(a["max_rss_mib"], b["max_rss_mib"],
                                                      step)})  # fmt: skip
    return pd.DataFrame(rows, columns=["stage", "year", "from", "to", "cpu_exponent",
                                       "memory_exponent"])  # fmt: skip


def _exponent(small, large, step) -> float | None:
    if not (small and large) or pd.isna(small) or pd.isna(large):
        return None
    return round(float(np.log(large / small) / step), 2)


def _summary_cell(row) -> str:
    def known(x):
        return x is not None and not (isinstance(x, float) and pd.isna(x))

    text = f"{row['wall_s']:.1f} s" if known(row["wall_s"]) else "—"
    if known(row.get("cpu_s")):
        text += f" ({row['cpu_s']:.1f} CPU)"
    if known(row.get("max_rss_mib")):
        text += f", {row['max_rss_mib'] / 1024:.2f} GiB"
    if known(row.get("ratio")):
        versus = "project ÷ R" if row["stage"].startswith("r_peer") else "floor"
        text += f"; ×{row['ratio']:g} {versus}" + (
            f" (CPU ×{row['cpu_ratio']:g})" if known(row.get("cpu_ratio")) else ""
        )
    if row["status"] not in ("ok", "reused"):
        text += f" **{row['status']}**"
    return text


def parse_sizes(text: str) -> list[int]:
    return [generate.parse_size(s) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"respondents a year, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--work",
        default=str(DEFAULT_WORK),
        help=f"where the benchmark projects go (default {DEFAULT_WORK})",
    )
    parser.add_argument("--orgs", type=int, default=generate.ORGANISATIONS)
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--label", default="current", help="names this run in results.csv")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=900, help="stop a run after (s)")
    parser.add_argument("--mem-limit", type=float, default=20, help="stop a run above (GiB)")
    parser.add_argument(
        "--mem-budget",
        type=int,
        help="Snakemake's --resources mem_mb: jobs run side by side only within it (MB)",
    )
    parser.add_argument(
        "--peer-sizes",
        type=parse_sizes,
        default=parse_sizes("1e6"),
        help="sizes at which the R peer runs (default 1e6)",
    )
    parser.add_argument("--no-peer", action="store_true", help="never run the R peer")
    args = parser.parse_args(argv)  # fmt: skip
    config = load_config(REPO_ROOT / "config" / "config.yaml")
    rows, results = [], None
    for size in args.sizes:
        size_rows = bench_size(size, args, config, args.label)
        # Written after each size, so a long run keeps what it measured.
        results = write_results(size_rows, args.results)
        rows += size_rows
    print_table(rows)
    if results is not None:
        print_summary(results, args.label)
        exponents = growth(results, args.label)
        if len(exponents):
            print("\nGrowth with respondents (cost ~ size^b; 1 = linear):")
            print(exponents.to_string(index=False))
    print(f"\nwritten: {args.results}")
    return rows


if __name__ == "__main__":
    main()

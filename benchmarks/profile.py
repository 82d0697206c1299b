"""Where a stage spends its time: one job of the workflow on a benchmark project, profiled.

``python -m benchmarks.profile --stage clean_responses --work /tmp/budaya-kerja-bench/n1000000``
reruns that stage's job for one year (``snakemake --force <its output>``, nothing else) under
py-spy, a sampling profiler (little overhead; it sees time spent in C extensions), and prints
the hotspots of the job's script process: the functions holding the most samples themselves
(self), including what they call (total), and the lines of the package's code with what they
call, each as a share of the job's samples. The benchmark run must have built the job's inputs
(``make bench``); py-spy is a profiling tool, not a dependency (``pip install py-spy``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.run import BENCH_KEY
from budaya_kerja.settings import REPO_ROOT

# The output that makes Snakemake run a stage's job for one year (or pair of years).
OUTPUT = {
    "clean_responses": "{year}/responses.parquet",
    "score_values": "{year}/scores.parquet",
    "sum_cells": "{year}/cells/1.parquet",
    "estimate_groups": "{year}/estimates.csv",
    "assess_reliability": "{year}/reliability.csv",
    "assess_validity": "{year}/validity.csv",
    "compare_years": "comparison/{year}.csv",  # --year 2024-2025
}


def _frame_name(frame: str) -> str:
    """'function (path/to/module.py:12)' -> 'module.function' (py-spy's raw frame format)."""
    if " (" not in frame:
        return frame
    function, where = frame.split(" (", 1)
    path = where.rsplit(":", 1)[0]
    parts = Path(path).parts
    if "site-packages" in parts:
        module = ".".join(parts[parts.index("site-packages") + 1 :])
    elif "budaya_kerja" in parts:
        module = ".".join(parts[parts.index("budaya_kerja") :])
    else:
        module = Path(path).name
    return f"{module.removesuffix('.py')}.{function}"


def _package_line(frame: str) -> str | None:
    """'clean_year (.../budaya_kerja/clean.py:251)' -> 'clean.py:251 clean_year'."""
    if "budaya_kerja" not in frame or " (" not in frame:
        return None
    function, where = frame.split(" (", 1)
    return f"{Path(where.rstrip(')')).name} {function}"


def hotspots_from_collapsed(text: str, top: int) -> tuple[list, list, list, int]:
    """(self, total, package lines) lists of (name, share) from py-spy's collapsed stacks:
    functions holding samples themselves, functions with their callees, and the lines of the
    package's code with what they call."""
    own, total, lines, samples = Counter(), Counter(), Counter(), 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        raw = [f for f in stack.split(";") if not f.startswith("process ")]  # py-spy's root
        if not raw:
            continue
        frames = [_frame_name(f) for f in raw]
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for name in set(frames):
            if not (name.startswith("<frozen") or name.endswith("<module>")):
                total[name] += n
        for where in {_package_line(f) for f in raw} - {None}:
            lines[where] += n
    shares = [[(k, v / samples) for k, v in c.most_common(top)] for c in (own, total, lines)]
    return shares[0], shares[1], shares[2], samples


def profile(py_spy: str, stage: str, work: Path, year: str, top: int) -> None:
    target = "data/processed/" + OUTPUT[stage].format(year=year)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stacks.txt"
        command = [py_spy, "record", "--subprocesses", "--format", "raw", "--rate", "50",
                   "--nonblocking", "-o", str(out), "--",
                   sys.executable, "-m", "snakemake", "-s", str(REPO_ROOT / "Snakefile"),
                   "-d", str(work), "--cores", "1", "--rerun-triggers", "mtime",
                   "--force", target]  # fmt: skip
        env = {**os.environ, "BUDAYA_KERJA_KEY": BENCH_KEY}
        subprocess.run(command, check=True, capture_output=True, env=env)
        # Only the job's script process (Snakemake writes it as tmpXXXX.<script>.py).
        stacks = [line for line in out.read_text().splitlines() if f".{stage}.py" in line]
        own, total, lines, samples = hotspots_from_collapsed("\n".join(stacks), top)
    print(f"py-spy, {samples} samples of the {stage} job at 50 Hz ({samples / 50:.0f} s)")
    _print(own, total, lines)


def _print(own, total, lines=()) -> None:
    for title, entries in (("self", own), ("total (with callees)", total),
                           ("package lines (with callees)", lines)):  # fmt: skip
        if not entries:
            continue
        print(f"  {title}:")
        for name, share in entries:
            print(f"    {share:6.1%}  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stage", choices=sorted(OUTPUT), required=True)
    parser.add_argument("--work", type=Path, required=True, help="a benchmark project")
    parser.add_argument("--year", default="2024")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if not py_spy:
        sys.exit("py-spy is not installed: pip install py-spy")
    print(f"{args.stage} {args.year} on {args.work}:")
    profile(py_spy, args.stage, args.work, args.year, args.top)


if __name__ == "__main__":
    main()

"""Where a stage spends its time: one stage's package call on a benchmark project, profiled.

``python -m benchmarks.profile --stage clean --work /tmp/budaya-kerja-bench/n1000000``
runs what the workflow script of that stage runs (same inputs, same config) under py-spy when
it is installed (a sampling profiler: little overhead, sees time in C extensions), else under
cProfile, and prints the hotspots: the functions holding the most samples themselves (self)
and including what they call (total), each as a share of the stage's time. The benchmark run
must have built the stage's inputs first (``make bench``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

STAGES = ("clean", "estimate")


def run_stage(stage: str, work: Path, year: str) -> None:
    """The package call of the stage's workflow script, on the benchmark project's files."""
    import pandas as pd
    import yaml

    from budaya_kerja import aggregate, clean
    from budaya_kerja.settings import REPO_ROOT, Instrument, load_config, load_units

    override = yaml.safe_load((work / "config" / "config.yaml").read_text()) or {}
    config = load_config(REPO_ROOT / "config" / "config.yaml", overrides=override)
    units = load_units(work / override.get("units_file", "config/units.yaml"))
    instrument = Instrument.from_config(config)
    if stage == "clean":
        folder = work / "data" / "raw" / year
        clean.clean_files(
            [str(p) for p in sorted(folder.glob("survei*"))],
            [str(p) for p in sorted(folder.glob("populasi*.csv"))],
            units, year=int(year), instrument=instrument, settings=config,
        )  # fmt: skip
    else:
        processed = work / "data" / "processed" / year
        scores = pd.read_parquet(processed / "scores.parquet")
        responses = pd.read_parquet(processed / "responses.parquet")
        aggregate.estimate_groups(
            scores, responses, instrument, year=int(year),
            group_by=config["estimation"]["group_by"], bands=config["bands"],
            min_group_size=config["estimation"]["min_group_size"],
            confidence=config["estimation"]["confidence"],
            unit_labels={u["code"]: u["name"] for u in units["units"]},
            exclude=scores["excluded"],
        )  # fmt: skip


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
        raw = stack.split(";")
        frames = [_frame_name(f) for f in raw]
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for name in set(frames):
            if not name.startswith(("<frozen", "profile.", "<module>")):  # wrappers: ~100 %
                total[name] += n
        for where in {_package_line(f) for f in raw} - {None}:
            lines[where] += n
    shares = [[(k, v / samples) for k, v in c.most_common(top)] for c in (own, total, lines)]
    return shares[0], shares[1], shares[2], samples


def profile_with_py_spy(py_spy: str, stage: str, work: Path, year: str, top: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stacks.txt"
        command = [py_spy, "record", "--format", "raw", "--rate", "50", "--nonblocking",
                   "-o", str(out), "--", sys.executable, "-m", "benchmarks.profile",
                   "--stage", stage, "--work", str(work), "--year", year, "--inner"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        own, total, lines, samples = hotspots_from_collapsed(out.read_text(), top)
    print(f"py-spy, {samples} samples at 50 Hz ({samples / 50:.0f} s)")
    _print(own, total, lines)


def profile_with_cprofile(stage: str, work: Path, year: str, top: int) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(run_stage, stage, work, year)
    stats = pstats.Stats(profiler).stats
    whole = max(v[3] for v in stats.values())
    rows = [(f"{Path(k[0]).stem}.{k[2]}", v[2] / whole, v[3] / whole) for k, v in stats.items()]
    own = [(name, s) for name, s, _ in sorted(rows, key=lambda r: -r[1])[:top]]
    total = [(name, t) for name, _, t in sorted(rows, key=lambda r: -r[2])[:top]]
    print(f"cProfile, {whole:.1f} s")
    _print(own, total)


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
    parser.add_argument("--stage", choices=STAGES, required=True)
    parser.add_argument("--work", type=Path, required=True, help="a benchmark project")
    parser.add_argument("--year", default="2024")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--cprofile", action="store_true", help="use cProfile, not py-spy")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:  # the process py-spy watches
        run_stage(args.stage, args.work, args.year)
        return
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    print(f"{args.stage} {args.year} on {args.work}:")
    if py_spy and not args.cprofile:
        profile_with_py_spy(py_spy, args.stage, args.work, args.year, args.top)
    else:
        profile_with_cprofile(args.stage, args.work, args.year, args.top)


if __name__ == "__main__":
    main()

"""Where every published number comes from: input hashes, config hash and code version."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from . import __version__


def code_version(repo: str | Path) -> str:
    """``git describe`` of the code (with -dirty for uncommitted changes), else the version."""
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
        return f"{__version__}+{out.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        return __version__


def config_digest(paths: list[str | Path]) -> str:
    """SHA-256 over the config files in the order they are applied."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def build_provenance(quality: dict, config_paths: list[str | Path], version: str) -> dict:
    """The report's provenance block, from the year's quality summary (which hashed the inputs)."""
    inputs = [{"path": f"{quality['year']}/{f['file']}", "sha256": f["sha256"], "bytes": f["bytes"]}
              for f in quality["files"]]  # fmt: skip
    if quality.get("frame"):
        frame = quality["frame"]
        inputs.append({"path": f"{quality['year']}/{frame['file']}", "sha256": frame["sha256"],
                       "bytes": frame["bytes"]})  # fmt: skip
    return {
        "inputs": inputs,
        "config_sha256": config_digest(config_paths),
        "code_version": version,
        "synthetic": bool(quality.get("synthetic")),
    }

"""Where every published number comes from: input hashes, config hash and code version."""

from __future__ import annotations

import ast
import hashlib
import subprocess
from pathlib import Path

from budaya_kerja import __version__

__all__ = ["CODE_PATHS", "build_provenance", "code_digest", "code_version", "config_digest"]


# What counts as code: a change here changes the numbers' code version. Configuration
# (config/) is hashed on its own (config_sha256), the inputs by their SHA-256.
CODE_PATHS = ("src", "workflow", "Snakefile")


def _git(repo: str | Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                         timeout=10, check=True)  # fmt: skip
    return out.stdout.strip()


def code_version(repo: str | Path) -> str:
    """The version of the code that made the numbers (PEP 440).

    ``0.2.0`` at the release commit (tagged ``v0.2.0``, see CHANGELOG.md), else
    ``0.2.0+g<commit, 12 hex digits>``; ``.dirty`` is appended when files under
    :data:`CODE_PATHS` (``src/``, ``workflow/``, ``Snakefile``) differ from the commit or are
    new there. Edits to ``config/`` (as the README asks of analysts) are not code: the report
    records the configuration's own SHA-256. Outside a git checkout: the package version.
    """
    try:
        commit = _git(repo, "rev-parse", "--short=12", "HEAD")
        tags = _git(repo, "tag", "--points-at", "HEAD", "--list", "v*").split()
        changed = _git(repo, "status", "--porcelain", "--untracked-files=normal", "--",
                       *CODE_PATHS)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return __version__
    local = [] if f"v{__version__}" in tags else [f"g{commit}"]
    if changed:
        local.append("dirty")
    return __version__ + ("+" + ".".join(local) if local else "")


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


def _package_modules(source: str, package_dir: Path, own: str | None = None) -> set[str]:
    """The budaya_kerja modules a piece of Python imports (dotted names of files that exist),
    anywhere in it (function-level imports too); ``own`` resolves relative imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and own:
                parent = own.split(".")[: -node.level]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] != "budaya_kerja":
                continue
            path = package_dir.joinpath(*parts[1:])
            if path.with_suffix(".py").is_file():
                found.add(name)
            elif (path / "__init__.py").is_file():
                found.add(f"{name}.__init__")
    return found


def _module_file(name: str, package_dir: Path) -> Path:
    """budaya_kerja.stats.compare -> stats/compare.py (a package: <name>.__init__)."""
    return package_dir.joinpath(*name.split(".")[1:]).with_suffix(".py")


def _parent_packages(name: str, package_dir: Path) -> set[str]:
    """The subpackages Python runs on the way to a module (``budaya_kerja.figures.items``
    runs ``figures/__init__.py``); the top package's ``__init__`` only defines the version
    and imports the API lazily, so it is not followed."""
    parts = name.removesuffix(".__init__").split(".")
    found = set()
    for end in range(2, len(parts)):
        if package_dir.joinpath(*parts[1:end], "__init__.py").is_file():
            found.add(".".join([*parts[:end], "__init__"]))
    return found


def _data_files(folder: Path) -> list[Path]:
    """The package data a module in ``folder`` can read with importlib.resources: every file
    that is not Python, there and in its data folders (folders that are not subpackages)."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            found.append(path)
        elif path.is_dir() and path.name != "__pycache__" and not (path / "__init__.py").exists():
            found += _data_files(path)
    return found


def code_digest(script: str | Path, package_dir: str | Path) -> str:
    """SHA-256 (16 hex digits) of a workflow script, every package module it imports (directly,
    through other modules or as a parent package) and the package data beside those modules
    (wording, workbook layout, templates; the top package's messages and schemas always): a
    step's code version, so editing any file a step reads reruns exactly the steps that read
    it (Snakemake itself tracks the script, not what the script imports)."""
    package_dir, script = Path(package_dir), Path(script)
    todo = sorted(_package_modules(script.read_text(encoding="utf-8"), package_dir))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            source = _module_file(name, package_dir).read_text(encoding="utf-8")
            found = _package_modules(source, package_dir, name) | _parent_packages(
                name, package_dir
            )
            todo += sorted(found - seen)
    modules = {_module_file(n, package_dir) for n in seen}
    folders = {package_dir} | {path.parent for path in modules}
    files = sorted(modules) + sorted({f for folder in folders for f in _data_files(folder)})
    digest = hashlib.sha256(script.read_bytes())
    for path in files:
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

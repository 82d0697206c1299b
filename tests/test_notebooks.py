"""The notebooks: five, paired with jupytext, outputs stripped, each executed with
`jupytext --execute` on the shipped demo's tables (after the pipeline ran)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from budaya_kerja.settings import REPO_ROOT

NOTEBOOKS = ["01-eksplorasi-data", "02-nilai-dan-indeks", "03-perangkat-daerah",
             "04-perbandingan-tahun", "05-metodologi"]  # fmt: skip
FOLDER = REPO_ROOT / "notebooks"
# What each notebook must show: the answer to its question, not only run.
SHOWS = {
    "01-eksplorasi-data": ["index_missing_kept", "diestimasi tanpa indeks"],
    "02-nilai-dan-indeks": ["Indeks 2025: PPPK − PNS =", "se_independent", "HA2"],
    "03-perangkat-daerah": ["DINKES: Dinas Kesehatan (2025)", "posisi DINKES:"],
    "04-perbandingan-tahun": ["perangkat daerah diuji;", "setelah koreksi BH", "lokakarya"],
    "05-metodologi": ["69.53125", "-25.41666"],
}


def test_the_notebooks_are_paired_and_stripped():
    import jupytext

    assert sorted(p.stem for p in FOLDER.glob("*.py")) == NOTEBOOKS
    assert sorted(p.stem for p in FOLDER.glob("*.ipynb")) == NOTEBOOKS
    for name in NOTEBOOKS:
        script = jupytext.read(FOLDER / f"{name}.py")
        paired = json.loads((FOLDER / f"{name}.ipynb").read_text(encoding="utf-8"))
        assert [c["source"] for c in jupytext.reads(json.dumps(paired), "ipynb").cells] == [
            c["source"] for c in script.cells
        ], f"{name}.ipynb is not in sync: jupytext --sync notebooks/{name}.py"
        for cell in paired["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, name
        assert script.cells[0].source.startswith(f"# {name[:2]} · ")  # an Indonesian title


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_notebook_runs_on_the_demo(demo_project, name, tmp_path):
    out = tmp_path / f"{name}.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # inline figures
    env["BUDAYA_KERJA_DIR"] = str(demo_project)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "jupytext", "--to", "ipynb", "--execute", "-o", str(out),
         str(FOLDER / f"{name}.py")],
        capture_output=True, text=True, env=env, cwd=FOLDER, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-4000:]
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    outputs = [o for cell in cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = json.dumps(outputs, ensure_ascii=False)
    for expected in SHOWS[name]:
        assert expected in text, (name, expected)
    if name != "05-metodologi":
        assert '"image/png"' in text  # it draws
    print(f"{name}: {seconds:.1f} s")

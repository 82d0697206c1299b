"""The public API: load the processed tables and estimate from them, as the pipeline does."""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pandas as pd
import pytest

import budaya_kerja as bk
from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import REPO_ROOT


def test_every_module_declares_its_public_names():
    package = importlib.import_module("budaya_kerja")
    for info in pkgutil.walk_packages(package.__path__, "budaya_kerja."):
        name = info.name
        if info.ispkg or name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), name
        assert all(hasattr(module, n) for n in module.__all__), name
    assert set(bk.__all__) == {"__version__", *bk._API}
    assert all(callable(getattr(bk, n)) for n in bk._API)


def test_loading_a_project_without_tables_says_what_to_run(tmp_path, english):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    with pytest.raises(BudayaKerjaError, match=r"holds no processed year; run `make report`"):
        bk.load(root=tmp_path)


# --------------------------------------------------------------------------- on the demo
@pytest.fixture(scope="module")
def data(demo_project):
    return bk.load(root=demo_project)


@pytest.mark.slow
def test_load_finds_the_demo_tables(data, demo_project, english):
    assert data.demo and data.years == (2024, 2025)
    assert data.processed == (demo_project / "data" / "processed" / "contoh").resolve()
    assert set(data.responses["year"]) == {2024, 2025}
    assert len(data.scores) == len(data.responses)
    assert set(data.tables) >= {"validity", "target", "programmes", "combined"}
    assert list(data.comparisons) == [(2024, 2025)]
    assert data.quality[2025]["synthetic"] is True
    one = bk.load(2025, root=demo_project)
    assert one.years == (2025,) and one.comparisons == {}
    with pytest.raises(
        BudayaKerjaError, match=r"has no processed year 2030; it has \[2024, 2025\]"
    ):
        bk.load(2030, root=demo_project)


@pytest.mark.slow
def test_estimate_reproduces_the_published_estimates(data):
    sample = data.sample(2025)
    assert len(sample) == (~data.in_year(data.scores, 2025)["excluded"]).sum()
    ours = bk.estimate(sample, ["status_kepegawaian", "jenis_kelamin"], ["index", "BP", "AK2"],
                       confidence=data.confidence, min_group_size=data.min_group_size)  # fmt: skip
    published = data.in_year(data.estimates, 2025)
    merged = ours.merge(published, on=["group_by", "group", "measure"], suffixes=("", "_pub"))
    assert len(merged) == len(ours) == 3 * (1 + 2 + 2)
    for column in ["n", "estimate", "se", "df", "ci_low", "ci_high"]:
        assert np.allclose(merged[column].astype(float), merged[f"{column}_pub"].astype(float),
                           rtol=1e-10, atol=1e-10)  # fmt: skip


@pytest.mark.slow
def test_compare_and_reliability_reproduce_the_pipelines_tables(data):
    ours = bk.compare(data, 2024, 2025, by=["unit"])
    published = data.comparisons[(2024, 2025)]
    published = published[published.group_by.isin(["all", "unit"])
                          & published.measure.isin(["index", *data.instrument.value_ids])]  # fmt: skip
    assert len(ours) == len(published) > 0
    ours, published = ours.reset_index(drop=True), published.reset_index(drop=True)
    for column in published.columns:
        a, b = ours[column], published[column]
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            assert np.allclose(a.astype(float), b.astype(float), rtol=1e-9, equal_nan=True), column
        else:
            assert (a.astype("string").fillna("") == b.astype("string").fillna("")).all(), column
    rel = bk.reliability(data, 2025)
    written = data.in_year(data.reliability, 2025)
    assert np.allclose(rel["alpha"], written["alpha"], equal_nan=True)
    assert np.allclose(rel["omega"], written["omega"], equal_nan=True)
    assert (rel["n"].to_numpy() == written["n"].to_numpy()).all()


@pytest.mark.slow
def test_contrast_drivers_funnel_and_items_on_the_demo(data):
    sample = data.sample(2025)
    table = bk.contrast(sample, "status_kepegawaian", "PPPK", "PNS", ["index", "BP"])
    assert list(table["group"]) == ["PPPK", "PPPK"] and table["tested"].all()
    index = bk.estimate(sample, "status_kepegawaian").set_index("group")["estimate"]
    assert table["diff"].iloc[0] == pytest.approx(index["PPPK"] - index["PNS"])
    drivers = bk.drivers(data, 2025)
    assert list(drivers["measure"].sort_values()) == sorted(data.instrument.items)
    assert (drivers["r"] > 0).all() and drivers["r"].is_monotonic_decreasing
    funnel = bk.funnel(data, 2025)
    assert set(funnel["position"]) <= {"above998", "above95", "inside", "below95", "below998"}
    units = data.in_year(data.estimates, 2025)
    published = units[(units.group_by == "unit") & (units.measure == "index") & ~units.suppressed]
    assert set(funnel["group"]) == set(published["group"])
    shares = bk.item_distribution(data, 2025).groupby("item")["share"].sum()
    assert np.allclose(shares, 1.0) and len(shares) == 21


def test_the_api_page_is_generated_from_the_docstrings():
    import runpy

    generate = runpy.run_path(str(REPO_ROOT / "docs" / "api_docs.py"))["render"]
    page = (REPO_ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == generate(), "docs/api.md is stale: run `make docs`"
    for name in bk._API:
        assert f"| `bk.{name}` |" in page and f"## `bk.{name}`" in page

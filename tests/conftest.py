"""Shared fixtures: the repo's config, the instrument, and small generated surveys."""

from __future__ import annotations

from pathlib import Path

import pytest

from budaya_kerja import synthetic
from budaya_kerja.io.units import load_units
from budaya_kerja.settings import REPO_ROOT, Instrument, load_config


@pytest.fixture(scope="session")
def config() -> dict:
    return load_config()


@pytest.fixture(scope="session")
def instrument(config) -> Instrument:
    return Instrument.from_config(config)


@pytest.fixture(scope="session")
def units() -> dict:
    return load_units(REPO_ROOT / "config" / "units.yaml")


@pytest.fixture(scope="session")
def small_survey(config, units) -> synthetic.SyntheticSurvey:
    """A small two-year survey (about 1,300 respondents a year) with all the mess."""
    return synthetic.simulate(config, units, size=0.2, seed=7)


@pytest.fixture(scope="session")
def small_raw(small_survey, tmp_path_factory) -> Path:
    """The small survey written as a project directory holding only data/raw/."""
    root = tmp_path_factory.mktemp("project")
    synthetic.write_survey(small_survey, root / "data" / "raw", None)
    return root


@pytest.fixture
def english():
    """Messages in English for the tests that match their wording (the default is Indonesian;
    tests/test_messages.py checks both catalogs)."""
    from budaya_kerja import messages

    messages.set_language("en")
    yield
    messages.set_language(None)


@pytest.fixture(scope="session")
def processed(small_raw, config, units):
    """The small survey's processed tables, made by the pipeline's own statistics
    (tests/factories.py)."""
    from tests.factories import pipeline_tables

    return pipeline_tables(small_raw / "data" / "raw", config, units)

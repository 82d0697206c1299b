"""The public API: a project's processed tables, and the estimates a researcher computes
from them with the survey design.

After ``make report`` (the examples of the functions that read a project's tables run as
doctests on the demo, with the slow tests; the notebooks run them too)::

    import budaya_kerja as bk
    data = bk.load(2025)
    bk.contrast(data.sample(2025), "status_kepegawaian", "PPPK", "PNS")

Every function here is a thin door to the statistics layer (``budaya_kerja.stats``), which
holds the formulas and their citations; the numbers are those of the pipeline's own tables
(tested: :func:`estimate`, :func:`compare` and :func:`reliability` reproduce
``estimates.csv``, ``comparison/<y0>-<y1>.csv`` and ``reliability.csv``). The published
tables (``Survey.estimates`` ...) are the report's numbers; the functions compute further
breakdowns with the same estimator and the same suppression rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import tables as io_tables
from budaya_kerja.io.layout import data_layout
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE, REPO_ROOT, Instrument, project_config
from budaya_kerja.stats import aggregate, domains
from budaya_kerja.stats import compare as stats_compare
from budaya_kerja.stats import drivers as stats_drivers
from budaya_kerja.stats import funnel as stats_funnel
from budaya_kerja.stats import reliability as stats_reliability
from budaya_kerja.stats.scoring import INDEX

__all__ = [
    "ROOT_ENV", "Survey", "compare", "contrast", "drivers", "estimate", "funnel",
    "item_distribution", "load", "reliability",
]  # fmt: skip

ROOT_ENV = "BUDAYA_KERJA_DIR"  # the project directory load() reads by default
# Per-year tables beside the core ones, loaded when the pipeline wrote them.
OTHER_TABLES = ("validity", "target", "programmes", "combined", "evaluation", "penghargaan",
                "evaluation_relation", "evaluation_gap", "items", "drivers", "funnel")  # fmt: skip


@dataclass(frozen=True)
class Survey:
    """The processed tables of some years of a project, as the pipeline wrote them.

    Tables hold every loaded year (a ``year`` column); ``quality`` is each year's
    ``quality.json`` and ``comparisons`` maps ``(year0, year1)`` to its comparison table.
    """

    root: Path  # the project directory
    processed: Path  # data/processed, or data/processed/contoh for the shipped demo
    demo: bool  # the shipped synthetic demo (DATA SINTETIS)
    years: tuple[int, ...]
    config: dict
    instrument: Instrument
    responses: pd.DataFrame  # accepted respondents: pseudonym, agency, groups, items, flags
    scores: pd.DataFrame  # value scores, index, weight and design, excluded
    estimates: pd.DataFrame  # estimates.csv: group x measure, published (with suppression)
    reliability: pd.DataFrame  # reliability.csv
    response_rates: pd.DataFrame  # response_rates.csv (with suppression)
    quality: dict[int, dict]
    comparisons: dict[tuple[int, int], pd.DataFrame]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # OTHER_TABLES present

    @property
    def confidence(self) -> float:
        """The configured level of every interval."""
        return float(self.config["estimation"]["confidence"])

    @property
    def min_group_size(self) -> int:
        """The configured smallest group that gets an estimate."""
        return int(self.config["estimation"]["min_group_size"])

    def in_year(self, table: pd.DataFrame, year: int) -> pd.DataFrame:
        """The rows of one loaded table (``data.estimates``, ...) for one year."""
        if int(year) not in self.years:
            raise BudayaKerjaError(message("api.not_loaded", year=year, years=list(self.years)))
        return table[table["year"].astype(int) == int(year)].reset_index(drop=True)

    def sample(self, year: int) -> pd.DataFrame:
        """The year's respondents as estimated: those the configuration keeps (``excluded``
        False), with the design (``weight``, ``stratum``, ``stratum_N``), the groups, every
        measure in points (index, values, items; reverse-keyed items turned round) and
        ``pos_<measure>`` shares: the table :func:`estimate` and :func:`contrast` take."""
        scores, responses = self.in_year(self.scores, year), self.in_year(self.responses, year)
        return aggregate.estimation_sample(scores, responses, self.instrument)


def _root(root) -> Path:
    return Path(root or os.environ.get(ROOT_ENV) or REPO_ROOT).resolve()


def _concat(paths: dict[int, Path], reader) -> pd.DataFrame:
    frames = []
    for year, path in paths.items():
        frame = reader(path)
        if "year" not in frame.columns:
            frame.insert(0, "year", year)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def load(years: int | list[int] | None = None, *, root: str | Path | None = None) -> Survey:
    """The processed tables of ``years`` (default: every processed year) of a project.

    Parameters
    ----------
    years : a year or a list of years.
    root : the project directory (default: ``$BUDAYA_KERJA_DIR``, else the repo). Its
        configuration is read as the workflow reads it (the repo's ``config/config.yaml``
        with ``root/config/config.yaml`` over it), and so is the data source: the tables of
        ``data/processed/`` when ``data/raw/`` holds a year, else those of the shipped demo
        in ``data/processed/contoh/``.

    Returns
    -------
    Survey : the tables of the years (responses, scores, estimates, reliability, response
        rates, quality, comparisons between loaded years, the other tables present).

    Examples
    --------
    After ``make report`` (here ``DEMO``: a project in which the workflow built the demo):

    >>> data = load([2024, 2025], root=DEMO)
    >>> data.years, data.demo, sorted(data.comparisons)
    ((2024, 2025), True, [(2024, 2025)])
    >>> index = data.estimates.query("group_by == 'all' and measure == 'index'")
    >>> inside = (index["ci_low"] < index["estimate"]) & (index["estimate"] < index["ci_high"])
    >>> bool(inside.all())
    True
    """
    root = _root(root)
    config = project_config(root)
    layout = data_layout(config, REPO_ROOT, root)
    processed = root / layout.processed
    available = sorted(int(p.parent.name) for p in processed.glob("[0-9]" * 4 + "/estimates.csv"))
    if not available:
        raise BudayaKerjaError(message("api.no_processed", processed=processed, root=root))
    wanted = available if years is None else [int(y) for y in ([years] if isinstance(
        years, int | str) else years)]  # fmt: skip
    absent = [y for y in wanted if y not in available]
    if absent:
        raise BudayaKerjaError(
            message("api.no_year", processed=processed, year=absent[0], available=available)
        )
    folder = {y: processed / str(y) for y in sorted(wanted)}
    path = {name: {y: f / name for y, f in folder.items()} for name in (
        "responses.parquet", "scores.parquet", "estimates.csv", "reliability.csv",
        "response_rates.csv", "quality.json")}  # fmt: skip
    other = {name: {y: f / f"{name}.csv" for y, f in folder.items() if (f / f"{name}.csv").exists()}
             for name in OTHER_TABLES}  # fmt: skip
    comparisons = {}
    for file in sorted((processed / "comparison").glob("*-*.csv")):
        y0, y1 = (int(y) for y in file.stem.split("-"))
        if y0 in folder and y1 in folder:
            comparisons[(y0, y1)] = io_tables.read_csv(file)
    return Survey(
        root=root, processed=processed, demo=layout.demo, years=tuple(folder),
        config=config, instrument=Instrument.from_config(config),
        responses=_concat(path["responses.parquet"], pd.read_parquet),
        scores=_concat(path["scores.parquet"], pd.read_parquet),
        estimates=_concat(path["estimates.csv"], io_tables.read_csv),
        reliability=_concat(path["reliability.csv"], io_tables.read_csv),
        response_rates=_concat(path["response_rates.csv"], io_tables.read_csv),
        quality={y: io_tables.read_json(p) for y, p in path["quality.json"].items()},
        comparisons=comparisons,
        tables={name: _concat(paths, io_tables.read_csv) for name, paths in other.items() if paths},
    )  # fmt: skip


def estimate(
    sample: pd.DataFrame,
    by: str | list[str] | None = None,
    measures: list[str] | tuple[str, ...] = (INDEX,),
    *,
    confidence: float = CONFIDENCE,
    min_group_size: int = 10,
) -> pd.DataFrame:
    """Design-based estimates of groups x measures of one year's sample, with t intervals;
    groups under ``min_group_size`` suppressed (:func:`stats.domains.estimate_domains`).

    Returns
    -------
    DataFrame : one row per group x measure (the whole sample first): n, estimate, se, df,
        ci_low, ci_high, suppressed.

    Examples
    --------
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"index": [60.0, 70, 80, 90], "weight": 1.0, "stratum": "h",
    ...                        "stratum_N": float("nan"), "status": ["PNS"] * 2 + ["PPPK"] * 2})
    >>> estimate(sample, "status", min_group_size=2)["estimate"].tolist()
    [75.0, 65.0, 85.0]
    """
    return domains.estimate_domains(sample, by, measures, confidence=confidence,
                                    min_group_size=min_group_size)  # fmt: skip


def contrast(
    sample: pd.DataFrame,
    by: str,
    group: str | list[str] | None,
    reference: str,
    measures: list[str] | tuple[str, ...] = (INDEX,),
    *,
    confidence: float = CONFIDENCE,
    min_group_size: int = 10,
) -> pd.DataFrame:
    """Difference between groups of one year (``group - reference``) with the design-based
    SE that counts their covariance through the shared strata, t interval, p and Holm's
    adjustment over the rows (:func:`stats.domains.contrast_domains`).

    Returns
    -------
    DataFrame : one row per group x measure: both estimates, diff, se (with the covariance),
        se_independent, covariance, df, ci_low, ci_high, p, p_adj (Holm), tested.

    Examples
    --------
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"index": [60.0, 70, 80, 90], "weight": 1.0, "stratum": "h",
    ...                        "stratum_N": float("nan"), "status": ["PNS"] * 2 + ["PPPK"] * 2})
    >>> float(contrast(sample, "status", "PPPK", "PNS", min_group_size=2)["diff"].iloc[0])
    20.0
    """
    return domains.contrast_domains(sample, by, group, reference, measures,
                                    confidence=confidence, min_group_size=min_group_size)  # fmt: skip


def compare(
    survey: Survey,
    year0: int,
    year1: int,
    *,
    by: list[str] | None = None,
    measures: list[str] | None = None,
) -> pd.DataFrame:
    """Change from ``year0`` to ``year1`` per group and measure, as the pipeline computes it
    (:func:`stats.compare.compare_years`: the years' published estimates, the people who
    answered both years linked by pseudonym, Holm within the headline family of the index
    and the values, Benjamini-Hochberg within every other family).

    ``by``: breakdowns besides the whole sample (default: the configured groups);
    ``measures``: default the index and the values (with those, ``p_adj`` is the published
    one).

    Returns
    -------
    DataFrame : one row per group x measure, the columns of ``comparison/<y0>-<y1>.csv``:
        est0, est1, diff, se_diff, ci_low, ci_high, p, p_adj, significant, material, ...

    Examples
    --------
    The change the pipeline published, recomputed from the tables (``DEMO`` as in :func:`load`):

    >>> data = load([2024, 2025], root=DEMO)
    >>> change = compare(data, 2024, 2025)
    >>> published = data.comparisons[(2024, 2025)]
    >>> both = change.merge(published, on=["group_by", "group", "measure"], suffixes=("", "_csv"))
    >>> len(both) == len(change)  # the index and the values (the table also has the items)
    True
    >>> bool((both["diff"] - both["diff_csv"]).abs().max() < 1e-9)
    True
    >>> bool((both["p_adj"] - both["p_adj_csv"]).abs().max() < 1e-9)
    True
    """
    config = survey.config
    values = survey.instrument.value_ids
    measures = list(measures or [INDEX, *values])
    by = list(config["estimation"]["group_by"] if by is None else by)
    anonymous = any(survey.quality[y].get("anonymous") for y in (int(year0), int(year1)))
    return stats_compare.compare_years(
        survey.in_year(survey.estimates, year0), survey.in_year(survey.estimates, year1),
        survey.sample(year0), survey.sample(year1), year0=int(year0), year1=int(year1),
        measures=measures, headline=[INDEX, *values], group_columns={g: g for g in by},
        min_group_size=survey.min_group_size,
        min_meaningful_change=config["comparison"]["min_meaningful_change"],
        alpha=config["comparison"]["alpha"], confidence=survey.confidence, anonymous=anonymous,
    )  # fmt: skip


def reliability(survey: Survey, year: int) -> pd.DataFrame:
    """Cronbach's alpha (Feldt interval), McDonald's omega and the item statistics of the
    year's estimation sample (:func:`stats.reliability.reliability_table`), as
    ``reliability.csv`` holds them.

    Returns
    -------
    DataFrame : one row per value, the index and each item: n, k, alpha with its interval,
        omega, item-total r, alpha if deleted.

    Examples
    --------
    >>> data = load(2025, root=DEMO)
    >>> alpha = reliability(data, 2025).query("level == 'value'")["alpha"].to_numpy()
    >>> published = data.reliability.query("level == 'value'")["alpha"].to_numpy()
    >>> bool(abs(alpha - published).max() < 1e-9)
    True
    """
    scores = survey.in_year(survey.scores, year)
    responses = survey.in_year(survey.responses, year)
    kept = responses[~scores["excluded"].astype(bool).to_numpy()]
    table = stats_reliability.reliability_table(kept, survey.instrument, survey.confidence)
    table.insert(0, "year", int(year))
    return table


def drivers(survey: Survey, year: int) -> pd.DataFrame:
    """Key drivers: the design-weighted correlation of every item with the rest of the
    culture (the mean of the other values), with Fisher-z intervals, strongest first
    (:func:`stats.drivers.item_drivers`, which states the method and its caveats).

    Returns
    -------
    DataFrame : one row per item, strongest first: value, n, n_eff, r, ci_low, ci_high, rank.

    Examples
    --------
    >>> data = load(2025, root=DEMO)
    >>> strongest = drivers(data, 2025).head(3)
    >>> strongest["measure"].tolist() == data.tables["drivers"]["measure"].head(3).tolist()
    True
    >>> strongest["rank"].tolist()
    [1, 2, 3]
    """
    return stats_drivers.item_drivers(survey.sample(year), survey.instrument,
                                      confidence=survey.confidence)  # fmt: skip


def funnel(survey: Survey, year: int, measure: str = INDEX) -> pd.DataFrame:
    """The agencies on the report's funnel plot: estimate, control limits (95 % and 99.8 %,
    with over-dispersion) and where each falls (``position``), as ``funnel.csv``
    (:func:`stats.funnel.funnel_table`, for any measure).

    Returns
    -------
    DataFrame : one row per published agency: n, estimate, center, sd, tau2, low95, high95,
        low998, high998, z, position.

    Examples
    --------
    >>> data = load(2025, root=DEMO)
    >>> agencies = funnel(data, 2025)
    >>> len(agencies) == len(data.tables["funnel"])
    True
    >>> bool((agencies["low95"] < agencies["center"]).all())
    True
    """
    return stats_funnel.funnel_table(survey.estimates, int(year), measure)


def item_distribution(survey: Survey, year: int) -> pd.DataFrame:
    """Share of each answer per item among the respondents estimated who answered it, as
    ``items.csv`` and the report's item figure: ``share`` weighted by the survey weights,
    ``share_unweighted`` beside it; reverse-keyed items in the scored direction.

    Returns
    -------
    DataFrame : one row per item x answer code: year, item, answer, n, share,
        share_unweighted (0-1).

    Examples
    --------
    >>> shares = item_distribution(load(2025, root=DEMO), 2025)
    >>> bool(shares.groupby("item")["share"].sum().sub(1).abs().max() < 1e-12)
    True
    """
    return survey.in_year(survey.tables["items"], year).reset_index(drop=True)

"""Change between two years: budaya_kerja.stats.compare.compare_years."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import keys, origin, tables
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import aggregate, compare
from budaya_kerja.stats.scoring import INDEX

settings = snakemake.params.settings
instrument = Instrument.from_config(settings)
group_by = settings["estimation"]["group_by"]
year0, year1 = int(snakemake.wildcards.y0), int(snakemake.wildcards.y1)
quality0, quality1 = (
    tables.read_json(q) for q in (snakemake.input.quality0, snakemake.input.quality1)
)
origin.check_same_origin(quality0.get("synthetic"), quality1.get("synthetic"), year0, year1)
print0, print1 = quality0.get("key_fingerprint"), quality1.get("key_fingerprint")
keys.check_same_key(print0, print1, year0, year1)


anonymous = [y for y, q in ((year0, quality0), (year1, quality1)) if q.get("anonymous")]


scored = [INDEX, *instrument.value_ids]


def estimated(scores_path, responses_path):
    """The year's respondents as estimated: every measure, the excluded left out. Only the
    columns and rows the comparison uses are read, a column at a time (pseudonym, design,
    groups as categoricals, scores; the items)."""
    kept = ~pd.read_parquet(scores_path, columns=["excluded"])["excluded"].to_numpy(bool)
    groups = ["stratum", *group_by]
    scores = tables.read_columns(
        scores_path, ["respondent", *aggregate.DESIGN_COLUMNS, *group_by, *scored,
                      *(f"pos_{m}" for m in scored)], kept, categorical=groups)  # fmt: skip
    responses = tables.read_columns(responses_path, instrument.items, kept)
    return aggregate.estimation_sample(scores, responses, instrument, compact=True)


comparison = compare.compare_years(
    tables.read_csv(snakemake.input.estimates0),
    tables.read_csv(snakemake.input.estimates1),
    estimated(snakemake.input.scores0, snakemake.input.responses0),
    estimated(snakemake.input.scores1, snakemake.input.responses1),
    year0=year0,
    year1=year1,
    measures=[*scored, *instrument.items],
    headline=scored,
    group_columns={g: g for g in group_by},
    min_group_size=settings["estimation"]["min_group_size"],
    min_meaningful_change=settings["comparison"]["min_meaningful_change"],
    alpha=settings["comparison"]["alpha"],
    confidence=settings["estimation"]["confidence"],
    anonymous=bool(anonymous),
)
if anonymous:
    years = ", ".join(str(y) for y in anonymous)
    print(message("compare.anonymous", y0=year0, y1=year1, years=years), file=sys.stderr)
elif compare.unlinked(comparison):
    print(message("compare.no_panel", y0=year0, y1=year1, p0=print0, p1=print1), file=sys.stderr)
tables.write_csv(comparison, snakemake.output.comparison)

"""Group estimates, response rates, item distributions and the agencies' funnel of one year:
budaya_kerja.stats.aggregate, items and funnel."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument, group_order
from budaya_kerja.stats import aggregate, funnel, items, suppression

settings = snakemake.params.settings
min_size = settings["estimation"]["min_group_size"]
scores = pd.read_parquet(snakemake.input.scores)
responses = pd.read_parquet(snakemake.input.responses)
quality = tables.read_json(snakemake.input.quality)
frame = pd.read_csv(snakemake.input.frame, dtype={"unit": "string"})
labels = snakemake.params.unit_labels
# One set of hidden agencies for every table (estimates, response rates, the appendix).
accepted = responses["unit"].astype("string").value_counts()
estimated = scores.loc[~scores["excluded"], "unit"].astype("string").value_counts()
reasons = suppression.unit_reasons(
    estimated, accepted, min_size, suppression.file_margins(quality["files"])
)
# And one set of hidden groups per other breakdown for estimates.csv and nonresponse.csv.
group_by = settings["estimation"]["group_by"]
kept = ~scores["excluded"].to_numpy()
shared = {
    dim: suppression.group_reasons(scores, kept, frame, dim, min_size)
    for dim in group_by
    if dim != "unit"
}
instrument = Instrument.from_config(settings)
estimates = aggregate.estimate_groups(
    scores,
    responses,
    instrument,
    year=int(snakemake.wildcards.year),
    group_by=group_by,
    bands=settings["bands"],
    min_group_size=min_size,
    confidence=settings["estimation"]["confidence"],
    unit_labels=labels,
    exclude=scores["excluded"],
    unit_suppression=reasons,
    group_suppression=shared,
    group_order=group_order(settings),
)
tables.write_csv(estimates, snakemake.output.estimates)
rates = aggregate.response_rates(
    accepted, frame.groupby("unit")["jumlah"].sum(), reasons, min_size, labels
)
tables.write_csv(rates if len(frame) else rates.iloc[0:0], snakemake.output.response_rates)
sample = ~scores["excluded"].to_numpy()
tables.write_csv(
    items.item_distribution(
        responses[sample], scores.loc[sample, "weight"], instrument, int(snakemake.wildcards.year)
    ),
    snakemake.output.item_shares,
)
tables.write_csv(
    funnel.funnel_table(estimates, int(snakemake.wildcards.year)), snakemake.output.funnel
)

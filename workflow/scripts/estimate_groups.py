"""Group estimates, response rates, item distributions and the agencies' funnel of one year,
from the sufficient statistics of its parts (sum_cells): budaya_kerja.stats.aggregate, items
and funnel."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument, group_order
from budaya_kerja.stats import aggregate, cells, funnel, items, suppression

settings = snakemake.params.settings
min_size = settings["estimation"]["min_group_size"]
year = int(snakemake.wildcards.year)
# Parts hold disjoint agencies: merged, they are the whole year's sums exactly.
sums = cells.merge_cells(
    [cells.Cells.from_frame(pd.read_parquet(p)) for p in snakemake.input.cells]
)
units = pd.concat([pd.read_parquet(p) for p in snakemake.input.units]).set_index("unit")
quality = tables.read_json(snakemake.input.quality)
frame = pd.read_csv(snakemake.input.frame, dtype={"unit": "string"})
labels = snakemake.params.unit_labels
# One set of hidden agencies for every table (estimates, response rates, the appendix).
accepted = units["accepted"][units["accepted"] > 0]
estimated = units["estimated"][units["estimated"] > 0]
reasons = suppression.unit_reasons(
    estimated, accepted, min_size, suppression.file_margins(quality["files"])
)
# And one set of hidden groups per other breakdown for estimates.csv and nonresponse.csv,
# from the parts' group counts (accepted and estimated, added up).
counts = pd.concat([pd.read_parquet(p) for p in snakemake.input.groups], ignore_index=True)
shared = {dim: suppression.reasons_from_counts(counts[counts["breakdown"] == dim], frame, dim,
                                               min_size)
          for dim in settings["estimation"]["group_by"] if dim != "unit"}  # fmt: skip
instrument = Instrument.from_config(settings)
estimates = aggregate.estimates_from_cells(
    sums,
    year=year,
    bands=settings["bands"],
    min_group_size=min_size,
    confidence=settings["estimation"]["confidence"],
    unit_labels=labels,
    unit_suppression=reasons,
    group_suppression=shared,
    group_order=group_order(settings),
)
tables.write_csv(estimates, snakemake.output.estimates)
rates = aggregate.response_rates(
    accepted, frame.groupby("unit")["jumlah"].sum(), reasons, min_size, labels
)
tables.write_csv(rates if len(frame) else rates.iloc[0:0], snakemake.output.response_rates)
answers = units.drop(columns=["accepted", "estimated"])
tables.write_csv(
    items.distribution_from_sums(answers, instrument, year), snakemake.output.item_shares
)
tables.write_csv(funnel.funnel_table(estimates, year), snakemake.output.funnel)

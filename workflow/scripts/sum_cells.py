"""The sufficient statistics of one part of a year's agencies (all of them with
``estimation.parts: 1``): budaya_kerja.stats.aggregate.sample_cells and unit_sums, and the
groups' counts (budaya_kerja.stats.suppression.group_counts)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd
import pyarrow.parquet as pq

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import aggregate, cells, suppression
from budaya_kerja.stats.scoring import INDEX

settings = snakemake.params.settings
instrument = Instrument.from_config(settings)
parts = settings["estimation"]["parts"]
rows = pd.read_parquet(snakemake.input.scores, columns=["unit"])["unit"].astype("string")
units = cells.part_units(rows.value_counts(), parts)[int(snakemake.wildcards.part) - 1]
del rows


def read(path, columns=None):
    """This part's agencies' rows, in the file's order (only they are held in memory)."""
    if not units:
        return pq.read_schema(path).empty_table().to_pandas()[columns or slice(None)]
    return pd.read_parquet(path, columns=columns, filters=[("unit", "in", units)])


group_by = settings["estimation"]["group_by"]
scored = [INDEX, *instrument.value_ids]
# Only the columns the sums use: not the pseudonyms, which are most of the file's bytes.
columns = [*aggregate.DESIGN_COLUMNS, "excluded", *dict.fromkeys(["unit", *group_by])]
scores = read(snakemake.input.scores, [*columns, *scored, *(f"pos_{m}" for m in scored)])
responses = read(snakemake.input.responses, ["unit", *instrument.items])
excluded = scores["excluded"].astype(bool)
sums = aggregate.sample_cells(scores, responses, instrument, group_by, exclude=excluded)
tables.write_parquet(sums.to_frame(), snakemake.output.cells)
tables.write_parquet(
    aggregate.unit_sums(scores, responses, instrument, excluded).reset_index(),
    snakemake.output.units,
)
breakdowns = [dim for dim in group_by if dim != "unit"]
tables.write_parquet(
    suppression.group_counts(scores, ~excluded, breakdowns), snakemake.output.groups
)

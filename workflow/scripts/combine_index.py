"""Combined index and award candidates: budaya_kerja.stats.evaluation.combine and rank_awards."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.stats import evaluation

settings = snakemake.params.settings
ev_settings = settings["evaluation"]
# A year without an evaluation has no scores: both tables come out empty, with their columns.
scores = tables.read_csv(snakemake.input.evaluation[0]) if snakemake.input.evaluation else None
combined = evaluation.combine(
    scores,
    tables.read_csv(snakemake.input.estimates),
    tables.read_csv(snakemake.input.frame),
    year=int(snakemake.wildcards.year),
    weights=ev_settings["weights"],
    bands=settings["bands"],
    size_classes=ev_settings["size_classes"],
    confidence=settings["estimation"]["confidence"],
    unit_labels=snakemake.params.unit_labels,
)
awards = evaluation.rank_awards(
    combined,
    size_classes=ev_settings["size_classes"],
    k=ev_settings["top_k"],
    draws=ev_settings["draws"],
    seed=ev_settings["seed"],
    alpha=ev_settings["alpha"],
)
tables.write_csv(combined, snakemake.output.combined)
tables.write_csv(awards, snakemake.output.awards)

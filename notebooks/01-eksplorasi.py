# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Eksplorasi Indeks Budaya Kerja ASN BerAKHLAK
#
# Loads the pipeline's processed tables through the `budaya_kerja` package (the same code that
# made the report), so every number here is the report's number. Run `make report` first.
# Set `BUDAYA_KERJA_DIR` to explore another project directory.

# %%
# %load_ext autoreload
# %autoreload 2
import os
from pathlib import Path

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.settings import REPO_ROOT, Instrument, load_config

root = Path(os.environ.get("BUDAYA_KERJA_DIR", REPO_ROOT))
config = load_config()
instrument = Instrument.from_config(config)
processed = root / config["processed_dir"]
if not list(processed.glob("[0-9][0-9][0-9][0-9]")):  # no real year yet: the demo's tables
    processed = processed / "contoh"
years = sorted(int(p.name) for p in processed.glob("[0-9][0-9][0-9][0-9]"))
estimates = tables.read_estimates([processed / str(y) / "estimates.csv" for y in years])
years

# %% [markdown]
# ## The index and the seven values, by year

# %%
headline = estimates[
    (estimates.group_by == "all") & estimates.measure.isin(["index", *instrument.value_ids])
]
headline.pivot(index="measure", columns="year", values="estimate").round(1)

# %% [markdown]
# ## Agencies: estimate, interval and category (suppressed agencies carry no estimate)

# %%
units = estimates[(estimates.group_by == "unit") & (estimates.measure == "index")]
units[units.year == years[-1]].sort_values("estimate", ascending=False)[
    ["group_label", "n_band", "estimate", "ci_low", "ci_high", "category", "category_certain"]
].head(15)

# %% [markdown]
# ## Respondent-level scores of the latest year (pseudonymised; no NIP anywhere)

# %%
scores = pd.read_parquet(processed / str(years[-1]) / "scores.parquet")
scores[[*instrument.value_ids, "index"]].describe().round(1)

# %% [markdown]
# ## Change between the last two years

# %%
comparisons = sorted((processed / "comparison").glob("*.csv"))
if comparisons:
    change = tables.read_csv(comparisons[-1])
    print(comparisons[-1].name)
    display(
        change[change.group_by == "all"].head(8)[  # noqa: F821 (IPython builtin)
            [
                "measure",
                "est0",
                "est1",
                "diff",
                "ci_low",
                "ci_high",
                "p_adj",
                "significant",
                "material",
            ]
        ]
    )

"""Checked by simulation: error rates of the comparison between years across agencies.

Each replication is a small province (30 agencies x 40 respondents, two independent years)
run through ``aggregate.estimate_groups`` and ``compare.compare_years`` exactly as the
pipeline does; Benjamini-Hochberg is applied across the agencies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.stats import aggregate, compare, scoring, weighting

pytestmark = pytest.mark.slow
UNITS = [f"U{i:02d}" for i in range(30)]
PER_UNIT = 40


def _year(rng, instrument, config, year, shift: dict[str, float]):
    units = np.repeat(UNITS, PER_UNIT)
    latent = rng.normal(0, 0.8, len(units)) + np.array([shift.get(u, 0.0) for u in units])
    answers = np.clip(np.round(3.8 + latent[:, None] + rng.normal(0, 0.7, (len(units), 21))), 1, 5)
    responses = pd.DataFrame(answers, columns=instrument.items).astype("Int8")
    responses.insert(0, "unit", units)
    responses.insert(0, "respondent", [f"{year}-{i}" for i in range(len(units))])
    scores = scoring.score_respondents(responses, instrument).join(
        weighting.poststratify(responses, None)
    )
    est = aggregate.estimate_groups(scores, responses, instrument, year=year, group_by=["unit"],
                                    bands=config["bands"])  # fmt: skip
    return est[est.measure == "index"], scores


def _replicate(rng, instrument, config, shift):
    e0, s0 = _year(rng, instrument, config, 2024, {})
    e1, s1 = _year(rng, instrument, config, 2025, shift)
    table = compare.compare_years(e0, e1, s0, s1, year0=2024, year1=2025, measures=["index"],
                                  group_columns={"unit": "unit"})  # fmt: skip
    return table[table.group_by == "unit"].set_index("group")


@pytest.fixture(scope="module")
def null_runs(instrument, config):
    rng = np.random.default_rng(1)
    return [_replicate(rng, instrument, config, {}) for _ in range(40)]


def test_no_true_change_rejects_at_most_5_percent_per_test(null_runs):
    raw = np.concatenate([r["p"].to_numpy() for r in null_runs])
    share = np.mean(raw < 0.05)
    print(f"per-test rejection under no change: {share:.3f} of {raw.size}")
    margin = 2 * np.sqrt(0.05 * 0.95 / raw.size)
    assert 0.05 - 2 * margin <= share <= 0.05 + margin  # calibrated, not merely conservative


def test_false_discovery_rate_across_units_at_most_5_percent(instrument, config):
    rng = np.random.default_rng(2)
    changed = set(UNITS[:6])
    shift = {u: 0.6 for u in changed}  # about +10 points in 6 of 30 agencies
    fdp, power = [], []
    for _ in range(40):
        run = _replicate(rng, instrument, config, shift)
        found = set(run.index[run["significant"]])
        fdp.append(len(found - changed) / max(len(found), 1))
        power.append(len(found & changed) / len(changed))
    print(f"FDR {np.mean(fdp):.3f}, power {np.mean(power):.2f}")
    assert np.mean(fdp) <= 0.05 + 0.03  # 5% plus Monte Carlo error over 40 runs
    assert np.mean(power) > 0.5

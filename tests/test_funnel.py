"""The agencies' funnel (funnel.csv): control limits by n, over-dispersion, positions."""

import math

import numpy as np
import pytest

from budaya_kerja.stats import funnel


def test_limits_and_positions_from_the_estimates(processed):
    est = processed.estimates
    table = processed.of(2025, "funnel")
    province = est.query("year == 2025 and group_by == 'all' and measure == 'index'").iloc[0]
    hidden = set(est.query("year == 2025 and group_by == 'unit' and suppressed")["group"])
    assert hidden and not hidden & set(table["group"])  # suppressed agencies stay off the plot
    assert (table["center"] == province["estimate"]).all()
    assert (table["sd"] == province["sd"]).all()  # the respondents' SD, from estimates.csv
    for r in table.itertuples():
        spread = math.sqrt(r.sd**2 / r.n + r.tau2)  # over-dispersion adjusted (Spiegelhalter)
        assert r.high998 == pytest.approx(r.center + 3.090232 * spread)
        assert r.low95 == pytest.approx(r.center - 1.959964 * spread)
        z = (r.estimate - r.center) / spread
        expected = ("above998" if z > 3.090232 else "above95" if z > 1.959964 else
                    "below998" if z < -3.090232 else "below95" if z < -1.959964 else "inside")  # fmt: skip
        assert r.position == expected
    assert table["z"].is_monotonic_decreasing


def test_overdispersion_ignores_the_outlier_it_should_flag():
    se = np.full(20, 1.0)
    rng = np.random.default_rng(0)
    calm = 75 + rng.normal(0, 1.0, 20)  # sampling noise only
    assert funnel.funnel_overdispersion(calm, se, 75.0) < 0.3
    spread = 75 + rng.normal(0, 3.0, 20)  # real differences between groups: tau ~ 3
    assert 1 < funnel.funnel_overdispersion(spread, se, 75.0) < 16
    outlier = calm.copy()
    outlier[0] = 40  # winsorised: one extreme group barely moves tau^2
    assert funnel.funnel_overdispersion(outlier, se, 75.0) < 1.0


def test_no_province_no_funnel(processed):
    est = processed.estimates.query("group_by != 'all'")
    assert funnel.funnel_table(est, 2025).empty

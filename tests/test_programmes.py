import numpy as np
import pandas as pd
import pytest

from budaya_kerja.stats.programmes import evaluate_programmes, read_programmes


def _panel(
    effects: dict[str, float], years=(2024, 2025), n_units=40, noise=0.5, seed=0, start=None
):
    """Agency index estimates with programme effects from ``start`` (default the second year)."""
    start = start or years[1]
    rng = np.random.default_rng(seed)
    units = [f"U{i:02d}" for i in range(n_units)]
    takes = {p: set(rng.choice(units, 12, replace=False)) for p in effects}
    rows = []
    for t, year in enumerate(years):
        for u in units:
            level = 75 + hash(u) % 5 + 2.0 * t + rng.normal(0, noise)
            if year >= start:
                level += sum(e for p, e in effects.items() if u in takes[p])
            rows.append(("unit", u, "index", year, level, False))
    est = pd.DataFrame(
        rows, columns=["group_by", "group", "measure", "year", "estimate", "suppressed"]
    )
    prog = pd.DataFrame([(u, p, start) for p in effects for u in sorted(takes[p])],
                        columns=["unit", "program", "tahun"])  # fmt: skip
    return est, prog


def test_single_programme_equals_classic_did():
    est, prog = _panel({"podcast": 3.0}, noise=0.8)
    out = evaluate_programmes(est, prog).set_index("programme")
    wide = est.pivot_table(index="group", columns="year", values="estimate")
    change = wide[2025] - wide[2024]
    takes = change.index.isin(prog.unit)
    assert out.loc["podcast", "effect"] == pytest.approx(
        change[takes].mean() - change[~takes].mean()
    )
    assert out.loc["podcast", "kind"] == "effect"


def test_known_effects_recovered_and_null_programme_not_significant():
    est, prog = _panel({"workshop": 4.0, "podcast": 2.0, "seminar": 0.0}, noise=0.3, seed=3)
    out = evaluate_programmes(est, prog).set_index("programme")
    for programme, truth in {"workshop": 4.0, "podcast": 2.0, "seminar": 0.0}.items():
        row = out.loc[programme]
        assert row.ci_low <= truth <= row.ci_high
    assert out.loc["workshop", "p"] < 0.001 and out.loc["seminar", "p"] > 0.01
    # Holm across the three programmes of the pair of years
    from statsmodels.stats.multitest import multipletests

    assert out["p_adj"].to_numpy() == pytest.approx(multipletests(out["p"], method="holm")[1])


def test_pre_trend_rows_with_three_years():
    est, prog = _panel({"workshop": 4.0}, years=(2023, 2024, 2025), noise=0.3, start=2025)
    out = evaluate_programmes(est, prog)
    kinds = dict(zip(zip(out.year0, out.year1, strict=True), out.kind, strict=True))
    assert kinds == {(2023, 2024): "pre-trend", (2024, 2025): "effect"}
    pre = out[out.kind == "pre-trend"].iloc[0]
    assert pre.ci_low <= 0 <= pre.ci_high


def test_read_programmes_checks_columns():
    ok = read_programmes(pd.DataFrame({"Unit": ["A"], "Program": [" Podcast "], "Tahun": ["2025"]}))
    assert ok.to_dict("records") == [{"unit": "A", "program": "podcast", "tahun": 2025}]
    with pytest.raises(Exception, match="tahun"):
        read_programmes(pd.DataFrame({"unit": ["A"], "program": ["x"]}))


def test_only_taking_part_between_the_surveys_is_the_treatment():
    est, prog = _panel({"workshop": 4.0}, years=(2023, 2024, 2025), noise=0.3, start=2024)
    out = evaluate_programmes(est, prog)
    later = out[(out.year0 == 2024) & (out.year1 == 2025)]
    # The workshop ran in 2024 only: between 2024 and 2025 no agency took part, so no row.
    assert later.empty
    first = out[(out.year0 == 2023)].iloc[0]
    assert first.kind == "effect" and first.ci_low <= 4.0 <= first.ci_high


def test_flags_read_back_as_text_are_not_truthy():
    """``suppressed`` read as text: "False" is a published agency, "True" a suppressed one."""
    est, prog = _panel({"workshop": 4.0}, noise=0.3, seed=3)
    est.loc[est["group"] == "U00", "suppressed"] = True
    text = est.assign(suppressed=est["suppressed"].astype(str))
    out = evaluate_programmes(text, prog)
    pd.testing.assert_frame_equal(out, evaluate_programmes(est, prog))
    assert out.iloc[0]["n_participants"] + out.iloc[0]["n_others"] == 39

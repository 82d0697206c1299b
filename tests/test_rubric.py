"""The rubric: fixed score maps of every answer type, and the checks made on loading."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.rubric import load_rubric, score_answers, shown_answer
from budaya_kerja.settings import REPO_ROOT

RUBRIC = REPO_ROOT / "config" / "evaluasi.yaml"
pytestmark = pytest.mark.usefixtures("english")  # tests match the English wording


def _scores(kind, answers):
    score, invalid = score_answers(pd.Series(answers, dtype=object), pd.Series(kind, index=range(
        len(answers))))  # fmt: skip
    return list(score), list(invalid)


@pytest.mark.parametrize(
    ("kind", "answers", "expected"),
    [
        ("ya_tidak", ["Ya", "tidak", " YA "], [1.0, 0.0, 1.0]),
        ("abc", ["A", "b", "C"], [1.0, 0.5, 0.0]),
        # The LKE's printed decimals: B = 0.67 and C = 0.33, not 2/3 and 1/3.
        ("abcd", ["A", "B", "C", "D"], [1.0, 0.67, 0.33, 0.0]),
        ("abcde", ["A", "B", "C", "D", "e"], [1.0, 0.75, 0.5, 0.25, 0.0]),
        ("persen", ["0", "75", "75,5", "80%", "100", "12.5"], [0.0, 0.75, 0.755, 0.8, 1.0, 0.125]),
    ],
)
def test_every_answer_type_scores_by_its_fixed_map(kind, answers, expected):
    score, invalid = _scores(kind, answers)
    assert score == pytest.approx(expected)
    assert not any(invalid)


@pytest.mark.parametrize(
    ("kind", "answer"),
    [("ya_tidak", "Sudah"), ("abc", "D"), ("abcd", "E"), ("abcde", "F"), ("persen", "110"),
     ("persen", "-5"), ("abc", "A/B"), ("ya_tidak", "1")],
)  # fmt: skip
def test_answers_outside_the_options_are_invalid(kind, answer):
    score, invalid = _scores(kind, [answer])
    assert np.isnan(score[0]) and invalid == [True]


def test_blank_answers_are_missing_not_invalid():
    score, invalid = _scores("abcd", ["", None])
    assert all(np.isnan(score)) and invalid == [False, False]


def test_an_invalid_answer_is_shown_only_as_a_token_of_the_closed_set():
    shown = shown_answer(pd.Series(["D", "110", "Sudah", "lihat catatan Pak Budi", "ya"]), "(x)")
    assert list(shown) == ["D", "110", "(x)", "(x)", "ya"]


def test_the_shipped_rubric_is_a_documented_local_design():
    rubric = load_rubric(RUBRIC)
    assert rubric.components["weight"].sum() == 100
    assert 20 <= len(rubric.criteria) <= 35
    assert set(rubric.criteria["answer_type"]) == {"ya_tidak", "abc", "abcd", "abcde", "persen"}
    assert "rubrik publik" in rubric.description
    text = RUBRIC.read_text(encoding="utf-8")
    assert "LOCAL DESIGN" in text and "printed LKE decimals" in text
    # What the province's plan names and culture programmes contain.
    names = " ".join(rubric.components["name"]).lower()
    for part in ["keteladanan", "agen perubahan", "rencana aksi", "internalisasi", "pemantauan",
                 "inovasi"]:  # fmt: skip
        assert part in names
    questions = " ".join(rubric.criteria["question"]).lower()
    for word in ["podcast", "seminar", "lokakarya", "berorientasi pelayanan", "akuntabel",
                 "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"]:  # fmt: skip
        assert word in questions


def _write(tmp_path, change) -> str:
    raw = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "evaluasi.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_weights_must_sum_to_100(tmp_path):
    path = _write(tmp_path, lambda r: r["components"][0].update(weight=25))
    with pytest.raises(BudayaKerjaError, match=r"components/\*/weight: the weights sum to 105"):
        load_rubric(path)


def test_unknown_keys_are_named(tmp_path):
    path = _write(tmp_path, lambda r: r["components"][1]["criteria"][2].update(bobot=3))
    with pytest.raises(BudayaKerjaError, match=r"key components/1/criteria/2: .*'bobot'"):
        load_rubric(path)


def test_an_unknown_answer_type_is_named(tmp_path):
    path = _write(tmp_path, lambda r: r["components"][0]["criteria"][0].update(answer_type="skala"))
    with pytest.raises(BudayaKerjaError, match=r"components/0/criteria/0/answer_type"):
        load_rubric(path)


def test_codes_must_be_unique(tmp_path):
    def twice(raw):
        raw["components"][1]["criteria"][0]["code"] = raw["components"][0]["criteria"][0]["code"]

    with pytest.raises(
        BudayaKerjaError, match=r"components/1/criteria/0/code: 'KP1' is used twice"
    ):
        load_rubric(_write(tmp_path, twice))


def test_options_must_match_the_answer_type(tmp_path):
    path = _write(tmp_path, lambda r: r["components"][0]["criteria"][2].update(
        options={"A": "x", "B": "y"}))  # fmt: skip
    with pytest.raises(BudayaKerjaError, match=r"criteria/2/options: answer type abc has"):
        load_rubric(path)

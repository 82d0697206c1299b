"""The rubric of the implementation evaluation (``config/evaluasi.yaml``) and its answer types.

An evaluation worksheet (Lembar Kerja Evaluasi, LKE) groups criteria into weighted components;
each criterion has an answer type with a fixed score map, as Indonesian evaluation worksheets
(Zona Integritas, reformasi birokrasi) print them:

==========  =========================================  =====================================
type        answers                                     score
==========  =========================================  =====================================
ya_tidak    Ya / Tidak                                  1 / 0
abc         A / B / C                                   1 / 0.5 / 0
abcd        A / B / C / D                               1 / 0.67 / 0.33 / 0
abcde       A / B / C / D / E                           1 / 0.75 / 0.5 / 0.25 / 0
persen      a number 0-100 (``75``, ``75%``, ``75,5``)  answer / 100
==========  =========================================  =====================================

``abcd`` uses the LKE's printed decimals 0.67 and 0.33, not exact 2/3 and 1/3, so the
pipeline's totals equal those evaluators compute by hand from the printed worksheet.

The rubric is checked when it is loaded: against the package's ``schemas/evaluasi.schema.yaml``
(strict, draft 2020-12), then for what a schema cannot say (weights sum to 100, codes unique,
option letters match the answer type). Every message names the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import SCHEMAS, schema_problem

__all__ = [
    "ANSWER_TOKENS", "ANSWER_TYPES", "PERCENT", "RUBRIC_SCHEMA", "SCORE_MAPS", "TOTAL", "Rubric",
    "load_rubric", "score_answers", "shown_answer",
]  # fmt: skip

RUBRIC_SCHEMA = SCHEMAS.joinpath("evaluasi.schema.yaml")
# Fixed score maps of the letter and yes/no answer types (persen is answer / 100).
SCORE_MAPS: dict[str, dict[str, float]] = {
    "ya_tidak": {"Ya": 1.0, "Tidak": 0.0},
    "abc": {"A": 1.0, "B": 0.5, "C": 0.0},
    "abcd": {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0},
    "abcde": {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
}
PERCENT = "persen"
ANSWER_TYPES = [*SCORE_MAPS, PERCENT]
# Every token a valid answer of some type can be (lower case): an invalid answer is shown in
# the quarantine list only when it is one of these or a short number, never as free text.
ANSWER_TOKENS = {a.lower() for options in SCORE_MAPS.values() for a in options}
TOTAL = "total"


@dataclass(frozen=True)
class Rubric:
    """Components (code -> name, weight) and criteria (one row per criterion)."""

    components: pd.DataFrame  # code, name, name_en, weight (in rubric order)
    criteria: pd.DataFrame  # code, component, question, answer_type, evidence_required, ...
    description: str = ""

    @property
    def codes(self) -> list[str]:
        return list(self.criteria["code"])

    def options(self, code: str) -> list[str]:
        """The answers a criterion accepts, as the worksheet's drop-down lists them."""
        kind = self.criteria.set_index("code").at[code, "answer_type"]
        return list(SCORE_MAPS.get(kind, {}))


def _check(raw: dict, path: Path) -> None:
    import jsonschema

    schema = yaml.safe_load(RUBRIC_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        exc = errors[0]
        where = "/".join(str(p) for p in exc.absolute_path) or message("config.top_level")
        raise BudayaKerjaError(
            message("rubric.invalid", path=path, where=where, problem=schema_problem(exc))
        )
    weights = [c["weight"] for c in raw["components"]]
    if abs(sum(weights) - 100) > 1e-9:
        raise BudayaKerjaError(message("rubric.weights", path=path, total=f"{sum(weights):g}"))
    seen: dict[str, str] = {}
    for i, comp in enumerate(raw["components"]):
        if comp["code"] in seen:
            raise BudayaKerjaError(
                message("rubric.component_twice", path=path, i=i, code=comp["code"])
            )
        seen[comp["code"]] = "component"
        for j, crit in enumerate(comp["criteria"]):
            key = f"components/{i}/criteria/{j}"
            if crit["code"] in seen:
                raise BudayaKerjaError(
                    message("rubric.criterion_twice", path=path, key=key, code=crit["code"])
                )
            seen[crit["code"]] = "criterion"
            options = crit.get("options")
            allowed = list(SCORE_MAPS.get(crit["answer_type"], {}))
            if options is not None and sorted(options) != sorted(allowed):
                raise BudayaKerjaError(
                    message("rubric.options", path=path, key=key, kind=crit["answer_type"],
                            allowed=allowed or message("rubric.no_options"),
                            options=sorted(options))
                )  # fmt: skip


def load_rubric(path: str | Path) -> Rubric:
    """Read and check ``config/evaluasi.yaml``; stop with a message naming the key if invalid."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BudayaKerjaError(message("rubric.unreadable", path=path, detail=exc)) from None
    if not isinstance(raw, dict):
        raise BudayaKerjaError(message("rubric.invalid", path=path, where=message(
            "config.top_level"), problem=message("config.not_mapping")))  # fmt: skip
    _check(raw, path)
    components = pd.DataFrame(
        [(c["code"], c["name"], c.get("name_en", c["name"]), float(c["weight"]))
         for c in raw["components"]],
        columns=["code", "name", "name_en", "weight"],
    )  # fmt: skip
    criteria = pd.DataFrame(
        [
            {
                "code": k["code"],
                "component": c["code"],
                "question": " ".join(k["question"].split()),
                "answer_type": k["answer_type"],
                "evidence_required": bool(k["evidence_required"]),
                "evidence_hint": " ".join(k.get("evidence_hint", "").split()),
                "options": k.get("options") or {},
            }
            for c in raw["components"]
            for k in c["criteria"]
        ]
    )
    return Rubric(components, criteria, " ".join(str(raw.get("description", "")).split()))


_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(%?)\s*$")


def score_answers(answers: pd.Series, answer_type: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Scores (0-1) of answer texts under each row's answer type.

    Returns ``(score, invalid)``: ``score`` is NaN for a blank or invalid answer, ``invalid``
    is True for a non-blank answer outside its type's options. Letters and Ya/Tidak ignore
    case and surrounding spaces; a percentage is a number 0-100, with ``,`` or ``.`` as
    decimal mark and an optional ``%`` (worksheet cells formatted as percent are read as their
    shown number, see :mod:`budaya_kerja.io.worksheets`).
    """
    text = answers.astype("string").fillna("").str.strip()
    key = text.str.lower()
    score = pd.Series(np.nan, index=answers.index, dtype="float64")
    for kind, scores in SCORE_MAPS.items():
        rows = answer_type == kind
        lookup = {a.lower(): s for a, s in scores.items()}
        score[rows] = key[rows].map(lookup).astype("float64")
    rows = answer_type == PERCENT
    number = text[rows].str.extract(_NUMBER)[0].str.replace(",", ".", regex=False)
    value = pd.to_numeric(number, errors="coerce").astype("float64")
    score[rows] = (value / 100).where((value >= 0) & (value <= 100))
    invalid = score.isna() & (text != "")
    return score, invalid


def shown_answer(values: pd.Series, withheld: str) -> pd.Series:
    """An invalid answer as the quarantine list may show it: a token from the closed set of
    answers of any type (``D`` for an A/B/C criterion, ``Ya``) or a short number (``120``),
    else ``withheld`` (a longer text may name a person)."""
    text = values.astype("string").fillna("").str.strip()
    token = text.str.lower().isin(ANSWER_TOKENS)
    number = text.str.fullmatch(r"-?[0-9]{1,4}(?:[.,][0-9]{1,2})?%?").fillna(False)
    return text.where(token | number, withheld)

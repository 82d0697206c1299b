"""Synthetic evaluation worksheets with known truth (``make data`` writes the shipped 2025 set).

The model (seeded): each agency has an implementation level ``theta`` (correlated 0.5 with its
true survey index when the survey's truth is given, so the analysis has something to find);
each criterion has a difficulty; the verified answer of agency ``u`` on criterion ``k`` is the
option nearest ``Phi(theta_u - d_k + e_uk)`` on the answer type's score map (a percentage is
that share x 100). Agencies cite evidence for most answers that score above 0. The
self-assessment overstates: often one option higher than the verified answer, sometimes lower.

The mess of real worksheets: one workbook per agency, except the nine biro of the Setda in
one workbook with a sheet each; agency names typed with aliases, capitals and suffixes, and one
typo the units list does not know; answers outside the options (incl. a note typed into the
answer cell), blank verified answers, required evidence not cited, an unknown and a mistyped
criterion code, a duplicated criterion row, percentages stored as Excel percent cells, lower
case and padded answers, evaluators' notes that name people; and one agency that did not
submit at all. The truth (the scores the pipeline must compute from what was written, and
the quarantine counts) goes to ``data/truth/``, read only by tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.io.rubric import PERCENT, SCORE_MAPS, TOTAL, Rubric
from budaya_kerja.io.worksheets import build_workbook

__all__ = [
    "EVIDENCE", "FAULTS", "NOTE_NAMES", "NOT_SUBMITTED", "PERCENT_CELLS", "SPELLINGS",
    "UNKNOWN_TYPO", "YEAR", "SyntheticEvaluation", "simulate_evaluation", "write_evaluation",
    "write_shipped",
]  # fmt: skip

YEAR = 2025
NOT_SUBMITTED = "DKPANGAN"
UNKNOWN_TYPO = ("DISHUB", "Dinas Perhubngan Darat Prov Kalteng")  # not matched by units.yaml
SPELLINGS = {  # agency -> how its sheet names it (matched through units.yaml)
    "DINKES": "DINAS KESEHATAN", "DINSOS": "Dinas Sosial Prov. Kalteng", "DPUPR": "Dinas PUPR",
    "BKD": "bkd", "RSUD-DORIS": "RSUD dr. Doris Sylvanus Provinsi Kalimantan Tengah",
    "DISKOMINFOSANTIK": "Diskominfosantik", "SETDA-ORG": "Biro Organisasi Setda",
    "DISDIK": "Dinas Pendidikan Prov Kalteng",
}  # fmt: skip
PERCENT_CELLS = ["DISDIK", "DINKES", "BPKAD", "DLH"]  # agencies whose sheet stores 85 as 85%
NOTE_NAMES = ["Budi Santoso", "Sari Maharani", "Yohanes Ngabut", "Dewi Anggraini"]
EVIDENCE = ["SK Kepala Perangkat Daerah No. 800/{n}/{y}.pdf", "Notula rapat {n}.pdf",
            "https://drive.kalteng.example/bukti/{n}", "Daftar hadir kegiatan {n}.xlsx",
            "Laporan pelaksanaan {n}.pdf"]  # fmt: skip
# Planned faults: (agency, criterion, fault). Evidence gaps are drawn at random as well.
FAULTS = [
    ("DISPORA", "KP3", "invalid_letter"),  # "D" on an A/B/C criterion
    ("DLH", "AP1", "invalid_word"),  # "Sudah" on a Ya/Tidak criterion
    ("INSP", "RA3", "invalid_percent"),  # 110 on a percentage
    ("DINSOS", "NB2", "invalid_text"),  # a note typed into the answer cell
    ("BAPENDA", "IN2", "blank_verified"),
    ("SETWAN", "PT3", "blank_verified"),
    ("DISBUN", "NB6", "blank_verified"),
    ("DISPERINDAG", "IV1", "unknown_code"),  # code replaced by IV9
    ("DTPHP", "NB3", "mistyped_code"),  # "NB 8"
    ("BPBD", "NB4", "duplicate"),  # the row twice, second with another answer
]


@dataclass
class SyntheticEvaluation:
    """Workbooks (file name -> bytes), the expected scores and the expected quarantine."""

    files: dict[str, bytes] = field(default_factory=dict)
    truth: pd.DataFrame | None = None  # year, unit, component, score, self_score, verified_score
    quarantine: pd.DataFrame | None = None  # reason_code, rows


def _option_scores(kind: str) -> np.ndarray:
    return np.array(list(SCORE_MAPS[kind].values())) if kind in SCORE_MAPS else np.array([])


def _answer(kind: str, share: float) -> tuple[str | float, float]:
    """The option nearest a share (0-1) and its score; a percentage rounded to a whole."""
    if kind == PERCENT:
        value = float(np.clip(np.round(100 * share), 0, 100))
        return value, value / 100
    scores = _option_scores(kind)
    pick = int(np.argmin(np.abs(scores - share)))
    return list(SCORE_MAPS[kind])[pick], float(scores[pick])


def _shift(kind: str, answer, steps: int) -> tuple[str | float, float]:
    """An answer moved ``steps`` options up (positive) or down on its type's scale."""
    if kind == PERCENT:
        value = float(np.clip(answer + 12 * steps, 0, 100))
        return value, value / 100
    options = list(SCORE_MAPS[kind])
    pick = int(np.clip(options.index(answer) - steps, 0, len(options) - 1))
    return options[pick], SCORE_MAPS[kind][options[pick]]


def simulate_evaluation(
    rubric: Rubric,
    units: dict,
    *,
    seed: int,
    year: int = YEAR,
    survey_truth: pd.DataFrame | None = None,
    messy: bool = True,
) -> SyntheticEvaluation:
    """Simulate one year's filled worksheets for every agency of ``units`` (module docstring).

    ``survey_truth`` (the survey generator's truth table) correlates each agency's
    implementation with its true survey index; ``messy=False`` writes clean worksheets only.
    """
    rng = np.random.default_rng([int(seed), int(year), 11])
    codes = [u["code"] for u in units["units"]]
    names = {u["code"]: u["name"] for u in units["units"]}
    theta = rng.normal(0, 1, len(codes))
    if survey_truth is not None:
        t = survey_truth[(survey_truth["year"] == year) & (survey_truth["group_by"] == "unit")
                         & (survey_truth["measure"] == "index")].set_index("group")["truth"]  # fmt: skip
        level = t.reindex(codes).to_numpy(dtype="float64")
        z = (level - np.nanmean(level)) / np.nanstd(level)
        theta = 0.5 * np.nan_to_num(z) + np.sqrt(1 - 0.25) * theta
    theta = pd.Series(0.8 + 0.6 * theta, index=codes)
    crit = rubric.criteria.reset_index(drop=True)
    difficulty = rng.normal(0, 0.6, len(crit))
    faults = {(u, c): f for u, c, f in FAULTS} if messy else {}
    unknown = UNKNOWN_TYPO[0] if messy else None
    rows, truth, reasons = {}, [], []
    for u in codes:
        noise = rng.normal(0, 0.8, len(crit))
        share = stats.norm.cdf(theta[u] - difficulty + noise)
        steps = rng.choice([1, 0, -1], size=len(crit), p=[0.35, 0.6, 0.05])
        cite = rng.random(len(crit)) < (0.96 if messy else 1.0)
        noted = rng.random(len(crit)) < 0.3
        padded = rng.random(len(crit)) < (0.08 if messy else 0.0)
        table = []
        for i, c in enumerate(crit.itertuples(index=False)):
            verified, v_score = _answer(c.answer_type, share[i])
            self_answer, s_score = _shift(c.answer_type, verified, int(steps[i]))
            evidence = ""
            if v_score > 0 and (cite[i] or not c.evidence_required):
                evidence = EVIDENCE[i % len(EVIDENCE)].format(n=100 + i, y=year)
            note = f"Diverifikasi oleh {NOTE_NAMES[i % len(NOTE_NAMES)]}" if noted[i] else ""
            record = {"code": c.code, "self": self_answer, "evidence": evidence,
                      "verified": verified, "note": note}  # fmt: skip
            # What the pipeline must do with the row, in its order of checks.
            fault = faults.get((u, c.code), "")
            reason = ""
            if fault in ("unknown_code", "mistyped_code"):
                record["code"], reason = ("IV9" if fault == "unknown_code" else "NB 8"), (
                    "criterion_unknown")  # fmt: skip
            elif fault.startswith("invalid"):
                record["verified"] = {"invalid_letter": "D", "invalid_word": "Sudah",
                                      "invalid_percent": 110.0,
                                      "invalid_text": f"lihat catatan {NOTE_NAMES[0]}"}[fault]  # fmt: skip
                reason = "answer_invalid"
            elif fault == "blank_verified":
                record["verified"], reason = None, "verified_missing"
            elif c.evidence_required and v_score > 0 and not evidence:
                reason = "evidence_missing"
            if padded[i] and isinstance(record["verified"], str) and not reason:
                record["verified"] = f" {record['verified'].lower()} "  # still valid
            table.append(record)
            reasons.append("unit_unknown" if u == unknown else reason)
            if fault == "duplicate":
                other, _ = _shift(c.answer_type, verified, -1 if v_score > 0 else 1)
                table.append({**record, "verified": other, "note": ""})
                reasons.append("unit_unknown" if u == unknown else "criterion_duplicate")
            # The criterion's expected scores: 0 when quarantined, nothing when its row is lost.
            lost = reason == "criterion_unknown"
            score = 0.0 if reason else v_score
            ver_score = 0.0 if reason in ("answer_invalid", "verified_missing") or lost else v_score
            truth.append((u, c.component, c.code, score, 0.0 if lost else s_score, ver_score))
        rows[u] = pd.DataFrame(table, dtype=object).assign(as_percent=u in PERCENT_CELLS)

    out = SyntheticEvaluation()
    label = {u: (SPELLINGS.get(u, names[u]) if messy else names[u]) for u in codes}
    if messy:
        label[UNKNOWN_TYPO[0]] = UNKNOWN_TYPO[1]
    submitted = [u for u in codes if not (messy and u == NOT_SUBMITTED)]
    biro = [u for u in submitted if u.startswith("SETDA-")]
    out.files[f"lke-{year}-biro-setda-sintetis.xlsx"] = build_workbook(
        [{"title": u, "unit": label[u], "answers": rows[u]} for u in biro], rubric, year
    )
    for u in submitted:
        if u not in biro:
            out.files[f"lke-{year}-{u.lower()}-sintetis.xlsx"] = build_workbook(
                [{"title": "LKE", "unit": label[u], "answers": rows[u]}], rubric, year
            )
    scored = [u for u in submitted if u != unknown]
    out.truth = _truth(truth, rubric, year, scored)
    # Reasons of the rows written (the not-submitted agency's rows were never written).
    written = np.repeat([u in submitted for u in codes], [len(rows[u]) for u in codes])
    counts = pd.Series(np.array(reasons, dtype=object)[written]).value_counts()
    counts = counts.drop("", errors="ignore").sort_index()
    out.quarantine = pd.DataFrame({"reason_code": counts.index, "rows": counts.to_numpy()})
    return out


def _truth(records, rubric: Rubric, year: int, scored: list[str]) -> pd.DataFrame:
    """Component and total scores per agency from the generator's own answer scores."""
    table = pd.DataFrame(records, columns=["unit", "component", "criterion", "score",
                                           "self_score", "verified_score"])  # fmt: skip
    table = table[table["unit"].isin(scored)]
    weight = rubric.components.set_index("code")["weight"]
    means = table.groupby(["unit", "component"])[["score", "self_score", "verified_score"]].mean()
    points = means.mul(weight, level="component", axis=0).reset_index()
    total = points.groupby("unit")[["score", "self_score", "verified_score"]].sum().reset_index()
    total["component"] = TOTAL
    out = pd.concat([points, total], ignore_index=True)
    out.insert(0, "year", int(year))
    return out.sort_values(["unit", "component"], kind="stable").reset_index(drop=True)


def write_evaluation(sim: SyntheticEvaluation, folder: Path, truth_dir: Path | None) -> list[Path]:
    """Write the workbooks into ``folder`` and the truth into ``truth_dir``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted(sim.files.items()):
        (folder / name).write_bytes(data)
        written.append(folder / name)
    if truth_dir is not None:
        Path(truth_dir).mkdir(parents=True, exist_ok=True)
        scores = Path(truth_dir) / "evaluasi-truth-sintetis.csv"
        sim.truth.to_csv(scores, index=False, lineterminator="\n", float_format="%.6f")
        counts = Path(truth_dir) / "evaluasi-karantina-truth-sintetis.csv"
        sim.quarantine.to_csv(counts, index=False, lineterminator="\n")
        written += [scores, counts]
    return written


def write_shipped(
    survey_truth: pd.DataFrame | None,
    raw_dir: Path,
    truth_dir: Path | None,
    seed: int,
    folder: Path | None = None,
) -> list[Path]:
    """``make data``: the shipped 2025 worksheets in ``folder`` (default
    ``raw_dir/2025/evaluasi``), correlated with the survey's truth, and their truth."""
    from budaya_kerja.io.rubric import load_rubric
    from budaya_kerja.io.units import load_units
    from budaya_kerja.settings import REPO_ROOT

    rubric = load_rubric(REPO_ROOT / "config" / "evaluasi.yaml")
    units = load_units(REPO_ROOT / "config" / "units.yaml")
    if survey_truth is not None:  # as data/truth holds it, so the file reproduces the worksheets
        survey_truth = survey_truth.assign(
            truth=survey_truth["truth"].map(lambda v: float(f"{v:.6f}"))
        )
    sim = simulate_evaluation(rubric, units, seed=seed, survey_truth=survey_truth)
    target = Path(folder) if folder is not None else Path(raw_dir) / str(YEAR) / "evaluasi"
    return write_evaluation(sim, target, truth_dir)

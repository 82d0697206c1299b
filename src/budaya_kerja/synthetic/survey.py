"""Realistic synthetic survey exports with known truth (``make data`` writes the shipped set).

The model (all seeded, all vectorised):
- a finite population per year: Kalteng's provincial agencies with realistic headcounts, people
  with NIPs built as the real ones are (birth date, appointment, sex digit, sequence), sex,
  PNS/PPPK, golongan, jenis jabatan, age; most people stay from one year to the next;
- a seven-factor latent model: person factors (correlated 0.55, persistent across years with
  correlation 0.6), agency x value effects, effects of position, a change from 2024 to 2025 that
  differs by value and agency, and programme effects (podcast, workshop; seminar has none);
  each of the 21 items is the factor plus noise, cut into the 1-5 agreement scale;
- response: each person answers with an agency- and status-dependent probability;
- the mess of real exports: three file formats with different headers, labels instead of
  numbers, spelling variants of agency names, duplicate submissions, blank and out-of-range
  answers, malformed NIPs, unknown agencies, straight-liners and speeders.
A global intercept is calibrated so that the pipeline's 2024 index is 76.3, as published.

The truth (finite-population means of every person's answers, and programme effects in index
points) is written apart from the demo inputs (``data/truth/``) and read only by tests, never by estimators.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.io import origin
from budaya_kerja.io.units import load_units
from budaya_kerja.settings import Instrument, load_config
from budaya_kerja.stats import aggregate, scoring
from budaya_kerja.synthetic import evaluation as synthetic_evaluasi
from budaya_kerja.synthetic.exports import (
    FIRST,
    LAST,
    _exports,
    _units_path,
)

__all__ = [
    "FIRST", "LAST", "MANIFEST_PATH", "PROGRAMMES", "SEED", "TARGET_INDEX_2024", "THRESHOLDS",
    "UNIT_SIZES", "VALUE_CHANGE", "VALUE_LEVEL", "YEARS", "SyntheticSurvey", "main", "simulate",
    "write_survey",
]  # fmt: skip

SEED = 20250116  # the day the province formed its evaluation team
YEARS = (2024, 2025)
TARGET_INDEX_2024 = 76.3

# Headcounts in 2024 (provincial agencies; education and health are large, some biro tiny).
UNIT_SIZES = {
    "SETDA-ORG": 38, "SETDA-HUK": 34, "SETDA-PEM": 41, "SETDA-KES": 29, "SETDA-EKO": 31,
    "SETDA-ADP": 36, "SETDA-PBJ": 27, "SETDA-PIM": 16, "SETDA-UMUM": 96, "SETWAN": 118,
    "INSP": 104, "BKD": 112, "BPSDM": 84, "BAPPEDALITBANG": 97, "BAPENDA": 356, "BPKAD": 141,
    "KESBANGPOL": 58, "BPBD": 92, "DISDIK": 3150, "DINKES": 412, "DPUPR": 348,
    "PERKIMTAN": 121, "DISHUB": 206, "DISKOMINFOSANTIK": 97, "DUKCAPIL": 44, "DPMD": 66,
    "DISKOPUKM": 71, "DISPERINDAG": 109, "DP3APPKB": 62, "DISBUDPAR": 88, "DISHUT": 612,
    "DESDM": 93, "DISPUSIP": 64, "SATPOLPP": 187, "DPMPTSP": 73, "DISNAKERTRANS": 104,
    "DINSOS": 131, "DISPORA": 69, "DLH": 91, "DKP": 83, "DTPHP": 164, "DISBUN": 96,
    "DKPANGAN": 61, "RSUD-DORIS": 1390, "RSJ-KALAWA": 248, "BAKORWIL": 13,
}  # fmt: skip
# Agencies answering through the hospital spreadsheet and through the label-text CSV.
PROGRAMMES = {"podcast": 1.2, "workshop": 2.5, "seminar": 0.0}  # latent effect x 0.1
VALUE_LEVEL = {"BP": 0.10, "AK": 0.35, "KO": 0.00, "HA": 0.25, "LO": 0.42, "AD": -0.38, "KL": 0.12}
VALUE_CHANGE = {
    "BP": 0.38,
    "AK": 0.22,
    "KO": 0.34,
    "HA": -0.08,
    "LO": -0.12,
    "AD": 0.46,
    "KL": 0.30,
}
THRESHOLDS = np.array([-2.3, -1.5, -0.6, 0.75])


@dataclass
class SyntheticSurvey:
    """Everything one simulation made: export files, frames, programmes, truth, population."""

    exports: dict[int, dict[str, bytes]] = field(default_factory=dict)  # year -> name -> bytes
    frames: dict[int, pd.DataFrame] = field(default_factory=dict)
    programmes: pd.DataFrame | None = None
    truth: pd.DataFrame | None = None
    population: dict[int, pd.DataFrame] = field(default_factory=dict)  # with items, for tests
    intercept: float = 0.0


# ----------------------------------------------------------------------------- people
def _population(rng: np.random.Generator, sizes: dict[str, int], year: int) -> pd.DataFrame:
    units = np.repeat(list(sizes), list(sizes.values()))
    n = len(units)
    hospital_or_school = np.isin(units, ["RSUD-DORIS", "RSJ-KALAWA", "DISDIK", "DINKES"])
    pppk = rng.random(n) < np.where(hospital_or_school, 0.32, 0.14)
    male = rng.random(n) < np.where(hospital_or_school, 0.38, 0.58)
    age = np.clip(np.round(rng.triangular(21, 40, 58, n)), 21, 58).astype(int)
    age = np.where(pppk, np.clip(age - 6, 21, 58), age)
    birth_year = year - age
    birth = pd.to_datetime(
        {"year": birth_year, "month": rng.integers(1, 13, n), "day": rng.integers(1, 29, n)}
    )
    start_age = np.where(pppk, age - rng.integers(0, 3, n), rng.integers(22, 36, n))
    tmt_year = np.minimum(birth_year + np.minimum(start_age, age), year - 1)
    tmt_month = np.where(pppk, 1, rng.choice([1, 3, 4, 7, 10, 12], n))
    jabatan = np.where(
        pppk,
        rng.choice(["Fungsional", "Pelaksana"], n, p=[0.8, 0.2]),
        rng.choice(["Administrator", "Pengawas", "Fungsional", "Pelaksana"], n,
                   p=[0.03, 0.08, 0.47, 0.42]),
    )  # fmt: skip
    masa = year - tmt_year
    rank = rng.choice(["II", "III", "IV"], n, p=[0.28, 0.57, 0.15])
    sub = np.array(list("abcd"))[np.clip(masa // 6, 0, 3)]
    golongan = np.where(pppk, "", np.char.add(np.char.add(rank, "/"), sub))
    people = pd.DataFrame({
        "unit": units, "jenis_kelamin": np.where(male, "L", "P"),
        "status_kepegawaian": np.where(pppk, "PPPK", "PNS"), "birth": birth,
        "tmt_year": tmt_year, "tmt_month": tmt_month, "usia": age, "golongan": golongan,
        "jenis_jabatan": jabatan,
    })  # fmt: skip
    # One head (JPT) per agency: its oldest PNS.
    heads = people[~pppk].groupby("unit")["usia"].idxmax()
    people.loc[heads.to_numpy(), "jenis_jabatan"] = "JPT"
    people["nama"] = [
        f"{a} {b}" for a, b in zip(rng.choice(FIRST, n), rng.choice(LAST, n), strict=True)
    ]
    people["nip"] = _nips(people)
    return people


def _nips(people: pd.DataFrame) -> np.ndarray:
    """18-digit NIPs: PNS yyyymmdd+yyyymm+sex+seq; PPPK yyyymmdd+yyyy+'21'+sex+seq."""
    birth = people["birth"].dt.strftime("%Y%m%d")
    sex = np.where(people["jenis_kelamin"] == "L", "1", "2")
    tmt = np.where(
        people["status_kepegawaian"] == "PPPK",
        people["tmt_year"].astype(str) + "21",
        people["tmt_year"].astype(str) + people["tmt_month"].map("{:02d}".format),
    )
    prefix = pd.Series(birth.to_numpy() + tmt + sex, index=people.index)
    seq = prefix.groupby(prefix).cumcount() + 1
    return (prefix + seq.map("{:03d}".format)).to_numpy()


def _next_year(rng, people: pd.DataFrame, year: int) -> pd.DataFrame:
    """Next year's population: 4% leave, 2% change agency, new staff (mostly PPPK) arrive."""
    stay = people[rng.random(len(people)) > 0.04].copy()
    move = rng.random(len(stay)) < 0.02
    stay.loc[move, "unit"] = rng.choice(stay["unit"].unique(), move.sum())
    stay["usia"] += 1
    sizes = people["unit"].value_counts()
    new_sizes = {u: max(1, int(round(0.05 * s))) for u, s in sizes.items()}
    new = _population(rng, new_sizes, year)
    new["status_kepegawaian"] = np.where(rng.random(len(new)) < 0.7, "PPPK", "PNS")
    new["golongan"] = np.where(new["status_kepegawaian"] == "PPPK", "", new["golongan"])
    new["nip"] = _nips(new)
    new = new[~new["nip"].isin(stay["nip"])]
    return pd.concat([stay, new], ignore_index=True)


# ----------------------------------------------------------------------------- answers
@dataclass
class _Latent:
    """Everything that fixes the answers except the global intercept."""

    linear: np.ndarray  # persons x 21: latent item values without the intercept
    straightline: np.ndarray  # persons (bool): answers all 5


def _latent(rng, people, instrument, unit_effect, change, programme_shift, person_factor):
    values = instrument.value_ids
    k = len(instrument.values[values[0]])
    unit_idx = people["unit"].map({u: i for i, u in enumerate(unit_effect.index)}).to_numpy()
    jab = (
        people["jenis_jabatan"]
        .map(
            {
                "JPT": 0.35,
                "Administrator": 0.2,
                "Pengawas": 0.1,
                "Fungsional": 0.0,
                "Pelaksana": -0.05,
            }
        )
        .to_numpy()
    )
    base = (
        np.array([VALUE_LEVEL[v] for v in values])[None, :]
        + unit_effect.to_numpy()[unit_idx]
        + change.to_numpy()[unit_idx]
        + programme_shift[unit_idx][:, None]
        + jab[:, None]
        + np.where(people["status_kepegawaian"] == "PPPK", 0.05, 0.0)[:, None]
        + person_factor
    )
    item_offset = np.tile(np.array([0.05, -0.08, 0.03]), len(values))[: len(values) * k]
    noise = rng.normal(0.0, 0.62, size=(len(people), len(values) * k))
    linear = np.repeat(base, k, axis=1) + item_offset[None, :] + noise
    return _Latent(linear=linear, straightline=rng.random(len(people)) < 0.01)


def _answers(latent: _Latent, intercept: float) -> np.ndarray:
    codes = np.digitize(latent.linear + intercept, THRESHOLDS) + 1
    codes[latent.straightline] = 5
    return codes.astype("int8")


def _person_factors(rng, n, n_values, previous=None):
    corr = np.full((n_values, n_values), 0.55) + 0.45 * np.eye(n_values)
    fresh = rng.standard_normal((n, n_values)) @ np.linalg.cholesky(corr).T * 0.85
    if previous is None:
        return fresh
    return np.where(np.isnan(previous), fresh, 0.6 * previous + 0.8 * fresh)


# ----------------------------------------------------------------------------- simulate
def simulate(
    config: dict,
    units: dict,
    *,
    seed: int = SEED,
    years: tuple[int, ...] = YEARS,
    size: float = 1.0,
    target_index: float | None = TARGET_INDEX_2024,
    messy: bool = True,
) -> SyntheticSurvey:
    """Simulate populations, respondents and export files for ``years``.

    ``size`` scales every agency's headcount (tests use small ones); ``target_index`` is the
    pipeline's index for the first year after calibration (None: no calibration); ``messy``
    adds the faults of real exports.
    """
    rng = np.random.default_rng(seed)
    instrument = Instrument.from_config(config)
    values = instrument.value_ids
    codes = [u["code"] for u in units["units"]]
    sizes = {u: max(3, int(round(UNIT_SIZES.get(u, 60) * size))) for u in codes}
    unit_effect = pd.DataFrame(
        rng.normal(0, 0.22, (len(codes), len(values))) + rng.normal(0, 0.18, (len(codes), 1)),
        index=codes,
        columns=values,
    )
    # Programmes start in the second year; seminar is the placebo.
    participants = {
        "podcast": rng.choice(codes, size=int(0.5 * len(codes)), replace=False),
        "workshop": rng.choice(codes, size=12, replace=False),
        "seminar": rng.choice(codes, size=15, replace=False),
    }
    survey = SyntheticSurvey()
    people = None
    factors = None
    latents, frames, samples = {}, {}, {}
    for t, year in enumerate(years):
        people = _population(rng, sizes, year) if people is None else _next_year(rng, people, year)
        prev = None
        if factors is not None:
            prev = factors.reindex(people["nip"]).to_numpy()
        f = _person_factors(rng, len(people), len(values), prev)
        factors = pd.DataFrame(f, index=people["nip"])
        if t == 0:
            change = pd.DataFrame(0.0, index=codes, columns=values)
            shift = {}
        else:
            change = change + pd.DataFrame(
                np.array([VALUE_CHANGE[v] for v in values])[None, :] / t
                + rng.normal(0, 0.16, (len(codes), 1)),
                index=codes,
                columns=values,
            )
            shift = {p: np.isin(codes, participants[p]) * PROGRAMMES[p] / 10 for p in PROGRAMMES}
        total_shift = sum(shift.values()) if t else np.zeros(len(codes))
        factual = _latent(rng, people, instrument, unit_effect, change, total_shift, f)
        # Each programme's counterfactual removes only its own shift and shares the factual's
        # noise, so the true effect of each programme is exact.
        unit_idx = people["unit"].map({u: i for i, u in enumerate(codes)}).to_numpy()
        latents[year] = (
            factual,
            {
                p: _Latent(factual.linear - sh[unit_idx][:, None], factual.straightline)
                for p, sh in (shift.items() if t else [])
            },
        )
        frames[year] = (
            people.groupby(["unit", "jenis_kelamin", "status_kepegawaian"]).size()
            .rename("jumlah").reset_index()
        )  # fmt: skip
        rate = pd.Series(np.clip(rng.beta(7, 3, len(codes)), 0.25, 0.95), index=codes)
        for code, tiny_rate in {"BAKORWIL": 0.45, "SETDA-PIM": 0.5}.items():
            if code in rate:  # a few agencies end up under the minimum group size
                rate[code] = tiny_rate
        prob = people["unit"].map(rate).to_numpy() * np.where(
            people["status_kepegawaian"] == "PPPK", 0.85, 1.0
        )
        samples[year] = people[rng.random(len(people)) < prob].copy()
        survey.population[year] = people
    messes = {y: _plan_mess(rng, samples[y], messy) for y in years}

    intercept = 0.0
    if target_index is not None:
        intercept = _calibrate(
            lambda a, y=years[0]: _pipeline_index(
                samples[y], messes[y], latents[y][0], a, frames[y], instrument, config
            ),
            target_index,
        )
    survey.intercept = intercept
    truth = []
    for year in years:
        people = survey.population[year]
        answers = _answers(latents[year][0], intercept)
        people = people.assign(**{it: answers[:, j] for j, it in enumerate(instrument.items)})
        survey.population[year] = people
        truth.append(_truth(people, instrument, config, year))
        if latents[year][1]:
            truth.append(
                _programme_truth(
                    people, latents[year][1], intercept, participants, instrument, config, year
                )
            )
        sample = samples[year].join(people[instrument.items])
        personal = np.random.default_rng([seed, year, 1])  # its own stream: nothing else moves
        survey.exports[year] = _exports(rng, sample, messes[year], instrument, year, messy,
                                        personal)  # fmt: skip
        survey.frames[year] = frames[year]
    survey.truth = pd.concat(truth, ignore_index=True)
    survey.programmes = pd.DataFrame(
        [(u, p, years[1]) for p in PROGRAMMES for u in sorted(participants[p])],
        columns=["unit", "program", "tahun"],
    ) if len(years) > 1 else None  # fmt: skip
    return survey


def _plan_mess(rng, sample: pd.DataFrame, messy: bool) -> pd.DataFrame:
    """Which respondents' rows carry which fault (decided before answers are known)."""
    n = len(sample)
    kind = np.full(n, "", dtype=object)
    if messy:
        draw = rng.random(n)
        cuts = [("nip_excel", 0.002), ("nip_length", 0.002), ("out_of_range", 0.003),
                ("unknown_unit", 0.003), ("too_many_blank", 0.004)]  # fmt: skip
        lo = 0.0
        for name, share in cuts:
            kind[(draw >= lo) & (draw < lo + share)] = name
            lo += share
    plan = pd.DataFrame({"fault": kind}, index=sample.index)
    plan["blanks"] = np.where(messy & (rng.random(n) < 0.04), rng.integers(1, 4, n), 0)
    plan.loc[plan["fault"] == "too_many_blank", "blanks"] = 9
    plan["duplicate"] = messy & (rng.random(n) < 0.015) & (plan["fault"] == "")
    plan["identical_copy"] = messy & (rng.random(n) < 0.003) & (plan["fault"] == "")
    plan["blank_items"] = [
        rng.choice(21, size=b, replace=False) if b else np.array([], dtype=int)
        for b in plan["blanks"]
    ]
    return plan


def _accepted_answers(sample, mess, latent, intercept, items) -> pd.DataFrame:
    answers = _answers(latent, intercept)
    pos = sample.index.to_numpy()
    block = pd.DataFrame(answers[pos], index=sample.index, columns=items).astype("Int8")
    rows, cols = [], []
    for r, blank in enumerate(mess["blank_items"]):
        rows.extend([r] * len(blank))
        cols.extend(blank)
    arr = block.to_numpy(dtype="float64")
    arr[rows, cols] = np.nan
    block = pd.DataFrame(arr, index=sample.index, columns=items).astype("Int8")
    return block[(mess["fault"] == "").to_numpy()]


def _pipeline_index(sample, mess, latent, intercept, frame, instrument, config) -> float:
    """The index the pipeline reports for this sample (same scoring and estimator)."""
    ok = sample[(mess["fault"] == "").to_numpy()]
    answers = _accepted_answers(sample, mess, latent, intercept, instrument.items)
    responses = pd.concat([ok[["unit", "jenis_kelamin", "status_kepegawaian"]], answers], axis=1)
    scores, _ = scoring.score_sample(
        responses, frame, instrument, exclude=pd.Series(False, index=responses.index),
        min_items_per_value=config["scoring"]["min_items_per_value"],
    )  # fmt: skip
    est = aggregate.estimate_groups(
        scores, responses, instrument, year=0, group_by=[], bands=config["bands"]
    )
    return float(est.loc[est["measure"] == scoring.INDEX, "estimate"].iloc[0])


def _calibrate(index_at, target: float, lo: float = -2.0, hi: float = 2.0) -> float:
    """Bisection for the intercept that makes the pipeline's index ``target`` (to 0.005)."""
    for _ in range(60):
        mid = (lo + hi) / 2
        value = index_at(mid)
        if abs(value - target) < 0.005:
            return mid
        lo, hi = (mid, hi) if value < target else (lo, mid)
    raise RuntimeError(f"calibration did not reach {target} (last {value:.3f})")


def _truth(people, instrument, config, year) -> pd.DataFrame:
    """Finite-population means (every person's answers) per value, index, unit and group."""
    scores = scoring.score_respondents(
        people[["unit", "jenis_kelamin", "status_kepegawaian", "jenis_jabatan", *instrument.items]],
        instrument, config["scoring"]["min_items_per_value"],
    )  # fmt: skip
    measures = [scoring.INDEX, *instrument.value_ids]
    parts = [scores[measures].mean().rename("truth").to_frame().assign(group_by="all", group="all")]
    for dim in ["unit", "jenis_kelamin", "status_kepegawaian", "jenis_jabatan"]:
        g = scores.groupby(dim)[measures].mean().stack().rename("truth").reset_index()
        parts.append(g.rename(columns={dim: "group", "level_1": "measure"}).assign(group_by=dim))
    out = pd.concat([p.reset_index().rename(columns={"index": "measure"}) if "measure" not in p
                     else p for p in parts], ignore_index=True)  # fmt: skip
    out["year"] = year
    return out[["year", "group_by", "group", "measure", "truth"]]


def _programme_truth(people, counterfactuals, intercept, participants, instrument, config, year):
    """Each programme's average effect on its agencies' index (points): factual minus the
    counterfactual without that programme, over the participating agencies."""
    k = config["scoring"]["min_items_per_value"]
    fact = scoring.score_respondents(people, instrument, k).groupby("unit")["index"].mean()
    rows = []
    for programme, latent in counterfactuals.items():
        answers = _answers(latent, intercept)
        cf = people.drop(columns=instrument.items).assign(
            **{it: answers[:, j] for j, it in enumerate(instrument.items)}
        )
        count = scoring.score_respondents(cf, instrument, k).groupby("unit")["index"].mean()
        effect = float((fact - count)[list(participants[programme])].mean())
        rows.append((year, "program", programme, "index", effect))
    return pd.DataFrame(rows, columns=["year", "group_by", "group", "measure", "truth"])


# ----------------------------------------------------------------------------- exports
def write_survey(survey: SyntheticSurvey, raw_dir: Path, truth_path: Path | None) -> list[Path]:
    """Write exports, frames and programmes under ``raw_dir`` and the truth to ``truth_path``."""
    written = []
    for year, files in survey.exports.items():
        folder = Path(raw_dir) / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            written.append(folder / name)
        frame_path = folder / "populasi-sintetis.csv"
        survey.frames[year].to_csv(frame_path, index=False, lineterminator="\n")
        written.append(frame_path)
    if survey.programmes is not None:
        path = Path(raw_dir) / "program-sintetis.csv"
        survey.programmes.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    if truth_path is not None:
        Path(truth_path).parent.mkdir(parents=True, exist_ok=True)
        survey.truth.to_csv(truth_path, index=False, lineterminator="\n", float_format="%.6f")
        written.append(Path(truth_path))
    return written


MANIFEST_PATH = Path(origin.__file__).with_name(origin.MANIFEST)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write the shipped synthetic demo data, its truth and its SHA-256 manifest."
    )
    parser.add_argument("--config", default=None, help="config.yaml (default: the repo's)")
    parser.add_argument("--out-dir", default="data/contoh", help="the demo folder")
    parser.add_argument("--truth", default="data/truth/truth-sintetis.csv")
    parser.add_argument("--manifest", default=str(MANIFEST_PATH),
                        help="where the package reads the manifest (default: inside it)")  # fmt: skip
    parser.add_argument("--size", type=float, default=1.0, help="scale every agency's headcount")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    config = load_config(args.config)
    units = load_units(_units_path())
    survey = simulate(config, units, seed=args.seed, size=args.size)
    written = write_survey(survey, Path(args.out_dir), Path(args.truth))
    written += synthetic_evaluasi.write_shipped(
        survey.truth, Path(args.out_dir), Path(args.truth).parent, args.seed
    )
    truths = [p for p in written if p.parent == Path(args.truth).parent]
    inputs = [p for p in written if p not in truths]
    origin.write_manifest(inputs, Path(args.out_dir), Path(args.manifest))
    for path in [*written, Path(args.manifest)]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        print(f"{path}  {digest}")


if __name__ == "__main__":
    main()

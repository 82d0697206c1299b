"""The message catalogs: the same keys and placeholders in both languages, every key used."""

import re
import string

import pytest
import yaml

from budaya_kerja import messages
from budaya_kerja.settings import REPO_ROOT

SOURCES = [*sorted((REPO_ROOT / "src" / "budaya_kerja").rglob("*.py")),
           *sorted((REPO_ROOT / "workflow").rglob("*.py")),
           *sorted((REPO_ROOT / "workflow" / "rules").glob("*.smk")),
           REPO_ROOT / "Snakefile"]  # fmt: skip


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    ids, ens = messages.catalog("id"), messages.catalog("en")
    assert set(ids) == set(ens)
    for key in ids:
        assert _fields(ids[key]) == _fields(ens[key]), key
        words = re.sub(r"\{[^}]*\}", "", ids[key])
        assert ids[key] != ens[key] or not re.search(r"[a-z]{4}", words), key  # translated


def test_every_key_is_used_and_every_used_key_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"message\(\s*\"([a-z_]+\.[a-z_]+)\"", path.read_text()))
    # Keys chosen by a condition are written out in full at their use too.
    used |= {m for path in SOURCES for m in re.findall(r"\"((?:summary|schema)\.[a-z_]+)\"",
                                                       path.read_text())}  # fmt: skip
    assert used == set(messages.catalog("id"))


def test_language_follows_setting_then_environment_then_indonesian(monkeypatch):
    monkeypatch.delenv(messages.ENV, raising=False)
    assert messages.message("ingest.empty") == "berkas kosong"
    monkeypatch.setenv(messages.ENV, "en")
    assert messages.message("ingest.empty") == "the file is empty"
    messages.set_language("id")
    try:
        assert messages.message("ingest.empty") == "berkas kosong"
    finally:
        messages.set_language(None)
    with pytest.raises(ValueError):
        messages.set_language("fr")


def test_stop_messages_of_a_file_are_indonesian_by_default(tmp_path, config, instrument,
                                                           monkeypatch):  # fmt: skip
    from budaya_kerja.errors import InputFileError
    from budaya_kerja.io.ingest import read_export

    monkeypatch.delenv(messages.ENV, raising=False)
    (tmp_path / "a.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match=r"^berkas a\.csv: berkas kosong\. Cara memperbaiki"):
        read_export(tmp_path / "a.csv", config["columns"], instrument)


# --------------------------------------------------------------------------- stops in both languages
def _rubric(tmp_path, change):
    raw = yaml.safe_load((REPO_ROOT / "config" / "evaluasi.yaml").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "evaluasi.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _twice(raw):
    raw["components"][1]["criteria"][0]["code"] = raw["components"][0]["criteria"][0]["code"]


def _stops(tmp_path, config, units, instrument):
    """Each stop as (name, the call that stops, its Indonesian and its English text)."""
    import copy

    import pandas as pd

    from budaya_kerja import api
    from budaya_kerja.io import rubric, template, worksheets
    from budaya_kerja.settings import check_config
    from budaya_kerja.stats import aggregate, compare, domains, evaluation, programmes, weighting

    (tmp_path / "kosong.xlsx").write_bytes(b"")
    (tmp_path / "lama.xls").write_bytes(b"x")
    (tmp_path / "project" / "data" / "raw").mkdir(parents=True)
    no_label = copy.deepcopy(config)
    no_label["scale"]["labels"] = {k: v for k, v in config["scale"]["labels"].items() if v != 3}
    odd_demo = {**copy.deepcopy(config), "demo": "kadang"}
    design = pd.DataFrame(
        {"weight": [1.0], "stratum": ["A"], "stratum_N": [10.0], "unit": ["A"], "index": [50.0]}
    )
    return [
        ("empty worksheet", lambda: worksheets.read_workbook(tmp_path / "kosong.xlsx"),
         r"^berkas kosong\.xlsx: berkas kosong\. Cara memperbaiki: simpan ulang lembar kerjanya$",
         r"^file kosong\.xlsx: the file is empty\. How to fix: save the worksheet again$"),
        ("worksheet suffix", lambda: worksheets.read_workbook(tmp_path / "lama.xls"),
         r"^berkas lama\.xls: '\.xls' bukan format lembar kerja yang didukung\. Cara memperbaiki: "
         r"simpan sebagai \.xlsx", r"^file lama\.xls: '\.xls' is not a supported worksheet "
         r"format\. How to fix: save it as \.xlsx"),
        ("rubric weights",
         lambda: rubric.load_rubric(_rubric(tmp_path, lambda r: r["components"][0].update(
             weight=25))),
         r"kunci components/\*/weight: jumlah bobotnya 105, bukan 100; ubah bobotnya",
         r"key components/\*/weight: the weights sum to 105, not 100; change them"),
        ("rubric code twice", lambda: rubric.load_rubric(_rubric(tmp_path, _twice)),
         r"kunci components/1/criteria/0/code: kode 'KP1' dipakai dua kali; beri setiap kriteria",
         r"key components/1/criteria/0/code: 'KP1' is used twice; give every criterion"),
        ("rubric schema",
         lambda: rubric.load_rubric(_rubric(tmp_path, lambda r: r["components"][0].update(
             weight="dua puluh"))),
         r"^rubrik .*, kunci components/0/weight: 'dua puluh' harus bertipe 'number'$",
         r"^rubric .*, key components/0/weight: 'dua puluh' is not of type 'number'$"),
        ("template label", lambda: template.survey_template(no_label, units, 2026),
         r"^kunci konfigurasi scale/labels: jawaban \[3\] belum berlabel",
         r"^config key scale/labels: no label for answer\(s\) \[3\]"),
        ("config value", lambda: check_config(odd_demo, "x.yaml"),
         r"^konfigurasi x\.yaml, kunci demo: 'kadang' bukan salah satu dari \[",
         r"^config x\.yaml, key demo: 'kadang' is not one of \["),
        ("group_by unknown",
         lambda: aggregate.sample_cells(design, design, instrument, ["golongan_x"]),
         r"^estimation\.group_by menyebut 'golongan_x', yang bukan kolom pada tabel skor; pakai "
         r"salah satu dari \['stratum', 'unit'\]$",
         r"^estimation\.group_by names 'golongan_x', which is not a column of the scores; use "
         r"one of \['stratum', 'unit'\]$"),
        ("frame headcount",
         lambda: weighting.poststratify(design.assign(unit="B"),
                                        pd.DataFrame({"unit": ["A"], "jumlah": [4]})),
         r"^kerangka populasi tidak memuat jumlah pegawai untuk unit B; tambahkan ke populasi",
         r"^population frame has no headcount for unit\(s\) B; add them to populasi"),
        ("evaluation weights",
         lambda: evaluation.check_weights({"survey": 0.9, "evaluation": 0.2}),
         r"^kunci konfigurasi evaluation/weights: survei 0\.9 \+ evaluasi 0\.2 harus berupa dua",
         r"^config key evaluation/weights: survey 0\.9 \+ evaluation 0\.2 must be two"),
        ("programme columns",
         lambda: programmes.read_programmes(pd.DataFrame({"unit": ["A"], "tahun": [2025]})),
         r"^berkas program tidak memuat kolom \['program'\]",
         r"^programme file lacks column\(s\) \['program'\]"),
        ("compare same year",
         lambda: compare.compare_years(design, design, design, design, year0=2025, year1=2025,
                                       measures=["index"], group_columns={}),
         r"^year0 dan year1 sama-sama 2025; bandingkan dua tahun yang berbeda$",
         r"^year0 and year1 are both 2025; compare two different years$"),
        ("domain group", lambda: domains.contrast_domains(design, "unit", "A", "X"),
         r"^unit tidak memiliki kelompok 'X'; kelompoknya: \['A'\]$",
         r"^unit has no group 'X'; its groups are \['A'\]$"),
        ("confidence", lambda: domains.contrast_domains(design, "unit", "A", "A", confidence=2),
         r"^confidence harus di antara 0 dan 1, bukan 2$",
         r"^confidence must lie between 0 and 1, got 2$"),
        ("api no tables", lambda: api.load(root=tmp_path / "project"),
         r"belum memuat satu pun tahun yang sudah diolah; jalankan `make report`",
         r"holds no processed year; run `make report`"),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["id", "en"])
def test_stops_speak_the_language_in_force(language, tmp_path, config, units, instrument):
    from budaya_kerja.errors import BudayaKerjaError

    messages.set_language(language)
    try:
        for name, stop, indonesian, english in _stops(tmp_path, config, units, instrument):
            with pytest.raises(BudayaKerjaError) as caught:
                stop()
            expected = indonesian if language == "id" else english
            assert re.search(expected, str(caught.value)), (name, str(caught.value))
    finally:
        messages.set_language(None)


def test_a_file_stop_keeps_file_problem_and_fix_apart(tmp_path):
    from budaya_kerja.errors import InputFileError
    from budaya_kerja.io.worksheets import read_workbook

    (tmp_path / "lama.xls").write_bytes(b"x")
    messages.set_language("id")
    try:
        with pytest.raises(InputFileError) as caught:
            read_workbook(tmp_path / "lama.xls")
    finally:
        messages.set_language(None)
    assert caught.value.file == "lama.xls"
    assert caught.value.problem == "'.xls' bukan format lembar kerja yang didukung"
    assert caught.value.fix == "simpan sebagai .xlsx, atau pindahkan dari folder evaluasi"


# Literal text in a raise is read by an analyst in one language only. These stay English:
# programming errors no input, configuration or API argument can cause.
LITERAL_RAISES_ALLOWED = {
    ("report/tables.py", "_table"),  # a chapter's code built a table of uneven rows
    ("stats/scoring.py", "item_points"),  # the config schema admits only the known conversions
}
LAYERS = ["io", "report", "stats", "settings.py", "api.py", "errors.py", "messages.py"]


def _literal_raises(path):
    """(function, line) of each ``raise X(...)`` given a string literal or f-string."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else \
                function  # fmt: skip
            if isinstance(child, ast.Raise) and isinstance(child.exc, ast.Call):
                args = [*child.exc.args, *(k.value for k in child.exc.keywords)]
                if any(isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and
                       isinstance(a.value, str)) for a in args):  # fmt: skip
                    found.append((function, child.lineno))
            visit(child, inner)

    visit(tree, "")
    return found


def test_no_stop_is_written_in_one_language_only():
    package = REPO_ROOT / "src" / "budaya_kerja"
    paths = [p for layer in LAYERS for p in ([package / layer] if layer.endswith(".py") else
             sorted((package / layer).rglob("*.py")))]  # fmt: skip
    assert len(paths) > 30
    found = {(str(p.relative_to(package)), function): line for p in paths
             for function, line in _literal_raises(p)}  # fmt: skip
    assert set(found) == LITERAL_RAISES_ALLOWED, found


def test_the_scan_sees_literal_raises(tmp_path):
    source = tmp_path / "x.py"
    source.write_text('def f(x):\n    raise ValueError(f"bad {x}")\n\n\ndef g():\n'
                      '    raise KeyError(message("a.b"))\n')  # fmt: skip
    assert _literal_raises(source) == [("f", 2)]


@pytest.mark.parametrize("schema, instance", [
    ({"type": "integer"}, "ten"), ({"enum": ["a", "b"]}, "c"), ({"minimum": 1}, 0),
    ({"maximum": 1}, 2), ({"exclusiveMinimum": 0}, 0), ({"exclusiveMaximum": 1}, 1),
    ({"pattern": "^[0-9]{4}$"}, "x"), ({"minItems": 2}, [1]), ({"maxItems": 1}, [1, 2]),
    ({"minLength": 1}, ""), ({"minProperties": 1}, {}), ({"uniqueItems": True}, [1, 1]),
    ({"oneOf": [{"type": "string"}, {"type": "object"}]}, 1), ({"required": ["a", "b"]}, {"a": 1}),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "bb": 2}),
])  # fmt: skip
def test_schema_problems_are_phrased_in_the_language_in_force(schema, instance):
    import jsonschema

    from budaya_kerja.settings import schema_problem

    error = next(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    said = {}
    for language in messages.LANGUAGES:
        messages.set_language(language)
        try:
            said[language] = schema_problem(error)
        finally:
            messages.set_language(None)
    assert said["id"] != said["en"] and error.message != said["id"], said
    # What is wrong stays named: the value, or the key.
    named = {"required": "'b'", "additionalProperties": "'bb'"}.get(error.validator,
                                                                    repr(instance))  # fmt: skip
    assert named in said["id"] and named in said["en"], said

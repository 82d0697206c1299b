# The implementation evaluation (from 2025): worksheets -> scores -> combined index -> awards.
include: "common_evaluation.smk"


# Read and check a year's evaluation worksheets; quarantine invalid rows with a reason.
rule check_worksheets:
    input:
        worksheets=worksheet_files,
        rubric=RUBRIC,
        units=ancient(UNITS),
    output:
        criteria=f"{PROCESSED}/{{year}}/evaluation_criteria.csv",
        rejected=f"{PROCESSED}/{{year}}/evaluation_rejected.csv",
        quality=f"{PROCESSED}/{{year}}/evaluation_quality.json",
    log:
        f"{LOGS}/check_worksheets/{{year}}.log",
    benchmark:
        "benchmarks/check_worksheets/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("check_worksheets"),
    params:
        code=code_of("check_worksheets"),
        settings=settings_for("evaluation"),
        # As for the exports: an alias edit reruns only the years whose worksheets it touches.
        units=worksheet_units_digest,
    script:
        "../scripts/check_worksheets.py"


# Component and total scores per agency (score, maximum, self-assessed, verified, evidence).
rule score_evaluation:
    input:
        criteria=rules.check_worksheets.output.criteria,
        rubric=RUBRIC,
    output:
        evaluation=report(
            f"{PROCESSED}/{{year}}/evaluation.csv",
            caption="../report/evaluation.rst",
            category="Evaluasi",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/score_evaluation/{{year}}.log",
    benchmark:
        "benchmarks/score_evaluation/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("score_evaluation"),
    params:
        code=code_of("score_evaluation"),
        settings=settings_for("evaluation"),
        unit_labels=UNIT_LABELS,
    script:
        "../scripts/score_evaluation.py"


# Combined index (survey + evaluation) per agency and province, and the award candidates.
rule combine_index:
    input:
        evaluation=evaluation_for,
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        frame=f"{PROCESSED}/{{year}}/populasi.csv",
    output:
        combined=report(
            f"{PROCESSED}/{{year}}/combined.csv",
            caption="../report/combined.rst",
            category="Evaluasi",
            subcategory="{year}",
        ),
        awards=report(
            f"{PROCESSED}/{{year}}/penghargaan.csv",
            caption="../report/penghargaan.rst",
            category="Evaluasi",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/combine_index/{{year}}.log",
    benchmark:
        "benchmarks/combine_index/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("combine_index"),
    params:
        code=code_of("combine_index"),
        settings=settings_for("evaluation", "estimation", "bands"),
        unit_labels=UNIT_LABELS,
    script:
        "../scripts/combine_index.py"


# Evaluation score against survey index and its change; self-assessment against verified.
rule analyse_evaluation:
    input:
        evaluation=rules.score_evaluation.output.evaluation,
        criteria=rules.check_worksheets.output.criteria,
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        comparison=comparison_files_for,
        rubric=RUBRIC,
    output:
        relation=report(
            f"{PROCESSED}/{{year}}/evaluation_relation.csv",
            caption="../report/evaluation_relation.rst",
            category="Evaluasi",
            subcategory="{year}",
        ),
        gap=report(
            f"{PROCESSED}/{{year}}/evaluation_gap.csv",
            caption="../report/evaluation_gap.rst",
            category="Evaluasi",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/analyse_evaluation/{{year}}.log",
    benchmark:
        "benchmarks/analyse_evaluation/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("analyse_evaluation"),
    params:
        code=code_of("analyse_evaluation"),
        settings=settings_for("evaluation", "estimation"),
    script:
        "../scripts/analyse_evaluation.py"


# The figures of the report's evaluation chapter in every report language, with their alt
# text and captions (one manifest per language, as make_figures).
rule make_evaluation_figures:
    input:
        evaluation=rules.score_evaluation.output.evaluation,
        combined=rules.combine_index.output.combined,
        awards=rules.combine_index.output.awards,
        gap=rules.analyse_evaluation.output.gap,
        rubric=RUBRIC,
    output:
        figures=report(
            directory(f"{REPORTS}/{{year}}/{EVALUATION_FIGURES}"),
            caption="../report/figures.rst",
            category="Gambar",
            subcategory="{year}",
            patterns=["{name}.svg"],
        ),
        manifests=[
            f"{REPORTS}/{{year}}/{figures_of(lang, EVALUATION_FIGURES)[1]}"
            for lang in LANGUAGES
        ],
    log:
        f"{LOGS}/make_evaluation_figures/{{year}}.log",
    benchmark:
        "benchmarks/make_evaluation_figures/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("make_evaluation_figures"),
    params:
        code=code_of("make_evaluation_figures"),
        settings=settings_for("evaluation", "estimation", "bands", "report"),
    script:
        "../scripts/make_evaluation_figures.py"

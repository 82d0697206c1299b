# Estimates with CIs for the province, each agency and each demographic group.
rule estimate_groups:
    input:
        scores=rules.score_values.output.scores,
        responses=rules.clean_responses.output.responses,
        units=UNITS,
    output:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
    log:
        "logs/estimate_groups/{year}.log",
    benchmark:
        "benchmarks/estimate_groups/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("aggregate", "scoring"),
        settings=settings_for("instrument", "scale", "estimation", "bands", "quality"),
    script:
        "../scripts/estimate_groups.py"


# Internal consistency of each value's items (Cronbach's alpha, McDonald's omega).
rule assess_reliability:
    input:
        responses=rules.clean_responses.output.responses,
    output:
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
    log:
        "logs/assess_reliability/{year}.log",
    benchmark:
        "benchmarks/assess_reliability/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("reliability"),
        settings=settings_for("instrument", "scale", "estimation"),
    script:
        "../scripts/assess_reliability.py"


# Seven-factor CFA of the year and measurement invariance with the previous year.
rule assess_validity:
    input:
        responses=lambda wc: [
            f"{PROCESSED}/{y}/responses.parquet"
            for y in [previous_year(wc.year), int(wc.year)]
            if y is not None
        ],
    output:
        validity=f"{PROCESSED}/{{year}}/validity.csv",
    log:
        "logs/assess_validity/{year}.log",
    benchmark:
        "benchmarks/assess_validity/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("validity"),
        settings=settings_for("instrument", "scale"),
    script:
        "../scripts/assess_validity.py"

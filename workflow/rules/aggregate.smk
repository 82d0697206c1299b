# Estimates with CIs for the province, each agency and each demographic group, and the
# response rates, with the same agencies suppressed in both.
rule estimate_groups:
    input:
        scores=rules.score_values.output.scores,
        responses=rules.clean_responses.output.responses,
        quality=rules.clean_responses.output.quality,
        frame=rules.clean_responses.output.frame,
        units=UNITS,
    output:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
    log:
        f"{LOGS}/estimate_groups/{{year}}.log",
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("aggregate", "scoring", "suppression", "rounding"),
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
        f"{LOGS}/assess_reliability/{{year}}.log",
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("reliability", "clean"),
        settings=settings_for("instrument", "scale", "estimation", "quality"),
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
        f"{LOGS}/assess_validity/{{year}}.log",
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("validity", "clean"),
        settings=settings_for("instrument", "scale", "quality"),
    script:
        "../scripts/assess_validity.py"

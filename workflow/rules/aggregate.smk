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
    benchmark:
        "benchmarks/estimate_groups/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("estimate_groups"),
        settings=settings_for("instrument", "scale", "estimation", "bands", "quality"),
    script:
        "../scripts/estimate_groups.py"

# Value scores, index and survey weights per respondent.
rule score_values:
    input:
        responses=rules.clean_responses.output.responses,
        frame=rules.clean_responses.output.frame,
    output:
        scores=f"{PROCESSED}/{{year}}/scores.parquet",
        weighting=f"{PROCESSED}/{{year}}/weighting.json",
    log:
        f"{LOGS}/score_values/{{year}}.log",
    benchmark:
        "benchmarks/score_values/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("score_values"),
    params:
        code=code_of("score_values"),
        settings=settings_for("instrument", "scale", "scoring", "estimation", "quality"),
    script:
        "../scripts/score_values.py"

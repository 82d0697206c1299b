# Seven-factor CFA of the year and measurement invariance with the previous year.
rule assess_validity:
    input:
        responses=lambda wc: [
            f"{PROCESSED}/{y}/responses.parquet"
            for y in [previous_year(wc.year), int(wc.year)]
            if y is not None
        ],
        fitted=lambda wc: [
            f"{PROCESSED}/{y}/validity.csv"
            for y in [previous_year(wc.year)]
            if y is not None
        ],
    output:
        validity=report(
            f"{PROCESSED}/{{year}}/validity.csv",
            caption="../report/validity.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/assess_validity/{{year}}.log",
    benchmark:
        "benchmarks/assess_validity/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("assess_validity"),
    params:
        code=code_of("assess_validity"),
        settings=settings_for("instrument", "scale", "quality"),
    script:
        "../scripts/assess_validity.py"

# Internal consistency of each value's items (Cronbach's alpha, McDonald's omega).
rule assess_reliability:
    input:
        responses=rules.clean_responses.output.responses,
    output:
        reliability=report(
            f"{PROCESSED}/{{year}}/reliability.csv",
            caption="../report/reliability.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/assess_reliability/{{year}}.log",
    benchmark:
        "benchmarks/assess_reliability/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("assess_reliability"),
    params:
        code=code_of("assess_reliability"),
        settings=settings_for("instrument", "scale", "estimation", "quality"),
    script:
        "../scripts/assess_reliability.py"

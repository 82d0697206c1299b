# Distance to the year's target band and the probability of meeting it.
rule track_targets:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
    output:
        target=report(
            f"{PROCESSED}/{{year}}/target.csv",
            caption="../report/target.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/track_targets/{{year}}.log",
    benchmark:
        "benchmarks/track_targets/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("track_targets"),
    params:
        code=code_of("track_targets"),
        settings=settings_for("instrument", "targets"),
    script:
        "../scripts/track_targets.py"

# Change between two years per group and measure, with CIs and adjusted p-values.
rule compare_years:
    input:
        estimates0=f"{PROCESSED}/{{y0}}/estimates.csv",
        estimates1=f"{PROCESSED}/{{y1}}/estimates.csv",
        scores0=f"{PROCESSED}/{{y0}}/scores.parquet",
        scores1=f"{PROCESSED}/{{y1}}/scores.parquet",
        responses0=f"{PROCESSED}/{{y0}}/responses.parquet",
        responses1=f"{PROCESSED}/{{y1}}/responses.parquet",
        # Origin (demo or real) and key fingerprint of each year: never compared across.
        quality0=f"{PROCESSED}/{{y0}}/quality.json",
        quality1=f"{PROCESSED}/{{y1}}/quality.json",
    output:
        comparison=report(
            f"{PROCESSED}/comparison/{{y0}}-{{y1}}.csv",
            caption="../report/comparison.rst",
            category="Perbandingan",
        ),
    log:
        f"{LOGS}/compare_years/{{y0}}-{{y1}}.log",
    benchmark:
        "benchmarks/compare_years/{y0}-{y1}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("compare_years"),
    params:
        code=code_of("compare_years"),
        settings=settings_for("instrument", "scale", "estimation", "comparison"),
    script:
        "../scripts/compare_years.py"

# Change between two years per group and measure, with CIs and adjusted p-values.
rule compare_years:
    input:
        estimates0=f"{PROCESSED}/{{y0}}/estimates.csv",
        estimates1=f"{PROCESSED}/{{y1}}/estimates.csv",
        scores0=f"{PROCESSED}/{{y0}}/scores.parquet",
        scores1=f"{PROCESSED}/{{y1}}/scores.parquet",
    output:
        comparison=f"{PROCESSED}/comparison/{{y0}}-{{y1}}.csv",
    params:
        settings=settings_for("instrument", "estimation", "comparison"),
    log:
        "logs/compare_years/{y0}-{y1}.log",
    wildcard_constraints:
        y0=r"\d{4}",
        y1=r"\d{4}",
    script:
        "../scripts/compare_years.py"

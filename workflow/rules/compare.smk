# Change between two years per group and measure, with CIs and adjusted p-values.
rule compare_years:
    input:
        estimates0=f"{PROCESSED}/{{y0}}/estimates.csv",
        estimates1=f"{PROCESSED}/{{y1}}/estimates.csv",
        scores0=f"{PROCESSED}/{{y0}}/scores.parquet",
        scores1=f"{PROCESSED}/{{y1}}/scores.parquet",
    output:
        comparison=f"{PROCESSED}/comparison/{{y0}}-{{y1}}.csv",
    log:
        "logs/compare_years/{y0}-{y1}.log",
    benchmark:
        "benchmarks/compare_years/{y0}-{y1}.tsv"
    wildcard_constraints:
        y0=r"\d{4}",
        y1=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("compare", "aggregate", "scoring"),
        settings=settings_for("instrument", "scale", "estimation", "comparison"),
    script:
        "../scripts/compare_years.py"


# Distance to the year's target band and the probability of meeting it.
rule track_targets:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
    output:
        target=f"{PROCESSED}/{{year}}/target.csv",
    log:
        "logs/track_targets/{year}.log",
    benchmark:
        "benchmarks/track_targets/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("targets"),
        settings=settings_for("instrument", "targets"),
    script:
        "../scripts/track_targets.py"


# Programme effects on agency indices (difference-in-differences) up to a year.
rule evaluate_programmes:
    input:
        estimates=estimates_up_to,
        programmes=program_files,
    output:
        programmes=f"{PROCESSED}/{{year}}/programmes.csv",
    log:
        "logs/evaluate_programmes/{year}.log",
    benchmark:
        "benchmarks/evaluate_programmes/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("programmes"),
        settings=settings_for("estimation"),
    script:
        "../scripts/evaluate_programmes.py"

# The sufficient statistics (sums per finest cell, answers and counts per agency) of one part
# of a year's agencies: `estimation.parts` jobs per year, each holding only its agencies' rows
# (for national data on a cluster); they merge into the year's sums exactly.
rule sum_cells:
    input:
        scores=rules.score_values.output.scores,
        responses=rules.clean_responses.output.responses,
    output:
        cells=f"{PROCESSED}/{{year}}/cells/{{part}}.parquet",
        units=f"{PROCESSED}/{{year}}/cells/{{part}}-agencies.parquet",
        groups=f"{PROCESSED}/{{year}}/cells/{{part}}-groups.parquet",
    log:
        f"{LOGS}/sum_cells/{{part}}-{{year}}.log",
    benchmark:
        "benchmarks/sum_cells/{part}-{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("sum_cells", share=1 / len(PARTS)),
    params:
        code=code_of("sum_cells"),
        settings=settings_for("instrument", "scale", "estimation"),
    script:
        "../scripts/sum_cells.py"


# Estimates with CIs for the province, each agency and each demographic group; response rates
# (the same agencies suppressed in both); how each behaviour was answered; the agencies' funnel.
rule estimate_groups:
    input:
        cells=lambda w: [f"{PROCESSED}/{w.year}/cells/{part}.parquet" for part in PARTS],
        units=lambda w: [
            f"{PROCESSED}/{w.year}/cells/{part}-agencies.parquet" for part in PARTS
        ],
        groups=lambda w: [
            f"{PROCESSED}/{w.year}/cells/{part}-groups.parquet" for part in PARTS
        ],
        quality=rules.clean_responses.output.quality,
        frame=rules.clean_responses.output.frame,
    output:
        estimates=report(
            f"{PROCESSED}/{{year}}/estimates.csv",
            caption="../report/estimates.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        response_rates=report(
            f"{PROCESSED}/{{year}}/response_rates.csv",
            caption="../report/response_rates.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        item_shares=report(
            f"{PROCESSED}/{{year}}/items.csv",
            caption="../report/items.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        funnel=report(
            f"{PROCESSED}/{{year}}/funnel.csv",
            caption="../report/funnel.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/estimate_groups/{{year}}.log",
    benchmark:
        "benchmarks/estimate_groups/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("estimate_groups"),
    params:
        code=code_of("estimate_groups"),
        settings=settings_for(
            "instrument", "scale", "estimation", "bands", "quality", "demographics"
        ),
        # The agencies' names (not their aliases): a new name reruns every year's estimates.
        unit_labels=UNIT_LABELS,
    script:
        "../scripts/estimate_groups.py"

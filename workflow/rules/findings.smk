# Strengths, challenges, most improved and most declined behaviours of a year, and the key
# drivers (which behaviours go with the rest of the culture).
rule find_item_findings:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        item_shares=f"{PROCESSED}/{{year}}/items.csv",
        scores=f"{PROCESSED}/{{year}}/scores.parquet",
        responses=f"{PROCESSED}/{{year}}/responses.parquet",
        comparison=comparison_files_for,
    output:
        findings=report(
            f"{PROCESSED}/{{year}}/item_findings.csv",
            caption="../report/item_findings.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        drivers=report(
            f"{PROCESSED}/{{year}}/drivers.csv",
            caption="../report/drivers.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/find_item_findings/{{year}}.log",
    benchmark:
        "benchmarks/find_item_findings/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("find_item_findings"),
    params:
        code=code_of("find_item_findings"),
        settings=settings_for("instrument", "scale", "findings", "estimation"),
    script:
        "../scripts/find_item_findings.py"

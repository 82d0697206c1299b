# Strengths, challenges, most improved and most declined behaviours of a year.
rule find_item_findings:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        item_shares=f"{PROCESSED}/{{year}}/items.csv",
        comparison=comparison_files_for,
    output:
        findings=f"{PROCESSED}/{{year}}/item_findings.csv",
    log:
        f"{LOGS}/find_item_findings/{{year}}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("find_item_findings"),
        settings=settings_for("instrument", "scale", "findings"),
    script:
        "../scripts/find_item_findings.py"

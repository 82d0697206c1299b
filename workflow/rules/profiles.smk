# Each agency against the province and its strongest and weakest behaviours; the agencies
# that need attention, by a rule that respects uncertainty.
rule profile_agencies:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        scores=f"{PROCESSED}/{{year}}/scores.parquet",
        funnel=f"{PROCESSED}/{{year}}/funnel.csv",
        comparison=comparison_files_for,
    output:
        profiles=report(
            f"{PROCESSED}/{{year}}/profiles.csv",
            caption="../report/profiles.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        attention=report(
            f"{PROCESSED}/{{year}}/attention.csv",
            caption="../report/attention.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/profile_agencies/{{year}}.log",
    benchmark:
        "benchmarks/profile_agencies/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("profile_agencies"),
    params:
        code=code_of("profile_agencies"),
        settings=settings_for("instrument", "scale", "estimation", "bands", "findings"),
    script:
        "../scripts/profile_agencies.py"

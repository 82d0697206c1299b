# Validate, pseudonymise and deduplicate one year's exports; quarantine invalid rows.
rule clean_responses:
    input:
        exports=survey_files,
        frame=frame_files,
        units=UNITS,
    output:
        responses=f"{PROCESSED}/{{year}}/responses.parquet",
        rejected=f"{PROCESSED}/{{year}}/rejected.csv",
        rejected_per_unit=directory(f"{PROCESSED}/{{year}}/rejected-per-unit"),
        quality=f"{PROCESSED}/{{year}}/quality.json",
        frame=f"{PROCESSED}/{{year}}/populasi.csv",
    log:
        "logs/clean_responses/{year}.log",
    benchmark:
        "benchmarks/clean_responses/{year}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("clean", "ingest"),
        settings=settings_for(
            "columns",
            "instrument",
            "scale",
            "demographics",
            "quality",
            "pseudonym",
            "excel_sheet",
        ),
    script:
        "../scripts/clean_responses.py"

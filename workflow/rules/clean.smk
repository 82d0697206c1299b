# Validate, pseudonymise and deduplicate one year's exports; quarantine invalid rows.
rule clean_responses:
    input:
        exports=survey_files,
        frame=frame_files,
        units=UNITS,
    output:
        responses=f"{PROCESSED}/{{year}}/responses.parquet",
        rejected=f"{PROCESSED}/{{year}}/rejected.csv",
        quality=f"{PROCESSED}/{{year}}/quality.json",
        frame=f"{PROCESSED}/{{year}}/populasi.csv",
    params:
        settings=settings_for("columns", "instrument", "scale", "demographics", "quality",
                              "pseudonym", "excel_sheet"),
    log:
        "logs/clean_responses/{year}.log",
    wildcard_constraints:
        year=r"\d{4}",
    script:
        "../scripts/clean_responses.py"

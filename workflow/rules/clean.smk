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
        f"{LOGS}/clean_responses/{{year}}.log",
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("clean_responses"),
        settings=settings_for(
            "columns",
            "instrument",
            "scale",
            "demographics",
            "quality",
            "pseudonym",
            "privacy",
            "excel_sheet",
        ),
        # A new key re-cleans the year (the fingerprint names the key without revealing it).
        key_fingerprint=key_fingerprint,
        # The quarantine reasons in rejected.csv are written in the report's language.
        language=config["report"]["languages"][0],
    script:
        "../scripts/clean_responses.py"

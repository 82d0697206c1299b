# Validate, pseudonymise and deduplicate one year's exports; quarantine invalid rows.
rule clean_responses:
    input:
        exports=survey_files,
        frame=frame_files,
        # ancient: editing units.yaml does not by itself re-clean every year; the digest in
        # params re-cleans the years holding a name the edit changes.
        units=ancient(UNITS),
    output:
        responses=f"{PROCESSED}/{{year}}/responses.parquet",
        rejected=f"{PROCESSED}/{{year}}/rejected.csv",
        rejected_per_unit=directory(f"{PROCESSED}/{{year}}/rejected-per-unit"),
        quality=f"{PROCESSED}/{{year}}/quality.json",
        frame=f"{PROCESSED}/{{year}}/populasi.csv",
    log:
        f"{LOGS}/clean_responses/{{year}}.log",
    benchmark:
        "benchmarks/clean_responses/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("clean_responses"),
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
            "anonymous",
        ),
        units=units_digest,
        # A new key re-cleans the year (the fingerprint names the key without revealing it).
        key_fingerprint=key_fingerprint,
        # The quarantine reasons in rejected.csv are written in the report's language.
        language=config["report"]["language"],
    script:
        "../scripts/clean_responses.py"

# Response by frame group, respondents against the frame, and whether the province's results
# depend on the weights or on the flagged respondents.
rule check_nonresponse:
    input:
        responses=f"{PROCESSED}/{{year}}/responses.parquet",
        scores=f"{PROCESSED}/{{year}}/scores.parquet",
        frame=f"{PROCESSED}/{{year}}/populasi.csv",
    output:
        nonresponse=report(
            f"{PROCESSED}/{{year}}/nonresponse.csv",
            caption="../report/nonresponse.rst",
            category="Tabel",
            subcategory="{year}",
        ),
        sensitivity=report(
            f"{PROCESSED}/{{year}}/sensitivity.csv",
            caption="../report/sensitivity.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/check_nonresponse/{{year}}.log",
    benchmark:
        "benchmarks/check_nonresponse/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("check_nonresponse"),
    params:
        code=code_of("check_nonresponse"),
        settings=settings_for("instrument", "scale", "estimation", "quality", "scoring"),
    script:
        "../scripts/check_nonresponse.py"

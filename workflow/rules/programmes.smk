# Programme effects on agency indices (difference-in-differences) up to a year.
rule evaluate_programmes:
    input:
        estimates=estimates_up_to,
        programmes=program_files,
    output:
        programmes=report(
            f"{PROCESSED}/{{year}}/programmes.csv",
            caption="../report/programmes.rst",
            category="Tabel",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/evaluate_programmes/{{year}}.log",
    benchmark:
        "benchmarks/evaluate_programmes/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("evaluate_programmes"),
    params:
        code=code_of("evaluate_programmes"),
        settings=settings_for("estimation"),
    script:
        "../scripts/evaluate_programmes.py"

# The report's figures for one year, with their alt text and captions.
rule make_figures:
    input:
        estimates=estimates_up_to,
        comparisons=comparison_files_for,
        responses=rules.clean_responses.output.responses,
    output:
        figures=directory(f"{REPORTS}/{{year}}/figures"),
        manifest=f"{REPORTS}/{{year}}/figures.json",
    log:
        f"{LOGS}/make_figures/{{year}}.log",
    benchmark:
        "benchmarks/make_figures/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("make_figures"),
        settings=settings_for(
            "instrument",
            "scale",
            "estimation",
            "comparison",
            "bands",
            "targets",
            "report",
        ),
    script:
        "../scripts/make_figures.py"

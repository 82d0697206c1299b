# The report's figures for one year in every report language, with their alt text and
# captions (one manifest per language).
rule make_figures:
    input:
        estimates=estimates_up_to,
        comparison=comparison_files_for,
        item_shares=rules.estimate_groups.output.item_shares,
        funnel=rules.estimate_groups.output.funnel,
    output:
        figures=report(
            directory(f"{REPORTS}/{{year}}/figures"),
            caption="../report/figures.rst",
            category="Gambar",
            subcategory="{year}",
            patterns=["{name}.svg"],
        ),
        manifests=[f"{REPORTS}/{{year}}/{figures_of(lang)[1]}" for lang in LANGUAGES],
    log:
        f"{LOGS}/make_figures/{{year}}.log",
    benchmark:
        "benchmarks/make_figures/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    resources:
        mem_mb=memory_of("make_figures"),
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

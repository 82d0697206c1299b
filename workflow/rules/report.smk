# The PDF evaluation report and its Excel tables for one year.
rule build_report:
    input:
        estimates=estimates_up_to,
        comparisons=comparison_files_for,
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
        validity=f"{PROCESSED}/{{year}}/validity.csv",
        target=f"{PROCESSED}/{{year}}/target.csv",
        programmes=programmes_for,
        weighting=f"{PROCESSED}/{{year}}/weighting.json",
        response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
        quality=rules.clean_responses.output.quality,
        manifest=rules.make_figures.output.manifest,
        figures=rules.make_figures.output.figures,
        template=REPORT_TEMPLATE,
        config=CONFIG_FILES,
    output:
        pdf=f"{REPORTS}/{{year}}/laporan-evaluasi-{{year}}.pdf",
        tables=f"{REPORTS}/{{year}}/tabel-{{year}}.xlsx",
    log:
        f"{LOGS}/build_report/{{year}}.log",
    benchmark:
        "benchmarks/build_report/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("build_report"),
        settings=lambda wildcards: config,
        code_version=CODE_VERSION,
    script:
        "../scripts/build_report.py"

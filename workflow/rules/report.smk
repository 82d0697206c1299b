# The PDF evaluation report of one year in one language: laporan-evaluasi-<year>.pdf (id),
# evaluation-report-<year>.pdf (en); report.languages says which are built.
rule build_report:
    input:
        estimates=estimates_up_to,
        comparison=comparison_files_for,
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
        validity=f"{PROCESSED}/{{year}}/validity.csv",
        target=f"{PROCESSED}/{{year}}/target.csv",
        programmes=programmes_for,
        weighting=f"{PROCESSED}/{{year}}/weighting.json",
        response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
        funnel=f"{PROCESSED}/{{year}}/funnel.csv",
        quality=rules.clean_responses.output.quality,
        manifest=lambda w: f"{REPORTS}/{w.year}/{figures_of(language_of(w.stem))[1]}",
        figures=rules.make_figures.output.figures,
        template=REPORT_TEMPLATE,
        config=CONFIG_FILES,
    output:
        pdf=report(
            f"{REPORTS}/{{year}}/{{stem}}-{{year}}.pdf",
            caption="../report/laporan.rst",
            category="Laporan",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/build_report/{{stem}}-{{year}}.log",
    benchmark:
        "benchmarks/build_report/{stem}-{year}.tsv"
    wildcard_constraints:
        stem="|".join(REPORT_FILES.values()),
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("build_report"),
        settings=lambda wildcards: config,
        language=lambda wildcards: language_of(wildcards.stem),
        code_version=CODE_VERSION,
    script:
        "../scripts/build_report.py"


# The analyst workbook of one year (Excel, in Bahasa Indonesia, with a codebook sheet).
rule write_workbook:
    input:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
        comparison=comparison_files_for,
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
        validity=f"{PROCESSED}/{{year}}/validity.csv",
        target=f"{PROCESSED}/{{year}}/target.csv",
        programmes=programmes_for,
        response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
        quality=rules.clean_responses.output.quality,
    output:
        tables=report(
            f"{REPORTS}/{{year}}/tabel-{{year}}.xlsx",
            caption="../report/tabel.rst",
            category="Laporan",
            subcategory="{year}",
        ),
    log:
        f"{LOGS}/write_workbook/{{year}}.log",
    benchmark:
        "benchmarks/write_workbook/{year}.tsv"
    conda:
        "../envs/analysis.yaml"
    params:
        code=code_of("write_workbook"),
    script:
        "../scripts/write_workbook.py"

# The PDF evaluation report of one year in one language: laporan-evaluasi-<year>.pdf (id),
# evaluation-report-<year>.pdf (en); report.languages says which are built.
rule build_report:
    input:
        estimates=estimates_up_to,
        comparison=comparison_files_for,
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
        validity=f"{PROCESSED}/{{year}}/validity.csv",
        targets=f"{PROCESSED}/{{year}}/target.csv",
        programmes=programmes_for,
        weighting=f"{PROCESSED}/{{year}}/weighting.json",
        response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
        funnel=f"{PROCESSED}/{{year}}/funnel.csv",
        item_findings=f"{PROCESSED}/{{year}}/item_findings.csv",
        drivers=f"{PROCESSED}/{{year}}/drivers.csv",
        nonresponse=f"{PROCESSED}/{{year}}/nonresponse.csv",
        sensitivity=f"{PROCESSED}/{{year}}/sensitivity.csv",
        profiles=f"{PROCESSED}/{{year}}/profiles.csv",
        attention=f"{PROCESSED}/{{year}}/attention.csv",
        evaluation=evaluation_tables("evaluation.csv"),
        combined=evaluation_tables("combined.csv"),
        awards=evaluation_tables("penghargaan.csv"),
        relation=evaluation_tables("evaluation_relation.csv"),
        gap=evaluation_tables("evaluation_gap.csv"),
        evaluation_quality=evaluation_tables("evaluation_quality.json"),
        rubric=evaluation_tables("rubric"),
        quality=rules.clean_responses.output.quality,
        manifests=report_manifests,
        figures=rules.make_figures.output.figures,
        template=REPORT_TEMPLATE,
        templates=TEMPLATE_FILES,
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
    resources:
        mem_mb=memory_of("build_report"),
    params:
        code=code_of("build_report"),
        settings=lambda wildcards: config,
        language=lambda wildcards: language_of(wildcards.stem),
        code_version=CODE_VERSION,
        units=UNIT_LABELS,
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
    resources:
        mem_mb=memory_of("write_workbook"),
    params:
        code=code_of("write_workbook"),
    script:
        "../scripts/write_workbook.py"


# Each agency's profile as its own PDF (the page of the report's appendix), in PROFILE_JOBS
# parallel jobs a year: one job per agency spent ~2.4 s of CPU on starting Python and reading
# the tables for ~0.1 s of typesetting (measured on the demo: 92 jobs, 205 CPU s; in batches,
# 8 jobs, 26 CPU s), so each job builds a share of the agencies.
for number, codes in enumerate(PROFILE_BATCHES, 1):
    if not codes:  # fewer agencies than jobs
        continue

    rule:
        name:
            f"build_profiles_{number}"
        input:
            estimates=estimates_up_to,
            comparison=comparison_files_for,
            response_rates=f"{PROCESSED}/{{year}}/response_rates.csv",
            funnel=f"{PROCESSED}/{{year}}/funnel.csv",
            profiles=f"{PROCESSED}/{{year}}/profiles.csv",
            combined=evaluation_tables("combined.csv"),
            quality=rules.clean_responses.output.quality,
            template=PROFILE_TEMPLATE,
            templates=TEMPLATE_FILES,
            config=CONFIG_FILES,
        output:
            pdfs=[f"{REPORTS}/{{year}}/perangkat-daerah/{code}.pdf" for code in codes],
        log:
            f"{LOGS}/build_profiles/{{year}}/{number}.log",
        benchmark:
            f"benchmarks/build_profiles/{{year}}/{number}.tsv"
        conda:
            "../envs/analysis.yaml"
        resources:
            mem_mb=memory_of("build_profiles"),
        params:
            code=code_of("build_profiles"),
            settings=lambda wildcards: config,
            units={code: UNIT_LABELS[code] for code in codes},
        script:
            "../scripts/build_profiles.py"

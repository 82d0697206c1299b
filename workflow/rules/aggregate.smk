# Estimates with CIs for the province, each agency and each demographic group.
rule estimate_groups:
    input:
        scores=rules.score_values.output.scores,
        responses=rules.clean_responses.output.responses,
        units=UNITS,
    output:
        estimates=f"{PROCESSED}/{{year}}/estimates.csv",
    log:
        "logs/estimate_groups/{year}.log",
    wildcard_constraints:
        year=r"\d{4}",
    params:
        settings=settings_for("instrument", "scale", "estimation", "bands", "quality"),
    script:
        "../scripts/estimate_groups.py"


# Internal consistency of each value's items (Cronbach's alpha, McDonald's omega).
rule assess_reliability:
    input:
        responses=rules.clean_responses.output.responses,
    output:
        reliability=f"{PROCESSED}/{{year}}/reliability.csv",
    log:
        "logs/assess_reliability/{year}.log",
    wildcard_constraints:
        year=r"\d{4}",
    params:
        settings=settings_for("instrument", "scale", "estimation"),
    script:
        "../scripts/assess_reliability.py"

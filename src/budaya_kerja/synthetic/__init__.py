"""The seeded generator of the shipped demo data and its truth."""

from budaya_kerja.synthetic.exports import SARAN
from budaya_kerja.synthetic.survey import (
    MANIFEST_PATH,
    SyntheticSurvey,
    main,
    simulate,
    write_survey,
)

__all__ = ["MANIFEST_PATH", "SARAN", "SyntheticSurvey", "main", "simulate", "write_survey"]

"""The statistics: scoring, weighting, estimates, comparison, reliability and more."""

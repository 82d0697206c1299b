"""Benchmarks of the pipeline at national scale (``make bench``); code only, no data."""

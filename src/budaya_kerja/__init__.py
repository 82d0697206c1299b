"""budaya-kerja: the Indeks Budaya Kerja ASN BerAKHLAK, from raw survey exports to a PDF report.

The public API (:mod:`budaya_kerja.api`), importable from here::

    import budaya_kerja as bk
    data = bk.load(2025)                       # the processed tables (a Survey)
    bk.estimate(data.sample(2025), by="status_kepegawaian", measures=["index", "BP"])
    bk.contrast(data.sample(2025), "status_kepegawaian", "PPPK", "PNS")
    bk.compare(data, 2024, 2025), bk.reliability(data, 2025), bk.drivers(data, 2025)

The API is imported on first use, so the pipeline's own modules load without it.
"""

__version__ = "0.2.0"

_API = ("Survey", "compare", "contrast", "drivers", "estimate", "funnel", "item_distribution",
        "load", "reliability")  # fmt: skip
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from budaya_kerja import api

        return getattr(api, name)
    raise AttributeError(f"module 'budaya_kerja' has no attribute {name!r}")

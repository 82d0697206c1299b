"""budaya-kerja: the Indeks Budaya Kerja ASN BerAKHLAK, from raw survey exports to a PDF report."""

__version__ = "0.1.0"

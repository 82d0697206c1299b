"""``python -m budaya_kerja.synthetic``: make data."""

from budaya_kerja.synthetic.survey import main

main()

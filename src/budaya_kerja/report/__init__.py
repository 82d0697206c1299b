"""The PDF report: context assembly, chapters and Typst rendering."""

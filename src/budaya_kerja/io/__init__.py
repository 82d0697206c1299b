"""Reading and writing: exports, cleaning, units, keys, origin, tables, worksheets."""

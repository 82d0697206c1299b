"""The report's figures: one house style, one module per figure family."""

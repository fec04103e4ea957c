"""Reading speeches and outlines for the writer: check, stats, extract, and the structure reader."""

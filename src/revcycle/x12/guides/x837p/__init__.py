"""837 Professional claim, 005010X222A1."""

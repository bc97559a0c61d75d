"""837 Institutional claim, 005010X223A2: typed read into the 837P batch structure (no writer yet)."""

"""837 Institutional claim, 005010X223A2 (loop tree and validation from the spec; typed models come with institutional billing)."""

"""Translators between the domain and X12 (claims to 837, 835 to remittances, ...)."""

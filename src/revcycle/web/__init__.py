"""Jinja2 + HTMX pages for coders and billers."""

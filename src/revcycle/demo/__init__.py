"""Synthetic practice generator and the end-to-end demo."""

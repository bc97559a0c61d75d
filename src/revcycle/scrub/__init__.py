"""Claim edits as pure functions returning Findings."""

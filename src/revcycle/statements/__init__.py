"""Patient statements: one per guarantor, itemised from the journal, rendered as a PDF."""

from revcycle.statements.model import (
    AGING_LABELS,
    Party,
    PatientEntries,
    Statement,
    StatementItem,
    StatementSettings,
    build_statement,
)
from revcycle.statements.pdf import render_statement

__all__ = [
    "AGING_LABELS", "Party", "PatientEntries", "Statement", "StatementItem", "StatementSettings",
    "build_statement", "render_statement",
]

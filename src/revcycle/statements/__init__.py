"""Patient statements: one per guarantor, itemised from the journal, rendered as a PDF (`statements.pdf`,
imported on its own so the model and payment plans do not load reportlab)."""

from revcycle.statements.model import (
    AGING_LABELS,
    Party,
    PatientEntries,
    Statement,
    StatementItem,
    StatementSettings,
    build_statement,
)

__all__ = [
    "AGING_LABELS", "Party", "PatientEntries", "Statement", "StatementItem", "StatementSettings",
    "build_statement",
]

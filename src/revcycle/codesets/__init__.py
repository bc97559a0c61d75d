"""Versioned code-set releases (ICD-10-CM, HCPCS, CPT demo subset, modifiers, POS, MCE, NCCI): look-up, search and validation by date of service."""

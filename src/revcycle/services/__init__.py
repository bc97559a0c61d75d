"""Use cases, one function per verb, each one transaction that writes the audit log."""

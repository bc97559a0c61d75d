"""Payers, contracts, fee schedules, benefit plans and the adjudication engine (payer simulator)."""

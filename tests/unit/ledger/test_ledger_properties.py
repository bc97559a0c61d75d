"""Property-based: the ledger invariants hold after any sequence of postings (pure journal)."""

from hypothesis import HealthCheck, settings
from ledger_machine import LedgerMachine

LedgerMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_pure_journal_keeps_its_invariants = LedgerMachine.TestCase

"""Double-entry accounts and an append-only journal; posting rules; balances derived from the journal."""

from revcycle.ledger import accounts, postings
from revcycle.ledger.accounts import AccountKind, AccountRef
from revcycle.ledger.balances import Receivable, account_balance, receivable, trial_balance
from revcycle.ledger.entries import Entry, EntryKind, Line, PostedEntry
from revcycle.ledger.journal import Journal
from revcycle.ledger.postings import ChargeRef

__all__ = [
    "AccountKind",
    "AccountRef",
    "ChargeRef",
    "Entry",
    "EntryKind",
    "Journal",
    "Line",
    "PostedEntry",
    "Receivable",
    "account_balance",
    "accounts",
    "postings",
    "receivable",
    "trial_balance",
]

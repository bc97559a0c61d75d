"""Double-entry accounts and an append-only journal; posting rules; balances derived from the journal."""

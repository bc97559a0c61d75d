"""The way back: what a payer decided and paid (the remittance model, in cents), matched to the claims
we sent and planned as ledger entries, denials and exceptions. Pure: no database, no X12."""

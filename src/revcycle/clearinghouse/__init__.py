"""Trading partners: the practice's transport to clearinghouses and payers behind one `Clearinghouse` protocol."""

"""The payer simulator: a fake payer that adjudicates 837P claims into 999/277CA/835 and answers 270/276."""

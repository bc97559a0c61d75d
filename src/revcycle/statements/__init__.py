"""Patient statements and payment plans."""

"""The Claim aggregate built from a coded encounter, its lifecycle and versions."""

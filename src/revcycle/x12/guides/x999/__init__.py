"""999 implementation acknowledgment, 005010X231A1, and the 997 read with the same models; specs in data/."""

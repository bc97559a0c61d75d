"""277CA claim acknowledgment, 005010X214 (X364 read with the same layout); models shared with x276_277."""

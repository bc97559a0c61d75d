"""270/271 eligibility inquiry and response, 005010X279A1 (4010 X092A1 read with the same layout); specs in data/."""

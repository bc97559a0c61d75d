"""276/277 claim status request and response, 005010X212 (4010 X093A1 read with the same layout); specs in data/."""

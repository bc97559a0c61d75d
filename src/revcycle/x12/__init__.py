"""Pure X12 5010 EDI: delimiters, envelopes, segments, one module per transaction guide; lossless read and write."""

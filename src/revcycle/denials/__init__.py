"""Denial categories from CARC/RARC, work queues, appeals, corrected claims."""

"""The kernel: money, errors, findings and the clock — what every other package shares.

It imports nothing but the standard library.
"""

from revcycle.kernel.clock import Clock, FixedClock, SystemClock
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding, Severity
from revcycle.kernel.money import Money, round_cents

__all__ = [
    "Clock",
    "ErrorCode",
    "Finding",
    "FixedClock",
    "Money",
    "RevcycleError",
    "Severity",
    "SystemClock",
    "round_cents",
]

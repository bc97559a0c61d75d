"""The error tree.

    RevcycleError                 a command that cannot proceed (bad user data is a Finding instead)
      .code: ErrorCode            stable, machine-readable; the API maps it to HTTP in one place

Domain packages raise `RevcycleError(ErrorCode.X, message)`; nobody catches a bare
`Exception`. Add a member to `ErrorCode` rather than a new exception class unless callers
need to catch it separately.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

State = TypeVar("State", bound=str)


class ErrorCode(StrEnum):
    # kernel
    INVALID_AMOUNT = "invalid_amount"
    INVALID_DATE = "invalid_date"
    # code sets
    NO_RELEASE_FOR_DATE = "no_release_for_date"
    UNKNOWN_CODE_SYSTEM = "unknown_code_system"
    CODESET_DATA_MISSING = "codeset_data_missing"
    INVALID_CODESET_FILE = "invalid_codeset_file"
    # practice and ledger
    INVALID_NPI = "invalid_npi"
    INVALID_TIN = "invalid_tin"
    NOT_FOUND = "not_found"
    VALIDATION = "validation"
    UNBALANCED_ENTRY = "unbalanced_entry"
    COVERAGE_NOT_IN_FORCE = "coverage_not_in_force"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    # X12
    X12_SYNTAX = "x12_syntax"
    X12_UNSUPPORTED = "x12_unsupported"
    # claims and remittances
    ILLEGAL_TRANSITION = "illegal_transition"
    UNBALANCED_REMITTANCE = "unbalanced_remittance"
    # access
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # sign-in throttled or locked out
    BUSY = "busy"  # the server is at its limit of concurrent work (password hashing); try again
    # trading partners
    PARTNER_UNREACHABLE = "partner_unreachable"  # a clearinghouse could not be reached or refused us


class RevcycleError(Exception):
    """A command that cannot proceed. `code` is stable; `message` is for people."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def check_transition(
    table: Mapping[State, frozenset[State]], current: State, target: State, subject: str, none_left: str
) -> None:
    """ILLEGAL_TRANSITION unless a lifecycle `table` allows `current` -> `target`; the message names the
    `subject` ("claim E12-1") and what is allowed (`none_left` when nothing is)."""
    allowed = table[current]
    if target not in allowed:
        listed = ", ".join(sorted(allowed)) or none_left
        raise RevcycleError(
            ErrorCode.ILLEGAL_TRANSITION, f"{subject}: cannot go from {current} to {target}; allowed: {listed}"
        )

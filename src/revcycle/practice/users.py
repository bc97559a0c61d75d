"""The practice's staff who use revcycle: users, their roles and what each role may do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import parse_choice

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


class Role(StrEnum):
    CODER = "coder"
    BILLER = "biller"
    MANAGER = "manager"
    ADMIN = "admin"
    AUDITOR = "auditor"


class Permission(StrEnum):
    READ_PATIENTS = "read_patients"
    EDIT_PATIENTS = "edit_patients"
    EDIT_ENCOUNTERS = "edit_encounters"
    EDIT_PRACTICE = "edit_practice"
    POST_LEDGER = "post_ledger"
    ADJUST_LEDGER = "adjust_ledger"  # write-offs, refunds, reversals: money leaving the books
    READ_LEDGER = "read_ledger"
    READ_AUDIT = "read_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_INTERFACES = "manage_interfaces"  # receive EHR messages, see, replay and dismiss the error queue
    # one per write-off kind (ledger.adjustments): a biller clears small balances, a manager the rest
    WRITE_OFF_SMALL_BALANCE = "write_off_small_balance"
    WRITE_OFF_NON_COVERED = "write_off_non_covered"
    WRITE_OFF_TIMELY_FILING = "write_off_timely_filing"
    WRITE_OFF_BAD_DEBT = "write_off_bad_debt"
    WRITE_OFF_COURTESY = "write_off_courtesy"


_READ = {Permission.READ_PATIENTS, Permission.READ_LEDGER}
_BILLER = _READ | {Permission.EDIT_PATIENTS, Permission.EDIT_ENCOUNTERS, Permission.POST_LEDGER,
                   Permission.WRITE_OFF_SMALL_BALANCE, Permission.MANAGE_INTERFACES}  # fmt: skip
_WRITE_OFFS = {Permission.WRITE_OFF_NON_COVERED, Permission.WRITE_OFF_TIMELY_FILING, Permission.WRITE_OFF_BAD_DEBT,
               Permission.WRITE_OFF_COURTESY}  # fmt: skip
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CODER: frozenset({Permission.READ_PATIENTS, Permission.EDIT_ENCOUNTERS}),
    Role.BILLER: frozenset(_BILLER),
    Role.MANAGER: frozenset(
        _BILLER | _WRITE_OFFS | {Permission.ADJUST_LEDGER, Permission.EDIT_PRACTICE, Permission.READ_AUDIT}
    ),
    Role.ADMIN: frozenset(Permission),
    Role.AUDITOR: frozenset(_READ | {Permission.READ_AUDIT}),
}


@dataclass(frozen=True, slots=True)
class User:
    username: str
    role: Role
    active: bool = True
    id: int | None = None

    def __post_init__(self) -> None:
        if not _USERNAME.match(self.username):
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"username {self.username!r}: 2-64 characters, lower-case letters, digits, '.', '_' or '-'",
            )
        object.__setattr__(self, "role", parse_choice(Role, self.role, "role"))

    def can(self, permission: Permission) -> bool:
        return self.active and permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise RevcycleError(
                ErrorCode.FORBIDDEN, f"user {self.username} ({self.role}) may not {permission.value}"
            )

"""The password policy for staff accounts (pure): long enough, not a common or breached password, not the
user name, not only digits. NIST SP 800-63B style: no composition rules (no "one capital, one symbol"),
a length floor, and a list of passwords attackers try first (`data/common_passwords.txt`, see its .md).

    password_problem("1234567890ab", "bea")   -> None or the one sentence that says what is wrong
    check_password(password, username)         -> raises RevcycleError(VALIDATION) with that sentence
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from revcycle.kernel.errors import ErrorCode, RevcycleError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
_BEYOND_THE_NAME = 8  # characters a password must have besides the user name in it


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the 10,000 most common passwords (lower-case)."""
    text = files("revcycle.practice").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


def password_problem(password: str, username: str) -> str | None:
    """What makes `password` unfit for `username`, or None when it may be used."""
    folded = password.casefold()
    name = username.casefold()
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"a password has at most {MAX_PASSWORD_LENGTH} characters"
    if "\x00" in password:
        return "a password may not contain a NUL character"
    if password.isdecimal():
        return "a password may not be only digits"
    if name and (folded in (name, name[::-1]) or len(folded.replace(name, "")) < _BEYOND_THE_NAME):
        return "a password may not be the user name or little more than it"
    if folded in common_passwords() or folded.strip() in common_passwords():
        return "this password is on the list of common passwords attackers try first; choose another"
    if len(set(folded)) < 4:
        return "a password needs at least 4 different characters"
    return None


def check_password(password: str, username: str) -> None:
    if (problem := password_problem(password, username)) is not None:
        raise RevcycleError(ErrorCode.VALIDATION, problem)

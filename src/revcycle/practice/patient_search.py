"""Finding a patient as the front desk does: by name (case- and accent-insensitive prefix), birth date,
account number or member id, one page at a time in a chosen order.

    name_key("Zoë O'Brien-Núñez")        -> "zoeobriennunez"
    PatientQuery.from_text("obri, zo")   -> last name starts "obri", first name starts "zo"
    PatientQuery.from_text("1990-04-02") -> born 1990-04-02

A name is compared by its key: decomposed (NFKD), accents and punctuation dropped, case folded,
so "Núñez", "nunez" and "NUNEZ" find the same patient, and "de la" finds "De La Cruz".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError

_NOT_KEY = re.compile(r"[^a-z0-9]")
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_ACCOUNT = re.compile(r"^\d{8}$")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y")


def name_key(text: str) -> str:
    """The form a name is stored and searched by: no accents, no spaces or punctuation, case folded."""
    decomposed = unicodedata.normalize("NFKD", text or "").casefold().translate(_UNDECOMPOSED)
    return _NOT_KEY.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def member_key(text: str) -> str:
    """A member id as compared: upper case, without spaces or dashes."""
    return re.sub(r"[\s-]", "", text or "").upper()


def account_number_for(patient_id: int) -> str:
    """The account number the store gives patient `patient_id`: seven digits and a Luhn check digit
    (stable, unique, and a mistyped digit is caught instead of opening someone else's account)."""
    if patient_id <= 0 or patient_id >= 10**7:
        raise RevcycleError(ErrorCode.VALIDATION, f"no account number for patient id {patient_id}")
    body = f"{patient_id:07d}"
    return body + str(_luhn_check_digit(body))


def _luhn_check_digit(body: str) -> int:
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return (10 - total % 10) % 10


def is_account_number(text: str) -> bool:
    return bool(_ACCOUNT.match(text)) and text[-1] == str(_luhn_check_digit(text[:-1]))


def parse_birth_date(text: str) -> date:
    """`1990-04-02`, `04/02/1990` or `04-02-1990`; VALIDATION otherwise."""
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise RevcycleError(ErrorCode.VALIDATION, f"birth date {text.strip()!r}: YYYY-MM-DD or MM/DD/YYYY")


class PatientSort(StrEnum):
    NAME = "name"  # last name, first name, then birth date
    BIRTH_DATE = "dob"
    ACCOUNT = "account"
    NEWEST = "newest"  # most recently registered first


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Last and first name prefixes (as keys); '' matches any."""

    last: str = ""
    first: str = ""


@dataclass(frozen=True, slots=True)
class PatientQuery:
    """What the front desk searches by; every criterion given must hold. `names`: any of these matches
    (a name typed without a comma may be "last first" or "first last")."""

    names: tuple[NameMatch, ...] = ()
    birth_date: date | None = None
    account_number: str = ""
    member_id: str = ""
    sort: PatientSort = PatientSort.NAME
    include_merged: bool = False

    @classmethod
    def build(
        cls,
        name: str = "",
        birth_date: str = "",
        account_number: str = "",
        member_id: str = "",
        sort: str = "name",
        include_merged: bool = False,
    ) -> PatientQuery:
        """From the separate fields of a search form, the API or the CLI (each may be empty)."""
        try:
            order = PatientSort(sort or "name")
        except ValueError:
            choices = ", ".join(s.value for s in PatientSort)
            raise RevcycleError(ErrorCode.VALIDATION, f"sort {sort!r}: one of {choices}") from None
        return cls(name_matches(name), parse_birth_date(birth_date) if birth_date.strip() else None,
                   account_number.strip(), member_key(member_id), order, include_merged)  # fmt: skip

    @classmethod
    def from_text(cls, text: str, sort: str = "name") -> PatientQuery:
        """One search box: a date is a birth date, an 8-digit account number (check digit right) an account,
        a word with a digit a member id, anything else a name."""
        cleaned = text.strip()
        if not cleaned:
            return cls.build(sort=sort)
        if (
            any(c.isdecimal() for c in cleaned)
            and re.fullmatch(r"[\d/-]+", cleaned)
            and _looks_like_date(cleaned)
        ):
            return cls.build(birth_date=cleaned, sort=sort)
        if is_account_number(cleaned):
            return cls.build(account_number=cleaned, sort=sort)
        if any(c.isdecimal() for c in cleaned):
            return cls.build(member_id=cleaned, sort=sort)
        return cls.build(name=cleaned, sort=sort)

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.birth_date or self.account_number or self.member_id)


def _looks_like_date(text: str) -> bool:
    try:
        parse_birth_date(text)
    except RevcycleError:
        return False
    return True


def _no_letters(text: str) -> RevcycleError:
    """A name typed with no letter or digit in it ('%', '_', ',') would match everyone: it is refused."""
    return RevcycleError(ErrorCode.VALIDATION, f"name {text[:40]!r}: search by the letters of a name")


def name_matches(text: str) -> tuple[NameMatch, ...]:
    """`Last, First` -> one match; words without a comma -> every split of them as last+first and
    first+last, and all of them as either name alone ("smi" finds Smith and Smitty as last or first)."""
    cleaned = (text or "").strip()
    if not cleaned:
        return ()
    if "," in cleaned:
        last, _, first = cleaned.partition(",")
        match = NameMatch(name_key(last), name_key(first))
        if not (match.last or match.first):
            raise _no_letters(cleaned)
        return (match,)
    words = [name_key(word) for word in cleaned.split()]
    words = [word for word in words if word]
    if not words:
        raise _no_letters(cleaned)
    whole = "".join(words)
    found = [NameMatch(last=whole), NameMatch(first=whole)]
    for cut in range(1, len(words)):
        head, tail = "".join(words[:cut]), "".join(words[cut:])
        found += [NameMatch(head, tail), NameMatch(tail, head)]
    return tuple(dict.fromkeys(found))

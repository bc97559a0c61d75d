"""Where in a message a problem is: every error an intake raises starts with its location, so the error
queue, the ACK's ERR segment and the web page's highlight all read it from the one text.

    PID-7: birth date '19850230' is not a date          segment PID (first), field 7
    IN1[2]-3: no payer 'ZZZ' in the practice             the second IN1, field 3
    FT1[1]-26.2: modifier 'Q9' ...                        component 2 of field 26
    Bundle.entry[3].resource.birthDate: ...               a FHIR path (no segment: ERR-2 left empty)

    with located("PID-7"):
        birth_date = parse_hl7_date(text)                 # a RevcycleError inside gets "PID-7: " in front
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from revcycle.kernel.errors import RevcycleError

_HL7_LOCATION = re.compile(r"^(?P<segment>[A-Z][A-Z0-9]{2})(?:\[(?P<sequence>\d+)\])?(?:-(?P<field>\d+)"
                           r"(?:\.(?P<component>\d+))?)?$")  # fmt: skip
_PREFIX = re.compile(
    r"^(?P<where>[A-Z][A-Z0-9]{2}(?:\[\d+\])?(?:-\d+(?:\.\d+)?)?|[A-Z][a-z]+[.\[][\w.\[\]()]*): "
)


@dataclass(frozen=True, slots=True)
class Location:
    """An HL7 location: segment id, its sequence among segments of that id (1 = first), field, component."""

    segment: str
    sequence: int = 1
    field: int | None = None
    component: int | None = None

    def __str__(self) -> str:
        text = self.segment if self.sequence == 1 else f"{self.segment}[{self.sequence}]"
        if self.field is not None:
            text += f"-{self.field}"
            if self.component is not None:
                text += f".{self.component}"
        return text


def hl7_location(where: str) -> Location | None:
    """'IN1[2]-3' -> Location('IN1', 2, 3); None when `where` is no HL7 location (a FHIR path, empty)."""
    match = _HL7_LOCATION.match(where)
    if match is None:
        return None
    field, component = match["field"], match["component"]
    return Location(match["segment"], int(match["sequence"] or 1), int(field) if field else None,
                    int(component) if component else None)  # fmt: skip


def split_location(message: str) -> tuple[str, str]:
    """('PID-7', "birth date ...") from "PID-7: birth date ..."; ('', message) when it names no location."""
    match = _PREFIX.match(message)
    if match is None:
        return "", message
    return match["where"], message[match.end() :]


def at(where: str, error: RevcycleError) -> RevcycleError:
    """The error with `where` in front of its message (unchanged when it names a location already)."""
    if not where or split_location(error.message)[0]:
        return error
    return RevcycleError(error.code, f"{where}: {error.message}")


@contextmanager
def located(where: str) -> Iterator[None]:
    """A RevcycleError raised inside gets `where` in front of its message (once)."""
    try:
        yield
    except RevcycleError as error:
        raise at(where, error) from error

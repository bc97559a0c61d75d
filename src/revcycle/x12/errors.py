"""Located X12 problems.

An `X12Problem` names where (segment number in the file, segment id, element and component
position, the position inside its transaction set and the loop) and what was expected. Its
`level` and `code` are the ones a 999 acknowledgement reports:

    level        code meaning (X12 999)
    interchange  TA1-style envelope problems (ISA/IEA)
    group        AK905 codes: 3 GE missing, 4 group control numbers differ, 5 GE01 count wrong
    transaction  IK502 codes: 2 SE missing, 3 control numbers differ, 4 SE01 count wrong
    segment      IK304 codes: 1 unrecognised id, 2 unexpected, 3 required missing, 4 loop over
                 max, 5 over max use, 7 out of sequence, 8 has element errors, I4 not used
    element      IK403 codes: 1 required missing, 3 too many elements, 4 too short, 5 too long,
                 6 invalid character, 7 invalid code, 8 invalid date, 9 invalid time, I10 not used

Lenient readers collect problems; strict readers raise `X12Error` at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class X12Problem:
    message: str
    level: str = "segment"
    code: str = "8"
    segment_number: int | None = None  # 1-based, counted from the ISA of the file
    segment_id: str | None = None
    element: int | None = None  # 1-based element position (ISA01 is 1)
    component: int | None = None  # 1-based component position in a composite
    st_position: int | None = None  # 1-based position inside the transaction set (ST is 1)
    loop_id: str | None = None
    element_ref: str | None = None  # data element reference number, e.g. "1028" (999 IK404)
    bad_value: str | None = None
    severity: str = "error"

    @classmethod
    def in_set(
        cls, message: str, code: str, segment_id: str, index: int, st_index: int,
        *, element: int | None = None, **where: str | int | None,
    ) -> X12Problem:  # fmt: skip
        """A problem about the segment at `index` (0-based, in the file) of the transaction set whose ST
        is at `st_index`: an element problem when `element` is given, else a segment problem. `where`
        holds the other located fields (loop_id, component, element_ref, bad_value)."""
        level = "element" if element is not None else "segment"
        located = {"st_position": index - st_index + 1, **where}
        return cls(message, level, code, index + 1, segment_id, element, **located)  # type: ignore[arg-type]

    def __str__(self) -> str:
        if self.segment_number is None:
            return self.message
        return f"segment {self.segment_number} ({self.segment_id}): {self.message}"

    def to_dict(self) -> dict[str, object]:
        fields = (
            "message",
            "level",
            "code",
            "segment_number",
            "segment_id",
            "element",
            "component",
            "st_position",
            "loop_id",
            "severity",
        )
        return {name: getattr(self, name) for name in fields} | {"text": str(self)}


class X12Error(Exception):
    """Raised by strict reading (first problem) and by writers given data X12 cannot carry."""

    def __init__(self, problems: list[X12Problem] | X12Problem | str) -> None:
        if isinstance(problems, str):
            problems = X12Problem(problems)
        if isinstance(problems, X12Problem):
            problems = [problems]
        self.problems: list[X12Problem] = problems
        first = str(problems[0]) if problems else "X12 error"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class ProblemLog:
    """Collects problems; in strict mode the first error raises `X12Error`."""

    __slots__ = ("problems", "strict")

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[X12Problem] = []

    def add(self, problem: X12Problem) -> None:
        self.problems.append(problem)
        if self.strict and problem.severity == "error":
            raise X12Error(problem)

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)

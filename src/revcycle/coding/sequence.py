"""The coder's sequencing, pure: the order of the final diagnoses (the first-listed first) and which of them
each coded line points at. Finalizing keeps both as set (`services.coding.finalize_coding`).

    order = CodingOrder(("I10", "E11.9"), {1: (2, 1), 2: (1,)})
    problems = order_problems(order, final_diagnoses=["E11.9", "I10"], line_count=2)   # [] when it fits

An order fits when it lists each final diagnosis once (no other code), every pointer rule holds
(`practice.charges.pointer_problems`), it names only lines that exist, and every diagnosis has a line
pointing at it (a claim carries only the diagnoses its lines point at). `line_pointers` in storage is
`1:2,1;2:1`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.charges import pointer_problems


@dataclass(frozen=True, slots=True)
class CodingOrder:
    """Diagnoses in claim order; line number (of the coded encounter) -> its pointers into them."""

    diagnoses: tuple[str, ...]
    pointers: Mapping[int, tuple[int, ...]] = field(default_factory=dict)


def order_problems(order: CodingOrder, final_diagnoses: Sequence[str], line_count: int,
                   derived: Mapping[int, tuple[int, ...]] | None = None) -> list[str]:  # fmt: skip
    """What keeps `order` from applying to these final codes and lines (empty when it fits). `derived` are the
    pointers lines have without an explicit choice (the lines' own codes followed into the new order)."""
    problems = []
    twice = sorted({code for code in order.diagnoses if order.diagnoses.count(code) > 1})
    if twice:
        problems.append(f"{', '.join(twice)} is listed twice")
    missing = [code for code in final_diagnoses if code not in order.diagnoses]
    extra = [code for code in order.diagnoses if code not in final_diagnoses]
    if missing:
        problems.append(f"the order leaves out {', '.join(missing)}")
    if extra:
        problems.append(
            f"{', '.join(extra)} is not among the final codes ({', '.join(sorted(final_diagnoses)) or 'none'})"
        )
    for line, pointers in sorted(order.pointers.items()):
        if not 1 <= line <= line_count:
            problems.append(f"there is no line {line} (the coded encounter has {line_count})")
        problems += [
            f"line {line}: {problem}" for problem in pointer_problems(pointers, len(order.diagnoses))
        ]
    if not problems:
        pointed = {p for pointers in ({**(derived or {}), **order.pointers}).values() for p in pointers}
        alone = [code for number, code in enumerate(order.diagnoses, 1) if number not in pointed]
        if alone:
            problems.append(f"no line points at {', '.join(alone)} (a claim carries only the diagnoses its lines "
                            "point at)")  # fmt: skip
    return problems


def require_fit(order: CodingOrder, final_diagnoses: Sequence[str], line_count: int,
                derived: Mapping[int, tuple[int, ...]] | None = None) -> None:  # fmt: skip
    problems = order_problems(order, final_diagnoses, line_count, derived)
    if problems:
        raise RevcycleError(ErrorCode.VALIDATION, "; ".join(problems))


def pointers_text(pointers: Mapping[int, tuple[int, ...]]) -> str:
    """`1:2,1;2:1` (how `coding_sequences.line_pointers` stores them)."""
    return ";".join(f"{line}:{','.join(map(str, found))}" for line, found in sorted(pointers.items()))


def pointers_from_text(text: str) -> dict[int, tuple[int, ...]]:
    """`1:2,1;2:1` -> {1: (2, 1), 2: (1,)}; also what `revcycle coding decide --pointers 1=2,1` gives per line."""
    found: dict[int, tuple[int, ...]] = {}
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        line, separator, listed = part.replace("=", ":").partition(":")
        try:
            found[int(line)] = tuple(int(p) for p in listed.split(",") if p.strip())
        except ValueError:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"pointers {part!r}: give LINE=POINTERS, e.g. 1=2,1"
            ) from None
        if not separator:
            raise RevcycleError(ErrorCode.VALIDATION, f"pointers {part!r}: give LINE=POINTERS, e.g. 1=2,1")
    return found

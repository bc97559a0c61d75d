"""What a corrected claim changes: the coder's or biller's edits applied to an adjudicated claim's content.

    changed = apply_changes(original, ClaimChanges(diagnoses=("E11.65",), line_edits=(LineEdit(2, modifiers=("25",)),)))
    replaced, replacement = lifecycle.correct(original, changed, control_number, at)

- `diagnoses` replaces the claim's list (box 21 / HI); pointers keep their positions and must stay in range.
- `line_edits` change one line's code, modifiers (the whole list), units, charge or pointers; a units change
  without a charge keeps the unit price (the charge must divide evenly by the old units).
- `removed_lines` drop lines; `added_lines` append new ones (no encounter service line behind them).
- Lines are renumbered 1..n; at least one line stays; a change set that changes nothing is refused.
Pure: no database; invalid changes raise `RevcycleError(VALIDATION)` naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from revcycle.claims.institutional_model import MAX_INSTITUTIONAL_DIAGNOSES, InstitutionalDetails
from revcycle.claims.model import (
    MAX_DIAGNOSES,
    MAX_LINES_PER_CLAIM,
    MAX_MODIFIERS_PER_LINE,
    MAX_POINTERS_PER_LINE,
    Claim,
    ClaimLine,
)
from revcycle.claims.nubc import check_revenue_code
from revcycle.codesets.code_refs import dotted, undotted
from revcycle.coding.workflow import Action, Decision, Worklist, latest_decisions
from revcycle.kernel.errors import ErrorCode, RevcycleError


@dataclass(frozen=True, slots=True)
class LineEdit:
    """Changes to one line (by its number on the original claim); None keeps the value."""

    line_number: int
    procedure_code: str | None = None
    modifiers: tuple[str, ...] | None = None
    units: int | None = None
    charge_cents: int | None = None
    diagnosis_pointers: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class NewLine:
    procedure_code: str
    charge_cents: int
    units: int = 1
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    service_date: date | None = None  # None: the claim's first date of service
    revenue_code: str = ""  # institutional claims: the line's revenue code (its pointers are ignored)


@dataclass(frozen=True, slots=True)
class ClaimChanges:
    diagnoses: tuple[str, ...] | None = None
    line_edits: tuple[LineEdit, ...] = ()
    removed_lines: tuple[int, ...] = ()
    added_lines: tuple[NewLine, ...] = ()
    recode: bool = False  # services: take diagnoses and codes from the encounter's latest coding decisions
    present_on_admission: tuple[str, ...] | None = None  # institutional: one POA per new diagnosis

    def describe(self) -> str:
        """Codes and line numbers only (audit detail; no PHI)."""
        parts = [f"dx={','.join(self.diagnoses)}"] if self.diagnoses is not None else []
        parts += [f"line{e.line_number}:" + ",".join(_edited_fields(e)) for e in self.line_edits]
        parts += [f"removed={','.join(map(str, self.removed_lines))}"] if self.removed_lines else []
        parts += [f"added={','.join(n.procedure_code for n in self.added_lines)}"] if self.added_lines else []
        return " ".join(parts + (["recode"] if self.recode else []))


def apply_changes(claim: Claim, changes: ClaimChanges) -> Claim:
    """The claim's content with the changes applied (identity, parties and status untouched)."""
    diagnoses = _diagnoses(changes.diagnoses, claim) if changes.diagnoses is not None else claim.diagnoses
    numbers = {line.line_number for line in claim.lines}
    edits = _edits_by_line(changes, numbers)
    for number in changes.removed_lines:
        _require(number in numbers, f"line {number}: no such line on claim {claim.claim_id} to remove")
    kept = [
        _edited(line, edits.get(line.line_number))
        for line in claim.lines
        if line.line_number not in changes.removed_lines
    ]
    kept += [_new_line(new, claim) for new in changes.added_lines]
    _require(
        bool(kept),
        f"claim {claim.claim_id}: a corrected claim keeps at least one line (void the claim instead)",
    )
    _require(len(kept) <= MAX_LINES_PER_CLAIM, f"a claim has at most {MAX_LINES_PER_CLAIM} lines")
    lines = tuple(replace(line, line_number=n) for n, line in enumerate(kept, start=1))
    for line in lines:
        _check_line(line, len(diagnoses), claim.is_institutional)
    changed = replace(claim, diagnoses=diagnoses, lines=lines, institutional=_institutional(claim, changes))
    _require(
        (changed.diagnoses, changed.lines, changed.institutional) != (claim.diagnoses, claim.lines, claim.institutional),
        f"claim {claim.claim_id}: the changes change nothing; a corrected claim must differ from the original",
    )
    return changed


def recoded(claim: Claim, diagnoses: list[str], procedures: Worklist) -> ClaimChanges:
    """The changes the encounter's latest coding decisions make to the claim: the final diagnoses (pointers
    follow their codes; a diagnosis no line points at goes on the first line with room), rejected codes'
    lines removed, edited codes replaced. A code the coder added has no line (and no charge): refused."""
    new = _diagnoses(tuple(diagnoses)) if diagnoses else claim.diagnoses
    decisions = latest_decisions(procedures)
    billed = {line.procedure_code for line in claim.lines}
    added = [
        d.final_code for d in procedures.decisions if d.action is Action.ADD and d.final_code not in billed
    ]
    _require(
        not added,
        f"the coder added {', '.join(map(str, added))}: add a line with its charge to the correction",
    )
    removed = tuple(line.line_number for line in claim.lines if _decided(decisions, line) is Action.REJECT)
    edits, pointed = [], set()
    for line in claim.lines:
        if line.line_number in removed:
            continue
        decision = decisions.get(line.procedure_code)
        code = decision.final_code if decision is not None and decision.final_code else line.procedure_code
        old = [claim.diagnoses[p - 1] for p in line.diagnosis_pointers if p <= len(claim.diagnoses)]
        pointers = tuple(dict.fromkeys(new.index(c) + 1 for c in old if c in new)) or (1,)
        pointed.update(pointers)
        edits.append(LineEdit(line.line_number, procedure_code=code, diagnosis_pointers=pointers))
    for pointer in (p for p in range(1, len(new) + 1) if p not in pointed):
        roomy = next(
            (i for i, e in enumerate(edits) if len(e.diagnosis_pointers or ()) < MAX_POINTERS_PER_LINE), None
        )
        _require(roomy is not None, f"{new[pointer - 1]} has no line with room for its pointer")
        edits[roomy] = replace(
            edits[roomy], diagnosis_pointers=(*(edits[roomy].diagnosis_pointers or ()), pointer)
        )  # type: ignore[index]
    return ClaimChanges(diagnoses=new, line_edits=tuple(edits), removed_lines=removed)


def merged(base: ClaimChanges, extra: ClaimChanges) -> ClaimChanges:
    """`extra` on top of `base` (a recoding plus the biller's own edits): its values win field by field."""
    edits = {
        edit.line_number: edit for edit in base.line_edits if edit.line_number not in extra.removed_lines
    }
    for edit in extra.line_edits:
        earlier = edits.get(edit.line_number)
        edits[edit.line_number] = edit if earlier is None else LineEdit(
            edit.line_number, *(mine if mine is not None else theirs for mine, theirs in zip(
                _values(edit), _values(earlier), strict=True)))  # fmt: skip
    return ClaimChanges(
        diagnoses=extra.diagnoses if extra.diagnoses is not None else base.diagnoses,
        line_edits=tuple(edits[n] for n in sorted(edits)),
        removed_lines=tuple(dict.fromkeys(base.removed_lines + extra.removed_lines)),
        added_lines=base.added_lines + extra.added_lines,
    )


def _values(edit: LineEdit) -> tuple:
    return (edit.procedure_code, edit.modifiers, edit.units, edit.charge_cents, edit.diagnosis_pointers)


def _decided(decisions: dict[str, Decision], line: ClaimLine) -> Action | None:
    decision = decisions.get(line.procedure_code)
    return decision.action if decision is not None else None


def _edits_by_line(changes: ClaimChanges, numbers: set[int]) -> dict[int, LineEdit]:
    edits: dict[int, LineEdit] = {}
    for edit in changes.line_edits:
        _require(edit.line_number in numbers, f"line {edit.line_number}: no such line on the claim")
        _require(
            edit.line_number not in changes.removed_lines, f"line {edit.line_number}: both edited and removed"
        )
        _require(edit.line_number not in edits, f"line {edit.line_number}: edited twice")
        edits[edit.line_number] = edit
    return edits


def _edited(line: ClaimLine, edit: LineEdit | None) -> ClaimLine:
    if edit is None:
        return line
    units = line.units if edit.units is None else edit.units
    charge = edit.charge_cents
    if charge is None and units != line.units:
        _require(line.charge_cents % line.units == 0, f"line {line.line_number}: give the new charge with the new units "
                 f"({line.charge_cents} cents over {line.units} units is no whole unit price)")  # fmt: skip
        charge = line.charge_cents // line.units * units
    return replace(
        line,
        procedure_code=_code(edit.procedure_code) if edit.procedure_code is not None else line.procedure_code,
        modifiers=_modifiers(edit.modifiers, line.line_number)
        if edit.modifiers is not None
        else line.modifiers,
        units=units,
        charge_cents=line.charge_cents if charge is None else charge,
        diagnosis_pointers=line.diagnosis_pointers
        if edit.diagnosis_pointers is None
        else edit.diagnosis_pointers,
        charge_source=line.charge_source if charge is None else "correction",
    )


def _new_line(new: NewLine, claim: Claim) -> ClaimLine:
    if claim.is_institutional:
        check_revenue_code(new.revenue_code, "new line: ")
        code = _code(new.procedure_code) if new.procedure_code else ""
        return ClaimLine(0, code, new.charge_cents, new.service_date or claim.first_service_date, new.units,
                         _modifiers(new.modifiers, 0), (), charge_source="correction", revenue_code=new.revenue_code)  # fmt: skip
    return ClaimLine(0, _code(new.procedure_code), new.charge_cents, new.service_date or claim.first_service_date,
                     new.units, _modifiers(new.modifiers, 0), new.diagnosis_pointers, charge_source="correction")  # fmt: skip


def _institutional(claim: Claim, changes: ClaimChanges) -> InstitutionalDetails | None:
    """An institutional claim's new diagnoses come with their POA indicators (one each, in order)."""
    details = claim.institutional
    if details is None or changes.diagnoses is None:
        return details
    poa = changes.present_on_admission
    _require(poa is not None and len(poa) == len(changes.diagnoses),
             f"claim {claim.claim_id}: give one POA indicator per diagnosis ({len(changes.diagnoses)})")  # fmt: skip
    return replace(details, present_on_admission=tuple(indicator.upper() for indicator in poa))  # type: ignore[union-attr]


def _check_line(line: ClaimLine, diagnoses: int, institutional: bool = False) -> None:
    where = f"line {line.line_number} ({line.procedure_code or line.revenue_code})"
    amount = line.charge_cents
    _require(isinstance(amount, int) and not isinstance(amount, bool) and amount > 0,
             f"{where}: the charge must be positive integer cents, got {amount!r}")  # fmt: skip
    _require(isinstance(line.units, int) and line.units >= 1, f"{where}: units must be at least 1")
    if institutional:
        return  # revenue-code lines point at no diagnosis
    pointers = line.diagnosis_pointers
    _require(
        1 <= len(pointers) <= MAX_POINTERS_PER_LINE,
        f"{where}: 1 to {MAX_POINTERS_PER_LINE} diagnosis pointers",
    )
    bad = [p for p in pointers if not 1 <= p <= diagnoses]
    _require(
        not bad, f"{where}: pointer {bad[0] if bad else 0} names no diagnosis (the claim has {diagnoses})"
    )


def _diagnoses(codes: tuple[str, ...], claim: Claim | None = None) -> tuple[str, ...]:
    cleaned = tuple(_dotted(code) for code in codes)
    most = MAX_INSTITUTIONAL_DIAGNOSES if claim is not None and claim.is_institutional else MAX_DIAGNOSES
    _require(1 <= len(cleaned) <= most, f"a claim has 1 to {most} diagnoses, got {len(cleaned)}")
    _require(len(set(cleaned)) == len(cleaned), "a diagnosis is listed twice")
    return cleaned


def _dotted(code: str) -> str:
    """ICD-10-CM as claims store it: upper case with the dot after the category (E119 -> E11.9)."""
    bare = undotted(code)
    _require(3 <= len(bare) <= 7 and bare.isalnum(), f"{code!r} is not an ICD-10-CM code")
    return dotted(bare)


def _code(code: str) -> str:
    cleaned = code.strip().upper()
    _require(len(cleaned) == 5 and cleaned.isalnum(), f"{code!r} is not a CPT or HCPCS code (5 characters)")
    return cleaned


def _modifiers(modifiers: tuple[str, ...], line_number: int) -> tuple[str, ...]:
    cleaned = tuple(m.strip().upper() for m in modifiers if m.strip())
    _require(
        len(cleaned) <= MAX_MODIFIERS_PER_LINE,
        f"line {line_number}: at most {MAX_MODIFIERS_PER_LINE} modifiers",
    )
    bad = [m for m in cleaned if len(m) != 2 or not m.isalnum()]
    _require(not bad, f"line {line_number}: {bad[0] if bad else ''!r} is not a modifier (2 characters)")
    return cleaned


def _edited_fields(edit: LineEdit) -> list[str]:
    values = {"code": edit.procedure_code, "modifiers": "+".join(edit.modifiers) if edit.modifiers is not None else None,
              "units": edit.units, "charge": edit.charge_cents,
              "pointers": "+".join(map(str, edit.diagnosis_pointers)) if edit.diagnosis_pointers else None}  # fmt: skip
    return [f"{name}={value}" for name, value in values.items() if value is not None]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RevcycleError(ErrorCode.VALIDATION, message)

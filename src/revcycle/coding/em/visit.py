"""Level an office/outpatient visit: MDM (two of three elements) or total time, explained.

`level_visit(EmInput) -> EmResult`. The basis is the coder's choice (`basis="mdm"` or `"time"`);
without one, the basis giving the higher supported level wins (MDM on a tie). Input comes as a
dataclass or as JSON (`em_input_from_dict`); when the JSON carries the note text and no minutes,
the total time is read from the note ("total time 42 minutes", "spent 45 min").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from revcycle.coding.em.mdm import (
    PROBLEM_LEVEL,
    RISK_LEVEL,
    DataReviewed,
    ElementLevel,
    MdmLevel,
    level_data,
    level_mdm,
    level_problems,
    level_risk,
)
from revcycle.coding.em.time import (
    Prolonged,
    TimeStatement,
    code_for,
    extract_total_time,
    level_by_time,
    minutes_for,
    prolonged_services,
)
from revcycle.kernel import ErrorCode, RevcycleError

PATIENT_KINDS = ("new", "established")
BASES = ("mdm", "time")


@dataclass(frozen=True, slots=True)
class EmInput:
    patient: str  # new | established
    problems: list[str] = field(default_factory=list)
    data: DataReviewed = field(default_factory=DataReviewed)
    risks: list[str] = field(default_factory=list)
    total_minutes: int | None = None
    basis: str | None = None  # coder-selected: mdm | time | None (the higher supported)
    time_source: TimeStatement | None = None  # where in the note the minutes were read


@dataclass(frozen=True, slots=True)
class EmResult:
    code: str
    basis: str
    mdm_level: MdmLevel
    mdm_code: str | None
    time_code: str | None
    elements: list[ElementLevel]
    total_minutes: int | None
    prolonged: list[Prolonged]
    explanation: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "basis": self.basis,
            "mdm_level": self.mdm_level.label,
            "mdm_code": self.mdm_code,
            "time_code": self.time_code,
            "total_minutes": self.total_minutes,
            "elements": [element.to_dict() for element in self.elements],
            "prolonged": [item.to_dict() for item in self.prolonged],
            "explanation": self.explanation,
        }


def level_visit(visit: EmInput) -> EmResult:
    _check_input(visit)
    elements = [level_problems(visit.problems), level_data(visit.data), level_risk(visit.risks)]
    mdm = level_mdm(elements)
    mdm_code = code_for(visit.patient, mdm) if mdm >= MdmLevel.STRAIGHTFORWARD else None
    time_level = level_by_time(visit.patient, visit.total_minutes) if visit.total_minutes is not None else None
    time_code = code_for(visit.patient, time_level) if time_level else None
    basis = _choose_basis(visit.basis, mdm, time_level)
    chosen = mdm_code if basis == "mdm" else time_code
    explanation = [f"{element.element}: {element.why}" for element in elements]
    explanation.append(f"MDM: {mdm.label} (the level two of three elements meet or exceed)")
    if visit.total_minutes is not None:
        explanation.append(_time_sentence(visit, time_level))
    code = chosen or _floor_code(visit.patient, explanation)
    prolonged = _prolonged(visit, basis, code)
    explanation.append(_basis_sentence(visit.basis, basis, code))
    return EmResult(code, basis, mdm, mdm_code, time_code, elements, visit.total_minutes, prolonged, explanation)


def _check_input(visit: EmInput) -> None:
    if visit.patient not in PATIENT_KINDS:
        raise RevcycleError(ErrorCode.VALIDATION, f"patient must be new or established, got {visit.patient!r}")
    if visit.basis is not None and visit.basis not in BASES:
        raise RevcycleError(ErrorCode.VALIDATION, f"basis must be mdm or time, got {visit.basis!r}")
    unknown = [kind for kind in visit.problems if kind not in PROBLEM_LEVEL]
    unknown += [kind for kind in visit.risks if kind not in RISK_LEVEL]
    if unknown:
        raise RevcycleError(ErrorCode.VALIDATION, f"unknown problem or risk kind(s): {', '.join(unknown)}")
    if visit.basis == "time" and visit.total_minutes is None:
        raise RevcycleError(ErrorCode.VALIDATION, "basis 'time' needs total_minutes (or a note stating the time)")
    if visit.total_minutes is not None and visit.total_minutes < 0:
        raise RevcycleError(ErrorCode.VALIDATION, "total_minutes cannot be negative")


def _choose_basis(selected: str | None, mdm: MdmLevel, time_level: MdmLevel | None) -> str:
    if selected:
        return selected
    if time_level is not None and time_level > mdm:
        return "time"
    return "mdm"


def _floor_code(patient: str, explanation: list[str]) -> str:
    if patient == "established":
        explanation.append("nothing supports 99212: 99211 (no MDM or time threshold) is the floor")
        return "99211"
    raise RevcycleError(
        ErrorCode.VALIDATION,
        "a new-patient visit needs at least straightforward MDM or 15 minutes for 99202",
    )


def _time_sentence(visit: EmInput, time_level: MdmLevel | None) -> str:
    source = f' (read from the note: "{visit.time_source.text}")' if visit.time_source else ""
    if not time_level:
        return f"time: {visit.total_minutes} min{source} is below the lowest threshold"
    threshold = minutes_for(visit.patient, time_level)
    return f"time: {visit.total_minutes} min{source} meets the {threshold}-minute threshold of {code_for(visit.patient, time_level)}"


def _basis_sentence(selected: str | None, basis: str, code: str) -> str:
    how = "selected by the coder" if selected else "the higher supported level"
    return f"basis: {basis} ({how}) -> {code}"


def _prolonged(visit: EmInput, basis: str, code: str) -> list[Prolonged]:
    if basis != "time" or code not in ("99205", "99215") or visit.total_minutes is None:
        return []
    return prolonged_services(visit.patient, visit.total_minutes)


def em_input_from_dict(raw: dict[str, Any]) -> EmInput:
    """Build the input from JSON (see docs.md for the shape); minutes are read from `note` if absent."""
    if not isinstance(raw, dict):
        raise RevcycleError(ErrorCode.VALIDATION, "E/M input must be a JSON object")
    data_raw = raw.get("data") or {}
    known_data = set(DataReviewed.__dataclass_fields__)
    extra = sorted(set(data_raw) - known_data)
    if extra:
        raise RevcycleError(ErrorCode.VALIDATION, f"unknown data field(s): {', '.join(extra)}")
    minutes = raw.get("total_minutes")
    source = None
    if minutes is None and raw.get("note"):
        source = extract_total_time(str(raw["note"]))
        minutes = source.minutes if source else None
    return EmInput(
        patient=str(raw.get("patient", "")),
        problems=[str(kind) for kind in raw.get("problems", [])],
        data=DataReviewed(**data_raw),
        risks=[str(kind) for kind in raw.get("risks", [])],
        total_minutes=int(minutes) if minutes is not None else None,
        basis=raw.get("basis"),
        time_source=source,
    )

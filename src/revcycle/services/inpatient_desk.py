"""What the web coder desk shows beside `services.drg`: one step of the ICD-10-PCS builder with everything a
coder reads at that step (the chosen axes, the root operation's definition, the next character's values with
their labels, counts and, when the root operation is chosen next, each operation's definition; the finished
code's title, validity and MCE procedure flags), and the patient status codes a discharge date accepts.

Nothing is read from the database and nothing is stored: code-set look-ups only (anyone signed in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revcycle.codesets import icd10pcs
from revcycle.codesets.icd10pcs_mce import procedure_flags
from revcycle.codesets.icd10pcs_release import CODE_LENGTH
from revcycle.drg.weights import patient_status
from revcycle.kernel.errors import ErrorCode, RevcycleError

ROOT_OPERATION_POSITION = 3
PROCEDURE_FLAG_TEXT = {
    "noncovered": "MCE non-covered procedure (never covered by Medicare)",
    "lcov": "MCE limited coverage (paid only under its national coverage determination)",
    "ncov12agele60": "MCE non-covered for a patient over 60",
    "ncov45": "MCE non-covered unless with a kidney transplant or type 1 diabetes (pancreas transplant)",
    "ncov6": "MCE non-covered with certain diagnoses (ncov6)",
    "ncov7": "MCE non-covered with certain diagnoses (ncov7)",
    "ncov_z302": "MCE non-covered with a sterilization encounter diagnosis (Z30.2)",
    "female": "MCE sex edit: female-only procedure",
    "male": "MCE sex edit: male-only procedure",
    "csect": "MCE: a cesarean delivery (needs a Z37 outcome of delivery)",
    "vagdel": "MCE: a vaginal delivery (needs a Z37 outcome of delivery)",
    "kidneyxp": "MCE: a kidney transplant",
    "los": "MCE: 96+ hours of ventilation (inconsistent with a stay under 4 days)",
    "lcov_artheartxpa": "MCE limited coverage: artificial heart (covered in a clinical trial)",
    "lcov_artheartxpb": "MCE limited coverage: artificial heart (covered in a clinical trial)",
}
DESK_ERRORS = (ErrorCode.VALIDATION, ErrorCode.NO_RELEASE_FOR_DATE, ErrorCode.INVALID_DATE)


@dataclass(frozen=True, slots=True)
class OperationChoice:
    value: str
    label: str
    codes: int
    definition: str  # the root operation's definition (only when the root operation is the next character)


@dataclass(frozen=True, slots=True)
class PcsDeskStep:
    """One step of the builder: `step` for the longest prefix that starts a code (the whole prefix unless
    `problem` says which character no table allows); `finished` when the prefix is 7 characters."""

    asked: str
    dos: date
    step: icd10pcs.PcsBuildStep
    choices: tuple[OperationChoice, ...]
    operation_definition: str
    problem: str = ""
    finished: icd10pcs.PcsLookup | None = None
    flags: tuple[str, ...] = field(default=())


def pcs_desk_step(prefix: str, dos: date) -> PcsDeskStep:
    """The builder at `prefix` on the date of service; a 7-character prefix is looked up (title, validity
    with its reasons, the releases it is valid in, MCE procedure flags). A character no table allows is
    `problem` (the builder's located message) and the step shown is the longest prefix that is allowed."""
    asked = icd10pcs.normalized(prefix)[:8]
    finished = icd10pcs.pcs_code(asked, dos) if len(asked) == CODE_LENGTH else None
    step, problem = _longest_step(asked, dos)
    if finished is not None and not finished.valid:
        problem = "; ".join(finding.message for finding in finished.findings)
    definition = icd10pcs.release_for(dos).operation_definition(step.prefix) if len(step.prefix) >= 3 else ""
    flags = tuple(_flag_text(finished.code, dos)) if finished is not None and finished.valid else ()
    return PcsDeskStep(asked, dos, step, _choices(step, dos), definition, problem, finished, flags)


def _longest_step(asked: str, dos: date) -> tuple[icd10pcs.PcsBuildStep, str]:
    try:
        return icd10pcs.build(asked, dos), ""
    except RevcycleError as error:
        if error.code is not ErrorCode.VALIDATION:
            raise
        problem = error.message
    for length in range(min(len(asked) - 1, CODE_LENGTH), -1, -1):
        try:
            return icd10pcs.build(asked[:length], dos), problem
        except RevcycleError as error:
            if error.code is not ErrorCode.VALIDATION:
                raise
    raise RevcycleError(ErrorCode.VALIDATION, problem)  # unreachable: the empty prefix always builds


def _choices(step: icd10pcs.PcsBuildStep, dos: date) -> tuple[OperationChoice, ...]:
    release = icd10pcs.release_for(dos)
    with_definition = step.position == ROOT_OPERATION_POSITION
    return tuple(
        OperationChoice(
            option.value,
            option.label,
            option.codes,
            release.operation_definition(step.prefix + option.value) if with_definition else "",
        )
        for option in step.options
    )


def _flag_text(code: str, dos: date) -> list[str]:
    return [PROCEDURE_FLAG_TEXT.get(flag, f"MCE flag {flag}") for flag in sorted(procedure_flags(code, dos))]


def patient_statuses(discharge: date) -> list[tuple[str, str]]:
    """(code, description) of every patient status (discharge status) code valid on the discharge date."""
    found = ((f"{number:02d}", patient_status(f"{number:02d}", discharge)) for number in range(1, 100))
    return [(code, text) for code, text in found if text]

"""The DRG worksheet (`/coding/drg`): an inpatient coder enters the stay (age, sex, discharge status, admission
and discharge dates, the principal diagnosis and the secondaries with their POA, the procedures) and sees the
MS-DRG on the discharge date (`services.drg.group_stay`): DRG, MDC, type, relative weight, mean stays, what drove
it, each secondary's CC/MCC level (or "excluded as a CC of the principal", or a HAC not counted), the POA and
principal-diagnosis findings with their guideline, and the what-if — the DRG without each secondary, with the
weight it would lose or gain.

A GET that stores nothing (like the E/M form), so a worksheet is a link a coder can send. A value that cannot be
read (a code that is not a code, a POA that is not Y/N/U/W/1, a date, an age) is named on the page with status
422; a code the release does not hold is a finding of the grouping. Coders only (`edit_encounters`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.drg.grouping import DrgResult
from revcycle.drg.stay import MAX_PROCEDURES, MAX_SECONDARIES, Diagnosis, Stay
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import drg
from revcycle.services.inpatient_desk import DESK_ERRORS, patient_statuses
from revcycle.web.pcs_pages import service_date
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
Coder = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
Text = Annotated[str, Query(max_length=20)]
Many = Annotated[list[str], Query(max_length=30)]
CODE = re.compile(r"^[A-Z0-9.]{3,8}$")
POA_VALUES = ("Y", "N", "U", "W", "1")
POA_TEXT = {"Y": "Y present", "N": "N not present", "U": "U unknown", "W": "W clinically undetermined",
            "1": "1 exempt"}  # fmt: skip
SEXES = (("F", "female"), ("M", "male"), ("U", "unknown"))
SECONDARY_ROWS = 8
PROCEDURE_ROWS = 4


@dataclass(frozen=True, slots=True)
class Worksheet:
    """What the coder typed, kept as typed so the form shows it again."""

    age: str
    sex: str
    discharge_status: str
    discharge_date: str
    admission_date: str
    principal: str
    principal_poa: str
    secondaries: tuple[tuple[str, str], ...]
    procedures: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.principal.strip()

    def secondary_rows(self) -> list[tuple[str, str]]:
        rows = list(self.secondaries) + [("", "")] * SECONDARY_ROWS
        return rows[: min(MAX_SECONDARIES, max(SECONDARY_ROWS, len(self.secondaries) + 2))]

    def procedure_rows(self) -> list[str]:
        rows = list(self.procedures) + [""] * PROCEDURE_ROWS
        return rows[: min(MAX_PROCEDURES, max(PROCEDURE_ROWS, len(self.procedures) + 2))]


def _code(text: str, what: str) -> str:
    code = text.strip().upper()
    if not CODE.match(code):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{what} {text.strip()!r}: not a code (e.g. I50.23, 0SR90J9)"
        )
    return code


def _poa(text: str, what: str) -> str | None:
    poa = text.strip().upper()
    if poa and poa not in POA_VALUES:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{what} POA {text.strip()!r}: use Y, N, U, W or 1 (or blank)"
        )
    return poa or None


def _age(text: str) -> int:
    if not text.strip().isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"age {text.strip()!r}: whole years, 0 to 124")
    return int(text.strip())


def read_stay(request: Request, sheet: Worksheet) -> Stay:
    """The stay the worksheet describes; VALIDATION / INVALID_DATE naming the field that cannot be read."""
    discharge = service_date(request, sheet.discharge_date, "discharge date")
    admission = (
        service_date(request, sheet.admission_date, "admission date") if sheet.admission_date else None
    )
    secondaries = tuple(
        Diagnosis(_code(code, f"secondary {row}"), _poa(poa, f"secondary {row}"))
        for row, (code, poa) in enumerate(sheet.secondaries, start=1)
    )
    procedures = tuple(_code(code, f"procedure {row}") for row, code in enumerate(sheet.procedures, start=1))
    principal = Diagnosis(
        _code(sheet.principal, "principal diagnosis"), _poa(sheet.principal_poa, "principal")
    )
    return Stay(_age(sheet.age), sheet.sex, sheet.discharge_status.strip(), discharge, principal, secondaries,
                procedures, admission)  # fmt: skip


def what_if_rows(result: DrgResult) -> dict[int, dict[str, Any]]:
    """Per secondary (by its place): the DRG without it and the weight difference (without − with)."""
    final = result.final.weight.relative_weight if result.final.weight else None
    rows: dict[int, dict[str, Any]] = {}
    for case in result.what_if:
        weight = case.assignment.weight.relative_weight if case.assignment.weight else None
        difference = weight - final if weight is not None and final is not None else None
        rows[case.without_index] = {"drg": f"{case.assignment.drg:03d}", "title": case.assignment.title,
                                    "weight": weight, "difference": difference}  # fmt: skip
    return rows


def _sheet(args: dict[str, Any]) -> Worksheet:
    pairs = zip(args["sdx"], args["sdx_poa"] + [""] * len(args["sdx"]), strict=False)
    return Worksheet(args["age"], args["sex"], args["discharge_status"], args["discharge_date"],
                     args["admission_date"], args["pdx"], args["pdx_poa"],
                     tuple((code.strip(), poa.strip()) for code, poa in pairs if code.strip()),
                     tuple(code.strip() for code in args["proc"] if code.strip()))  # fmt: skip


@router.get("/coding/drg")
def drg_worksheet(request: Request, user: Coder, age: Text = "", sex: Text = "F", discharge_status: Text = "01",
                  discharge_date: Text = "", admission_date: Text = "", pdx: Text = "", pdx_poa: Text = "Y",
                  sdx: Many = [], sdx_poa: Many = [], proc: Many = []) -> Response:  # noqa: B006  # fmt: skip
    """The worksheet; with a principal diagnosis, the stay grouped with the what-if for every secondary."""
    sheet = _sheet(locals())
    result, message, status = None, "", 200
    if not sheet.empty:
        try:
            result = drg.group_stay(user, read_stay(request, sheet), what_if=True)
        except RevcycleError as error:
            if error.code not in DESK_ERRORS:
                raise
            message, status = error.message, 422
    discharge_day = _day_or_today(request, sheet.discharge_date)
    return render(request, "drg_worksheet.html", user, status_code=status, sheet=sheet, result=result,
                  message=message, what_if=what_if_rows(result) if result else {}, poa_text=POA_TEXT,
                  sexes=SEXES, statuses=patient_statuses(discharge_day), today=discharge_day)  # fmt: skip


def _day_or_today(request: Request, text: str) -> date:
    try:
        return service_date(request, text)
    except RevcycleError:
        today: date = request.app.state.clock.today()
        return today

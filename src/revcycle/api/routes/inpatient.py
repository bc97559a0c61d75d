"""Inpatient coding: ICD-10-PCS look-up, builder and search (anyone signed in) and MS-DRG grouping of
a stay (coders: edit_encounters)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from revcycle.api.auth import Requires
from revcycle.api.schemas import Strict
from revcycle.drg.stay import MAX_PROCEDURES, MAX_SECONDARIES, Diagnosis, Stay
from revcycle.practice.users import Permission, User
from revcycle.services import drg

router = APIRouter(prefix="/api", tags=["inpatient coding"])

SignedIn = Annotated[User, Depends(Requires(None))]
Coder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]
CODE = r"^[A-Za-z0-9.]{1,8}$"
POA = r"^[YNUWyunw1]?$"


def _dos(request: Request, dos: date | None) -> date:
    return dos or request.app.state.clock.today()


@router.get("/codes/pcs/{code}")
def pcs_code(request: Request, user: SignedIn, code: str, dos: date | None = None) -> Any:
    """An ICD-10-PCS code on the date of service (default today): title, the seven named axes, valid or
    not with the reason (not 7 characters, an axis value its table row does not define, not in that release)."""
    return drg.pcs_lookup(code, _dos(request, dos)).to_dict()


@router.get("/codes/pcs-build")
def pcs_build(
    request: Request,
    user: SignedIn,
    prefix: Annotated[str, Query(max_length=7)] = "",
    dos: date | None = None,
) -> Any:
    """The values allowed for the character after `prefix` (0-6 characters), with labels and code counts."""
    return drg.pcs_build(prefix, _dos(request, dos)).to_dict()


@router.get("/codes/pcs-search")
def pcs_search(
    user: SignedIn,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    dos: date | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Any:
    """The ICD-10-PCS index (FY2025) entries and code titles matching every word of `q`."""
    return {"hits": [hit.to_dict() for hit in drg.pcs_search(q, dos, limit)]}


class DiagnosisIn(Strict):
    code: str = Field(pattern=CODE)
    poa: str | None = Field(default=None, pattern=POA)


class StayIn(Strict):
    age: int = Field(ge=0, le=124)
    sex: str = Field(pattern=r"^[FMU]$")
    discharge_status: str = Field(pattern=r"^\d{2}$")
    discharge_date: date
    admission_date: date | None = None
    principal: DiagnosisIn
    secondaries: list[DiagnosisIn] = Field(default_factory=list, max_length=MAX_SECONDARIES)
    procedures: list[Annotated[str, Field(pattern=CODE)]] = Field(
        default_factory=list, max_length=MAX_PROCEDURES
    )
    hospital_poa_exempt: bool = False
    what_if: bool = False

    def stay(self) -> Stay:
        return Stay(
            self.age,
            self.sex,
            self.discharge_status,
            self.discharge_date,
            Diagnosis(self.principal.code, self.principal.poa),
            tuple(Diagnosis(dx.code, dx.poa) for dx in self.secondaries),
            tuple(self.procedures),
            self.admission_date,
            self.hospital_poa_exempt,
        )


@router.post("/coding/drg")
def group_drg(user: Coder, body: StayIn) -> Any:
    """The MS-DRG (grouper version by discharge date), MDC, FY2026 relative weight and mean stays, what
    drove it (CC/MCC per secondary, CC exclusions, HAC), the inpatient findings and the what-if."""
    return drg.group_stay(user, body.stay(), body.what_if).to_dict()

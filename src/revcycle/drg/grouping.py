"""MS-DRG grouping of an inpatient stay with the msdrg package (MIT; a native grouper validated by
its authors against CMS's Java grouper), the grouper version chosen by the discharge date.

    group(stay, what_if=False) -> DrgResult

The result names the DRG, its MDC, the CMS relative weight and mean stays (Table 5, FY2026 held),
what drove it (the principal diagnosis, the procedures the grouper used, each secondary's CC/MCC
level and whether it was excluded as a CC of the principal), the HAC effect of POA N/U, the
findings of the inpatient rules (POA, principal diagnosis, code validity, MCE procedure edits)
and, on request, the DRG without each secondary diagnosis ("what if").
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

import msdrg

from revcycle.codesets.code_refs import undotted
from revcycle.drg.checks import stay_findings
from revcycle.drg.poa import grouper_poa
from revcycle.drg.stay import Stay
from revcycle.drg.versions import GrouperVersion, grouper_version
from revcycle.drg.weights import DrgWeight, weight_for
from revcycle.kernel.findings import Finding

SEX_CODES = {"M": 0, "F": 1, "U": 2}
_LOCK = threading.Lock()


@cache
def _grouper() -> msdrg.MsdrgGrouper:
    grouper = msdrg.MsdrgGrouper()
    atexit.register(grouper.close)
    return grouper


@dataclass(frozen=True, slots=True)
class DrgAssignment:
    drg: int
    title: str
    mdc: int | None
    mdc_title: str
    severity: str  # MCC | CC | NONE: the secondary-diagnosis level the DRG used
    weight: DrgWeight | None  # None: no Table 5 of that fiscal year held

    def to_dict(self) -> dict[str, Any]:
        weight = self.weight
        return {
            "drg": f"{self.drg:03d}",
            "title": self.title,
            "mdc": self.mdc,
            "mdc_title": self.mdc_title,
            "severity": self.severity,
            "drg_type": weight.drg_type if weight else None,
            "relative_weight": str(weight.relative_weight) if weight and weight.relative_weight else None,
            "geometric_mean_los": str(weight.geometric_mean_los)
            if weight and weight.geometric_mean_los
            else None,
            "arithmetic_mean_los": str(weight.arithmetic_mean_los)
            if weight and weight.arithmetic_mean_los
            else None,
        }


@dataclass(frozen=True, slots=True)
class SecondaryImpact:
    index: int
    code: str
    poa: str
    level: str  # MCC | CC | NONE: the code's own level
    excluded: bool  # a CC/MCC excluded as a complication of this principal diagnosis (CC exclusion)
    drove: bool  # the grouper used it for the DRG
    hac: str  # "HAC05 Falls and Trauma (criteria met: not counted)" or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "code": self.code,
            "poa": self.poa,
            "level": self.level,
            "excluded": self.excluded,
            "drove": self.drove,
            "hac": self.hac,
        }


@dataclass(frozen=True, slots=True)
class WhatIf:
    without_index: int
    without_code: str
    assignment: DrgAssignment

    def to_dict(self) -> dict[str, Any]:
        return {
            "without_index": self.without_index,
            "without_code": self.without_code,
            **self.assignment.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class DrgResult:
    version: GrouperVersion
    final: DrgAssignment
    initial_drg: int  # before the HAC rule (differs when a HAC not present on admission lowered it)
    return_code: str  # OK, INVALID_PDX, ...
    principal_drove: bool
    procedures_drove: tuple[str, ...]
    secondaries: tuple[SecondaryImpact, ...]
    findings: tuple[Finding, ...]
    what_if: tuple[WhatIf, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "grouper": self.version.to_dict(),
            **self.final.to_dict(),
            "initial_drg": f"{self.initial_drg:03d}",
            "return_code": self.return_code,
            "principal_drove": self.principal_drove,
            "procedures_drove": list(self.procedures_drove),
            "secondaries": [impact.to_dict() for impact in self.secondaries],
            "findings": [finding.to_dict() for finding in self.findings],
            "what_if": [case.to_dict() for case in self.what_if],
        }


def _claim(stay: Stay, version: GrouperVersion) -> dict[str, Any]:
    return {
        "version": version.number,
        "age": stay.age,
        "sex": SEX_CODES[stay.sex],
        "discharge_status": int(stay.discharge_status),
        "hospital_status": "EXEMPT" if stay.hospital_poa_exempt else "NOT_EXEMPT",
        "pdx": {"code": undotted(stay.principal.code).upper(), "poa": grouper_poa(stay.principal.poa)},
        "sdx": [{"code": undotted(dx.code).upper(), "poa": grouper_poa(dx.poa)} for dx in stay.secondaries],
        "procedures": [{"code": undotted(code).upper()} for code in stay.procedures],
    }


def _run(stay: Stay, version: GrouperVersion) -> dict[str, Any]:
    claim = _claim(stay, version)
    with _LOCK:
        return dict(_grouper().group(claim))  # type: ignore[arg-type]


def _assignment(raw: dict[str, Any], discharge: date) -> DrgAssignment:
    drg = int(raw.get("final_drg") or 999)
    return DrgAssignment(
        drg,
        str(raw.get("final_drg_description") or "Ungroupable"),
        raw.get("final_mdc"),
        str(raw.get("final_mdc_description") or ""),
        str(raw.get("final_severity") or "NONE"),
        weight_for(drg, discharge),
    )


def _secondaries(stay: Stay, raw: dict[str, Any]) -> tuple[SecondaryImpact, ...]:
    outputs: dict[str, list[dict[str, Any]]] = {}
    for output in raw.get("sdx_output") or []:
        outputs.setdefault(str(output.get("code")), []).append(output)
    impacts: list[SecondaryImpact] = []
    for index, dx in enumerate(stay.secondaries):
        found = outputs.get(undotted(dx.code).upper(), [])
        output = found.pop(0) if found else {}
        flags = set(output.get("flags") or [])
        impacts.append(
            SecondaryImpact(
                index,
                dx.code,
                (dx.poa or "").upper(),
                str(output.get("severity") or "NONE"),
                bool(flags & {"EXCLUDED", "CC_EXCLUDED", "CC_EXCLUDED_BY_DRG_LOGIC"}),
                output.get("drg_impact", "NONE") != "NONE",
                _hac(output),
            )
        )
    return tuple(impacts)


def _hac(output: dict[str, Any]) -> str:
    for hac in output.get("hacs") or []:
        if hac.get("hac_status") == "HAC_CRITERIA_MET":
            return f"{hac.get('hac_list')} {hac.get('description')} (criteria met: not counted as a CC/MCC)"
    return ""


def group(stay: Stay, what_if: bool = False) -> DrgResult:
    version = grouper_version(stay.discharge_date)
    raw = _run(stay, version)
    principal = raw.get("pdx_output") or {}
    procedures = tuple(
        str(output["code"])
        for output in raw.get("proc_output") or []
        if output.get("drg_impact", "NONE") != "NONE"
    )
    return DrgResult(
        version=version,
        final=_assignment(raw, stay.discharge_date),
        initial_drg=int(raw.get("initial_drg") or 999),
        return_code=str(raw.get("return_code") or ""),
        principal_drove=principal.get("drg_impact", "NONE") != "NONE",
        procedures_drove=procedures,
        secondaries=_secondaries(stay, raw),
        findings=tuple(stay_findings(stay)),
        what_if=_what_if(stay, version) if what_if else (),
    )


def _what_if(stay: Stay, version: GrouperVersion) -> tuple[WhatIf, ...]:
    cases: list[WhatIf] = []
    for index, dx in enumerate(stay.secondaries):
        without = replace(stay, secondaries=stay.secondaries[:index] + stay.secondaries[index + 1 :])
        cases.append(WhatIf(index, dx.code, _assignment(_run(without, version), stay.discharge_date)))
    return tuple(cases)


def group_only(stay: Stay) -> DrgAssignment:
    """The DRG alone (no findings, no what-if): what a batch or a benchmark needs."""
    return _assignment(_run(stay, grouper_version(stay.discharge_date)), stay.discharge_date)

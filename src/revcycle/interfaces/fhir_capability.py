"""What revcycle's FHIR endpoint serves, as the R4 CapabilityStatement `GET /fhir/metadata` answers, and the
OperationOutcome every FHIR error is written as. Pure.

    capability_statement(base, now, version)
    operation_outcome("not_found", "unknown claim E9-1")   # issue: error, not-found, the message as diagnostics
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from revcycle.interfaces.fhir_codes import FHIR_VERSION, MEDIA_TYPE
from revcycle.interfaces.fhir_export import instant

Json = dict[str, Any]
ERROR_CODES = "urn:revcycle:error-code"  # revcycle's own error codes (not_found, forbidden, validation, ...)

# revcycle's error code -> the FHIR IssueType a client acts on
_ISSUE_TYPE = {"not_found": "not-found", "forbidden": "forbidden", "unauthenticated": "login",
               "validation": "invalid", "conflict": "conflict", "idempotency_conflict": "duplicate", "duplicate": "duplicate",
               "too_many_attempts": "throttled", "busy": "transient"}  # fmt: skip

_SEARCHES = {
    "Patient": ([], ["read"]),
    "Coverage": ([("patient", "reference", "the patient covered (Patient/<id> or <id>)")], ["search-type"]),
    "Claim": ([], ["read"]),
    "ClaimResponse": ([("request", "reference", "the claim answered (Claim/<id>, <id> or its number)")],
                      ["search-type"]),
    "ExplanationOfBenefit": ([("claim", "reference", "the claim (Claim/<id>, <id> or its number)"),
                              ("patient", "reference", "every claim of the patient (Patient/<id> or <id>)")],
                             ["search-type"]),
}  # fmt: skip


def issue_type(error_code: str) -> str:
    if error_code in _ISSUE_TYPE:
        return _ISSUE_TYPE[error_code]
    return "invalid" if error_code.startswith(("invalid_", "x12_", "unbalanced")) else "exception"


def operation_outcome(error_code: str, message: str, expressions: list[str] | None = None) -> Json:
    """One issue (severity error) per problem: `expressions` are the FHIR paths of the problems, each its own
    issue with the same code; without them the one message is the issue."""
    details = {"coding": [{"system": ERROR_CODES, "code": error_code}]}
    kind = issue_type(error_code)
    if not expressions:
        issues = [
            {
                "severity": "error",
                "code": kind,
                "details": {**details, "text": message},
                "diagnostics": message,
            }
        ]
    else:
        issues = [_issue(kind, details, problem) for problem in expressions]
    return {"resourceType": "OperationOutcome", "issue": issues}


def _issue(kind: str, details: Json, problem: str) -> Json:
    path, _, words = problem.partition(": ")
    found = {
        "severity": "error",
        "code": kind,
        "details": {**details, "text": words or problem},
        "diagnostics": problem,
    }
    return {**found, "expression": [path]} if words and " " not in path else found


def capability_statement(base: str, now: datetime, version: str, imports: bool = True) -> Json:
    """The server's capabilities: JSON only, bearer tokens (`POST /api/auth/token`), the reads and searches
    above, and (`imports`) `POST /fhir` of a transaction or collection Bundle."""
    resources = [
        {"type": name, "interaction": [{"code": code} for code in interactions],
         "searchParam": [{"name": n, "type": t, "documentation": d} for n, t, d in params]}
        for name, (params, interactions) in _SEARCHES.items()
    ]  # fmt: skip
    rest: Json = {"mode": "server", "documentation": "revcycle's patients, coverages, claims and remittances",
                  "security": {"description": "Authorization: Bearer <token> from POST /api/auth/token; the "
                               "reads need the roles of the matching /api routes"},
                  "resource": [{k: v for k, v in r.items() if v} for r in resources]}  # fmt: skip
    if imports:
        rest["interaction"] = [{"code": "transaction", "documentation": "a transaction or collection Bundle of "
                                "Patient, RelatedPerson, Coverage, Organization, Practitioner, Encounter, Condition, "
                                "Procedure and ChargeItem: patients, coverages and charges, once per Bundle"}]  # fmt: skip
    return {"resourceType": "CapabilityStatement", "status": "active", "date": instant(now),
            "publisher": "revcycle", "kind": "instance",
            "software": {"name": "revcycle", "version": version},
            "implementation": {"description": "revcycle FHIR R4 endpoint", "url": base},
            "fhirVersion": FHIR_VERSION, "format": [MEDIA_TYPE, "json"], "rest": [rest]}  # fmt: skip

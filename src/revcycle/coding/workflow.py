"""The coder's decisions on suggestions: accept, reject, edit (replace the code), or add a code.

Pure and append-only: `decide(worklist, decision)` returns a new `Worklist` with the decision
appended; nothing is overwritten, so the list of decisions is the audit trail (who, what, when).
The latest decision on a suggestion wins. `final_codes` is the code set that goes on to the
claim: accepted and edited suggestions in suggestion order, then added codes in the order added.
Persistence (and the audit log) is the job of `services`/`store`, which store `Decision` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from revcycle.kernel import ErrorCode, RevcycleError


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    ADD = "add"


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    coder_id: str
    decided_at: datetime
    suggested_code: str | None = None  # None only for ADD
    final_code: str | None = None  # the code kept: the suggestion (accept), the new code (edit, add)
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Worklist:
    encounter_id: str
    suggested: tuple[str, ...]
    decisions: tuple[Decision, ...] = field(default=())


def _check(worklist: Worklist, decision: Decision) -> None:
    if not decision.coder_id.strip():
        raise RevcycleError(ErrorCode.VALIDATION, "a decision needs the coder's id")
    if decision.decided_at.tzinfo is None:
        raise RevcycleError(ErrorCode.VALIDATION, "decided_at must carry a time zone (UTC)")
    if decision.action is Action.ADD:
        if decision.suggested_code is not None or not decision.final_code:
            raise RevcycleError(ErrorCode.VALIDATION, "add takes a final_code and no suggested_code")
        return
    if decision.suggested_code not in worklist.suggested:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{decision.suggested_code} is not among the suggestions")
    if decision.action is Action.EDIT and not decision.final_code:
        raise RevcycleError(ErrorCode.VALIDATION, "edit needs the code that replaces the suggestion")
    if decision.action is Action.REJECT and decision.final_code:
        raise RevcycleError(ErrorCode.VALIDATION, "reject keeps no code")


def decide(worklist: Worklist, decision: Decision) -> Worklist:
    """The worklist with one more decision (accept keeps the suggested code as final_code)."""
    _check(worklist, decision)
    if decision.action is Action.ACCEPT:
        decision = replace(decision, final_code=decision.suggested_code)
    return replace(worklist, decisions=(*worklist.decisions, decision))


def latest_decisions(worklist: Worklist) -> dict[str, Decision]:
    """The decision in force for each suggested code (the latest one)."""
    latest: dict[str, Decision] = {}
    for decision in worklist.decisions:
        if decision.suggested_code is not None:
            latest[decision.suggested_code] = decision
    return latest


def pending(worklist: Worklist) -> list[str]:
    """Suggested codes still waiting for the coder (one the coder added by hand is decided: it is kept)."""
    decided = latest_decisions(worklist)
    added = {d.final_code for d in worklist.decisions if d.action is Action.ADD}
    return [code for code in worklist.suggested if code not in decided and code not in added]


def final_codes(worklist: Worklist) -> list[str]:
    """Codes for the claim: kept suggestions in order, then additions; each code once."""
    decided = latest_decisions(worklist)
    kept = [decided[c].final_code for c in worklist.suggested if c in decided and decided[c].final_code]
    added = [d.final_code for d in worklist.decisions if d.action is Action.ADD and d.final_code]
    return list(dict.fromkeys(code for code in kept + added if code))

"""The coder's decisions on an encounter's suggestions, kept until a decision table exists.

There is no decision table yet (store/services own the schema), so each accept/reject is an
append-only audit row: entity `coding_decision`, id = the encounter, detail `accept E11.9` —
ids and codes only, no PHI. `coding.workflow` replays the rows into a `Worklist` (latest decision
wins), and an encounter whose every suggestion is decided leaves the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from revcycle.coding.suggest import Suggestions
from revcycle.coding.workflow import Action, Decision, Worklist, decide, latest_decisions, pending
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

DECISION_ENTITY = "coding_decision"
PAGE_ACTIONS = (Action.ACCEPT, Action.REJECT)
COMPLETE = "complete"  # written once every suggestion has a decision: the encounter leaves the queue


@dataclass(frozen=True)
class Span:
    """A piece of the note: plain text, or evidence for the listed codes."""

    text: str
    codes: tuple[str, ...] = ()


def suggested_codes(suggestions: Suggestions) -> tuple[str, ...]:
    return tuple([d.code for d in suggestions.diagnoses] + [p.code for p in suggestions.procedures])


def evidence_spans(suggestions: Suggestions) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for diagnosis in suggestions.diagnoses:
        spans[diagnosis.code] = [(e.start, e.end) for e in diagnosis.evidence]
    for procedure in suggestions.procedures:
        spans.setdefault(procedure.code, []).append((procedure.start, procedure.end))
    return spans


def highlighted_note(note: str, spans: dict[str, list[tuple[int, int]]]) -> list[Span]:
    """The note cut at every evidence boundary; each piece names the codes whose evidence covers it."""
    cuts = {0, len(note)}
    for ranges in spans.values():
        for start, end in ranges:
            cuts.update((max(0, min(start, len(note))), max(0, min(end, len(note)))))
    ordered = sorted(cuts)
    pieces = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        codes = tuple(code for code, ranges in spans.items() if any(s <= start and end <= e for s, e in ranges))
        pieces.append(Span(note[start:end], codes))
    return pieces


def decide_checked(current: Worklist, action: str, code: str, coder: str, at: datetime) -> Worklist:
    """The worklist with the page's decision, checked by `coding.workflow` (an unknown code is NOT_FOUND)."""
    if action not in {a.value for a in PAGE_ACTIONS}:
        raise RevcycleError(ErrorCode.VALIDATION, f"unknown action {action!r}; use accept or reject")
    return decide(current, Decision(Action(action), coder, at, code))


def record_decision(uow: UnitOfWork, user: User, encounter_id: int, action: str, code: str) -> None:
    """Append one accept/reject (checked against the worklist it replays) to the audit log."""
    if action not in {a.value for a in PAGE_ACTIONS}:
        raise RevcycleError(ErrorCode.VALIDATION, f"unknown action {action!r}; use accept or reject")
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        uow.encounters.get(encounter_id)  # NOT_FOUND for an unknown encounter
        audit.record(uow, user, audit.Action.CHANGE, DECISION_ENTITY, encounter_id, f"{action} {code}")


def worklist(uow: UnitOfWork, encounter_id: int, suggested: tuple[str, ...]) -> Worklist:
    """The encounter's decisions replayed over today's suggestions (decisions on codes no longer suggested drop out)."""
    with uow:
        events = uow.audit.events(DECISION_ENTITY, str(encounter_id))
    current = Worklist(str(encounter_id), suggested)
    for event in events:
        action, _, code = event.detail.partition(" ")
        if action != COMPLETE and code in suggested:
            at = event.occurred_at if event.occurred_at.tzinfo else event.occurred_at.replace(tzinfo=UTC)  # SQLite
            current = decide(current, Decision(Action(action), event.username, at, code))
    return current


def mark_complete(uow: UnitOfWork, user: User, encounter_id: int) -> None:
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        audit.record(uow, user, audit.Action.CHANGE, DECISION_ENTITY, encounter_id, COMPLETE)


def completed_encounter_ids(uow: UnitOfWork) -> set[int]:
    """Encounters whose every suggestion has a decision (from the audit rows)."""
    with uow:
        events = uow.audit.events(DECISION_ENTITY, None)
    return {int(event.entity_id) for event in events if event.detail == COMPLETE}


__all__ = ["Span", "decide_checked", "completed_encounter_ids", "mark_complete", "evidence_spans", "highlighted_note", "latest_decisions", "pending",
           "record_decision", "suggested_codes", "worklist"]

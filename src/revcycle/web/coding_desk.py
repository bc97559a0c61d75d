"""The coding page's pure pieces: the note cut for evidence highlighting, the E/M form read as
`coding.level_em` input, and the decision badges. Decisions themselves are stored by
`services.coding` (`record_decision`, `coding_worklist`, `finalize_coding`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from revcycle.coding.em.mdm import PROBLEM_LEVEL, RISK_LEVEL
from revcycle.coding.suggest import Suggestions
from revcycle.coding.workflow import Action, Decision
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.services.views import QueueQuery

DATA_COUNTS = ("tests_ordered", "tests_reviewed", "external_note_sources")
DATA_FLAGS = ("independent_historian", "independent_interpretation", "discussion_with_external")
PAST_TENSE = {
    Action.ACCEPT: "accepted",
    Action.REJECT: "rejected",
    Action.EDIT: "edited",
    Action.ADD: "added",
}


@dataclass(frozen=True)
class Span:
    """A piece of the note: plain text, or evidence for the listed codes."""

    text: str
    codes: tuple[str, ...] = ()


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
        codes = tuple(
            code for code, ranges in spans.items() if any(s <= start and end <= e for s, e in ranges)
        )
        pieces.append(Span(note[start:end], codes))
    return pieces


def badge(decision: Decision) -> str:
    """`accepted by coder1`, `edited by coder1 to E11.65`: what the page shows on a decided row."""
    text = f"{PAST_TENSE[decision.action]} by {decision.coder_id}"
    if decision.action is Action.EDIT and decision.final_code:
        text += f" to {decision.final_code}"
    return text


def em_visit(params: Mapping[str, Any], note: str) -> dict[str, Any] | None:
    """The E/M form's answers (query parameters) as `coding.level_em` input; None until the form was sent."""
    if "em" not in params:
        return None
    data: dict[str, Any] = {}
    for name in DATA_COUNTS:
        value = str(params.get(name) or "0")
        data[name] = int(value) if value.isdecimal() else 0
    data.update({name: params.get(name) == "on" for name in DATA_FLAGS})
    listed = params.getlist if hasattr(params, "getlist") else lambda name: params.get(name) or []
    problems = [kind for kind in listed("problems") if kind in PROBLEM_LEVEL]
    risks = [kind for kind in listed("risks") if kind in RISK_LEVEL]
    return {
        "patient": params.get("patient", "established"),
        "problems": problems,
        "risks": risks,
        "data": data,
        "note": note,
    }


QUEUE_SORTS = {
    "dos": "oldest visit first",
    "-dos": "newest visit first",
    "-confidence": "most confident first",
    "confidence": "least confident first",
    "patient": "patient",
    "provider": "provider",
    "payer": "payer",
}
QUEUE_FIELDS = (
    "provider_id",
    "payer_id",
    "dos_from",
    "dos_to",
    "confidence_min",
    "confidence_max",
    "min_age_days",
    "assigned",
    "q",
    "sort",
    "page",
)


def queue_form(params: Mapping[str, Any]) -> dict[str, str]:
    """The queue's filter form as typed (strings, at most 64 characters each)."""
    return {name: str(params.get(name) or "").strip()[:64] for name in QUEUE_FIELDS}


def queue_query(asked: Mapping[str, str]) -> tuple[QueueQuery, int]:
    """The filter form as a `QueueQuery` and the page; confidence is typed in percent. A value that is not a
    number or a date is VALIDATION naming the field."""

    def number(name: str, scale: int = 1) -> int | None:
        text = asked.get(name, "")
        if not text:
            return None
        if not text.isdecimal():
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{name.replace('_', ' ')}: a whole number, got {text!r}"
            )
        return int(text) * scale

    def day(name: str) -> date | None:
        text = asked.get(name, "")
        return parse_date(text) if text else None

    query = QueueQuery(number("provider_id"), number("payer_id"), day("dos_from"), day("dos_to"),
                       number("confidence_min", 10), number("confidence_max", 10), number("min_age_days"),
                       asked.get("assigned", ""), asked.get("q", ""), asked.get("sort") or "dos")  # fmt: skip
    return query, number("page") or 1


def page_link(asked: Mapping[str, str], page: int) -> str:
    """The queue's URL for another page, keeping the filters."""
    kept = {name: value for name, value in asked.items() if value and name != "page"}
    return "/coding?" + urlencode({**kept, "page": page})


__all__ = [
    "DATA_COUNTS",
    "DATA_FLAGS",
    "QUEUE_SORTS",
    "Span",
    "badge",
    "em_visit",
    "evidence_spans",
    "highlighted_note",
    "page_link",
    "queue_form",
    "queue_query",
]

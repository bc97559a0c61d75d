"""The coding page's pure pieces: the note cut for evidence highlighting, the E/M form read as
`coding.level_em` input, and the decision badges. Decisions themselves are stored by
`services.coding` (`record_decision`, `coding_worklist`, `finalize_coding`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from revcycle.coding.em.mdm import PROBLEM_LEVEL, RISK_LEVEL
from revcycle.coding.suggest import Suggestions
from revcycle.coding.workflow import Action, Decision

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
        data[name] = int(value) if value.isdigit() else 0
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


__all__ = ["DATA_COUNTS", "DATA_FLAGS", "Span", "badge", "em_visit", "evidence_spans", "highlighted_note"]

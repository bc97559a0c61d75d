"""The coder's desk: suggested codes from the note with evidence, E/M leveling, code-combination rules.

    suggest(note, dos, age=None, sex=None, setting="outpatient") -> Suggestions
    check(codes, dos, age=None, sex=None) -> list[Finding]
    level_visit(EmInput) -> EmResult                      (revcycle.coding.em)

See docs.md for the pipeline and its invariants.
"""

from revcycle.coding.em import EmInput, EmResult, em_input_from_dict, level_visit
from revcycle.coding.rules import check
from revcycle.coding.suggest import CodeSuggestion, Evidence, SetAside, Suggestions, suggest

__all__ = [
    "CodeSuggestion",
    "EmInput",
    "EmResult",
    "Evidence",
    "SetAside",
    "Suggestions",
    "check",
    "em_input_from_dict",
    "level_visit",
    "suggest",
]

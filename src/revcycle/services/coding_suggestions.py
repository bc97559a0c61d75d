"""The coder's desk's suggestions, kept per note.

`coding.suggest` is a pure function of (note, date of service, age, sex, setting) and costs ~50 ms a
note; the desk asks again on every decision and on finalizing, so the last `KEPT` answers are kept.
`keep` stores suggestions computed elsewhere for the same inputs (the demo reads a batch of notes in
worker processes). Each caller gets its own lists: nobody changes a kept answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date

from revcycle.coding.suggest import Suggestions, suggest

KEPT = 256
_kept: OrderedDict[tuple[str, date, int, str, str], Suggestions] = OrderedDict()
_lock = threading.Lock()


def suggestions_for(note: str, dos: date, age: int, sex: str, setting: str = "outpatient") -> Suggestions:
    key = (note, dos, age, sex, setting)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
    if found is None:
        found = suggest(note, dos, age=age, sex=sex, setting=setting)
        keep(note, dos, age, sex, found, setting)
    return replace(
        found,
        diagnoses=list(found.diagnoses),
        procedures=list(found.procedures),
        set_aside=list(found.set_aside),
    )


def keep(note: str, dos: date, age: int, sex: str, found: Suggestions, setting: str = "outpatient") -> None:
    """Remember `found` as what `coding.suggest` answers for these inputs."""
    key = (note, dos, age, sex, setting)
    with _lock:
        _kept[key] = found
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)

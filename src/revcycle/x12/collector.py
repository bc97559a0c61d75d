"""Pause Python's cyclic garbage collector around bulk reads and writes.

Reading or writing a large file creates millions of small objects (segment lists, models) and no
reference cycles: the collector would only traverse them again and again while they are made.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No collections inside; afterwards the objects made meanwhile go to the oldest generation.

    Re-enabled as is, the first collection would traverse every object made meanwhile (they all
    sit in the youngest generation): ~half the read's time on a large file. `freeze` + `unfreeze`
    moves them to the oldest generation without traversing them (two list splices); they stay
    collectable there, at the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and not gc.get_freeze_count():  # never unfreeze what the application froze
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()

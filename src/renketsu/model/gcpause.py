"""Pausing the cyclic garbage collector around work that makes millions of small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of acyclic objects (ints, Fractions,
    Decimals, small dicts and tuples) are made: its repeated full scans of everything alive
    would otherwise take a third or more of a large run. Restores the collector's previous state
    (nested uses are fine); whatever cycles were made meanwhile are collected later as usual.

    ``freeze``: for a process that ends soon after (the command line's commands): everything alive
    is moved out of the collector's reach (``gc.freeze``) before it is let loose again. Otherwise
    its first collection scans every object made meanwhile (all of them young: 0.05-0.1 s on the
    10M-row group), and again when the interpreter exits; what the work made and dropped is freed
    by reference counting as always, only cycles among the frozen objects are never collected.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()

"""Python's cycle collector, paused while an import reads and writes its files.

An import holds hundreds of thousands of records at once (rows, observations, video records), none of
them in a reference cycle, and every object they add counts towards the collector's next run: each run
walked them all again, a fifth of a 100k-row import's time. Refcounting still frees what the import
drops; the cycles it leaves, if any, are collected once the last import running in the process ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0  # imports inside ``collector_paused`` now, in any thread
_enabled_before = False  # whether the collector ran when the first of them started


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block, and back on when the last block running in the process ends
    (imports in two sessions of the app overlap); left off if it was off before the first began."""
    global _running, _enabled_before
    with _lock:
        if _running == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _enabled_before:
                gc.enable()

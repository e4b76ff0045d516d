"""Waiting for another process or thread to get somewhere: always with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(condition: Callable[[], object], timeout: float = 30, every: float = 0.05) -> None:
    """Until ``condition()`` is true; fails the test when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in {timeout:g} s")
        time.sleep(every)

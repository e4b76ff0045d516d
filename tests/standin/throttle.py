"""The stand-in's rate rule: about ``limit`` API calls a minute per client, then a cool-down.

A client is its address. Calls are counted over a sliding minute; the call that finds ``limit``
calls already in the window starts a cool-down of ``cooldown`` seconds, during which every API call
of that client is refused (and not counted). The clock is injectable, so the rule is tested
without waiting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Throttle:
    def __init__(
        self, limit: int | None, cooldown: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.cooldown, self.clock = limit, cooldown, clock
        self._calls: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()
        self.cooldowns = 0  # cool-downs started, for the stats

    def allow(self, client: str) -> bool:
        """Counts one API call of ``client``; False when it is to be refused."""
        if self.limit is None:
            return True
        now = self.clock()
        with self._lock:
            if now < self._until.get(client, 0.0):
                return False
            calls = self._calls.setdefault(client, deque())
            while calls and calls[0] <= now - WINDOW_SECONDS:
                calls.popleft()
            if len(calls) >= self.limit:
                self._until[client] = now + self.cooldown
                calls.clear()
                self.cooldowns += 1
                return False
            calls.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._until.clear()
            self.cooldowns = 0

"""The scheduler's browsers: at most ``size`` scrape sessions in a process, lent to one job at a time.

A job borrows a session for its run and gives it back. A session whose job failed (or was
cancelled, or handed back at shutdown) has its browser closed at once, so that no failed attempt
leaves a Chromium behind; a session whose job succeeded keeps its browser for the next job, for
``idle_seconds`` at most. ``close_all`` ends every browser (at exit, and when the scraper's
settings change).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from compass.scraper.session import ScrapeSession

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0


class SessionPool:
    def __init__(
        self, make: Callable[[], ScrapeSession], size: int, *, idle_seconds: float = IDLE_SECONDS
    ) -> None:
        self.make = make
        self.size = size
        self.idle_seconds = idle_seconds
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[tuple[ScrapeSession, float]] = []
        self._lent: set[int] = set()
        self._timer: threading.Timer | None = None

    @contextmanager
    def session(self) -> Iterator[ScrapeSession]:
        """A session for one job (blocks while ``size`` are lent out)."""
        self._slots.acquire()
        with self._lock:
            session = self._idle.pop()[0] if self._idle else self.make()
            self._lent.add(id(session))
        healthy = False
        try:
            yield session
            healthy = True
        finally:
            if not healthy:
                session.close()
            with self._lock:
                self._lent.discard(id(session))
                self._idle.append((session, time.monotonic()))
            self._slots.release()
            self._arm_timer()

    @property
    def browsers(self) -> int:
        """Sessions of this pool whose browser is running."""
        with self._lock:
            return sum(1 for session, _ in self._idle if session.has_browser) + len(self._lent)

    def close_idle(self, older_than: float | None = None) -> int:
        """Closes the browsers idle for ``older_than`` seconds (default ``idle_seconds``)."""
        limit = self.idle_seconds if older_than is None else older_than
        now = time.monotonic()
        closed = 0
        with self._lock:
            for session, since in self._idle:
                if session.has_browser and now - since >= limit:
                    session.close()
                    closed += 1
        return closed

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            if self._timer is not None:
                self._timer.cancel()
        for session, _ in idle:
            session.close()

    def _arm_timer(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.idle_seconds, self.close_idle)
            self._timer.daemon = True
            self._timer.start()

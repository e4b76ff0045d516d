"""Pytest fixtures of the TikTok stand-in, for any test package.

Use them from a ``conftest.py``::

    from tests.standin.fixtures import faulty_standin, standin, standin_2024  # noqa: F401

``standin``: one server for the test session, no faults, seed ``STANDIN_SEED``, TikTok's 2026
rules with the throttle off (``FAST_2026``: a test of the throttle makes its own server).
``standin_2024``: the same population under the friendlier rules of 2024 (every list unsigned).
``faulty_standin``: one other server for the session, 2026 rules as ``standin``, 20% of page and
API requests faulted (every kind; a slow answer takes 2-8 s), same seed. Its counters and fault
attempts are reset before each test that asks for it, so a test sees the same faults for the
same requests whatever ran before.
Point the scraper at ``standin.url`` (``COMPASS_TIKTOK_URL``); ``standin.creator(handle)`` is
what it should have stored.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator

import pytest

from tests.standin import Rules, StandIn

STANDIN_SEED = 20250601
FAULT_RATE = 0.2
FAST_2026 = Rules().loosened(api_calls_per_minute=None)

_faulty: list[StandIn] = []
_faulty_lock = threading.Lock()


@pytest.fixture(scope="session")
def standin() -> Iterator[StandIn]:
    with StandIn(seed=STANDIN_SEED, rules=FAST_2026) as server:
        yield server


@pytest.fixture(scope="session")
def standin_2024() -> Iterator[StandIn]:
    with StandIn(seed=STANDIN_SEED, rules=Rules.of_era("2024")) as server:
        yield server


def _faulty_server() -> StandIn:
    """Started on first use, stopped when the process exits: one per session, and importing
    ``faulty_standin`` alone is enough."""
    with _faulty_lock:
        if not _faulty:
            server = StandIn(seed=STANDIN_SEED, rules=FAST_2026, fault_rate=FAULT_RATE).start()
            atexit.register(server.stop)
            _faulty.append(server)
        return _faulty[0]


@pytest.fixture
def faulty_standin() -> StandIn:
    server = _faulty_server()
    server.reset()
    return server

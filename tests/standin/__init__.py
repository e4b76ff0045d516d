"""A local TikTok stand-in: TikTok's page structure, URL paths and web API, on 127.0.0.1.

tiktok.com is out of reach in tests; the scraper (a real headless Chromium) is pointed here with
``COMPASS_TIKTOK_URL``. The server serves a population of a few thousand synthetic creators
(``compass.synthetic``), with the page JSON, API JSON and rendered tiles of the real captures in
``../shared/fixtures/tiktok``, under the rules of TikTok in 2026 (signed lists, the login wall,
the unsigned creator list, the search gate, a throttle: :mod:`tests.standin.rules`) or, with
``rules=Rules.of_era("2024")``, of the friendlier site of 2024; and injects transient faults on
demand.

    with StandIn(seed=1, fault_rate=0.1) as tiktok:
        tiktok.url                         # "http://127.0.0.1:PORT"
        tiktok.population.largest(3)       # Members: handle, state, videos, followers...
        tiktok.creator("handle")           # the exact Observation the server serves
        tiktok.stats()                     # requests by path kind, faults by kind, refusals
        tiktok.session_id                  # the sessionid cookie it recognizes as signed in

Command line: ``python -m tests.standin --port 8080 [--era 2024] [--fault-rate 0.2] [--seed 1]
[--list]``.
Pytest fixtures: :mod:`tests.standin.fixtures` (``standin``, ``faulty_standin``).
"""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any

from compass.records import Observation
from tests.standin.faults import KINDS, FaultPlan
from tests.standin.population import CAPTURED_AT, Member, Population, State
from tests.standin.routes import Site
from tests.standin.rules import Rules
from tests.standin.server import StandInServer

__all__ = ["CAPTURED_AT", "KINDS", "Member", "Population", "Rules", "StandIn", "State"]


class StandIn:
    """The stand-in server on a background thread. ``port=0`` picks a free port.

    ``seed`` fixes the population and every value served; ``rules`` what a visitor may do (2026
    by default); ``fault_rate`` (0-1) and ``faults`` (kinds among ``KINDS``) the faults;
    ``slow_seconds`` the delay range of a slow answer; ``per_niche`` / ``prolific_per_niche`` the
    population size (8 niches)."""

    def __init__(
        self,
        *,
        seed: int = 0,
        rules: Rules | None = None,
        fault_rate: float = 0.0,
        faults: tuple[str, ...] = KINDS,
        slow_seconds: tuple[float, float] = (2.0, 8.0),
        host: str = "127.0.0.1",
        port: int = 0,
        per_niche: int = 370,
        prolific_per_niche: int = 3,
        verbose: bool = False,
    ) -> None:
        self.population = Population(seed, per_niche=per_niche, prolific_per_niche=prolific_per_niche)
        self.rules = rules or Rules()
        self.site = Site(self.population, self.rules)
        self.faults = FaultPlan(fault_rate, tuple(faults), seed, slow_seconds)
        self._address = (host, port)
        self._verbose = verbose
        self._server: StandInServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Lock()

    # ---- life cycle --------------------------------------------------------------------------

    def start(self) -> StandIn:
        if self._server is None:
            self._server = StandInServer(self._address, self.site, self.faults, verbose=self._verbose)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="tiktok-standin",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        # A test may stop the site from a thread mid-scrape and again when it ends: the second waits.
        with self._stopping:
            if self._server is not None:
                self._server.shutdown()
                self._server.server_close()
                self._server.drop_connections()
                if self._thread is not None:
                    self._thread.join(timeout=5)
                self._server = self._thread = None

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://host:port`` without a trailing slash (what ``COMPASS_TIKTOK_URL`` takes)."""
        if self._server is None:
            raise RuntimeError("the stand-in is not running: call start() or use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1].rsplit(":", 1)[0]

    @property
    def session_id(self) -> str:
        """The value of the ``sessionid`` cookie this stand-in takes for a signed-in visitor."""
        return self.site.session_id

    # ---- what is served ----------------------------------------------------------------------

    def creator(self, handle: str) -> Observation | None:
        """The exact values served for ``handle`` (profile and every video of its item list, in
        the order served: pinned first, then newest first); None when the server says the account
        does not exist (missing, or a handle outside the population) or is banned."""
        return self.population.observation(handle)

    def member(self, handle: str) -> Member | None:
        return self.population.get(handle)

    def stats(self) -> dict[str, Any]:
        """Requests by path kind and faults by kind since start or the last :meth:`reset`."""
        return self._control("stats")

    def reset(self) -> None:
        """Zero the counters and the fault attempts (faults then replay as from a fresh start)."""
        self._control("reset")

    def _control(self, name: str) -> Any:
        with urllib.request.urlopen(f"{self.url}/__standin/{name}", timeout=10) as response:
            return json.load(response)

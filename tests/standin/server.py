"""The HTTP server: standard library ``ThreadingHTTPServer``, TikTok-like headers, faults, counters.

Requests go to :class:`~tests.standin.routes.Site` (with the client's address and cookies, which
the rules read); the answer is then sent as is, or replaced or damaged by the fault the request
drew (:mod:`tests.standin.faults`). A refused call (throttled, unsigned, signed out) is counted
apart in ``refused``. Every answer carries
``Cache-Control: no-store`` (so a browser asks again after a fault) and, for a client without
one, a ``ttwid`` cookie as TikTok sets it.

Control endpoints (never faulted, not counted): ``/__standin/stats`` (requests by path kind,
faults by kind), ``/__standin/reset`` (zero the counters and the fault attempts),
``/__standin/population`` (what ``--list`` prints).
"""

from __future__ import annotations

import itertools
import json
import socket
import sys
import threading
import time
import traceback
from collections import Counter
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.standin import pages
from tests.standin.faults import Fault, FaultPlan
from tests.standin.request import HTML, JSON, Request, Response
from tests.standin.routes import Site
from tests.standin.shapes import digits
from tests.standin.signing import unsigned

_REASONS = {
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class Stats:
    """Requests by path kind and faults by kind, since start or the last reset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests: Counter[str] = Counter()
            self.faults: Counter[str] = Counter()
            self.fault_details: Counter[str] = Counter()
            self.refused: Counter[str] = Counter()

    def count(self, kind: str, fault: Fault | None, refused: bool = False) -> None:
        with self._lock:
            self.requests[kind] += 1
            if refused:
                self.refused[kind] += 1
            if fault is not None:
                self.faults[fault.kind] += 1
                self.fault_details[fault.label] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(sorted(self.requests.items())),
                "requests_total": sum(self.requests.values()),
                "faults": dict(sorted(self.faults.items())),
                "faults_total": sum(self.faults.values()),
                "fault_details": dict(sorted(self.fault_details.items())),
                "refused": dict(sorted(self.refused.items())),
            }


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], site: Site, faults: FaultPlan, *, verbose: bool = False
    ) -> None:
        super().__init__(address, Handler)
        self.site, self.faults, self.verbose = site, faults, verbose
        self.stats = Stats()
        self._ids = itertools.count(1)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:  # noqa: ANN001
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # noqa: ANN001
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Resets every open connection, keep-alive ones too: the site is gone, not just quiet."""
        with self._open_lock:
            open_now, self._open = list(self._open), set()
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass

    def next_request_id(self) -> int:
        return next(self._ids)

    def control(self, path: str) -> dict[str, Any] | list | None:
        if path == "/__standin/stats":
            return {
                **self.stats.snapshot(),
                "config": {
                    "seed": self.site.population.seed,
                    "fault_rate": self.faults.rate,
                    "faults": list(self.faults.kinds),
                    "slow_seconds": list(self.faults.slow_seconds),
                },
                "cached_creators": self.site.population.cached_accounts,
                "rules": self.site.rules.to_json(),
                "cooldowns": self.site.throttle.cooldowns,
            }
        if path == "/__standin/reset":
            self.stats.reset()
            self.faults.reset()
            self.site.throttle.reset()
            return {"reset": True}
        if path == "/__standin/population":
            return self.site.population.to_json()
        return None

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: StandInServer
    protocol_version = "HTTP/1.1"
    server_version = "Tengine"
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version

    timeout = 120  # an idle keep-alive connection is dropped after this

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802
        try:
            self._serve()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.do_GET()

    def _serve(self) -> None:
        split = urlsplit(self.path)
        if split.path.startswith("/__standin/"):
            payload = self.server.control(split.path)
            status = 200 if payload is not None else 404
            self._send(
                status, json.dumps(payload if payload is not None else {"error": "unknown"}).encode(), JSON
            )
            return
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        request_id = self.server.next_request_id()
        request = Request(split.path, query, split.query, request_id, self.client_address[0], self._cookies())
        try:
            response = self.server.site.handle(request)
        except Exception:  # a defect of the stand-in: say so loudly, answer 500
            traceback.print_exc()
            response = Response(
                "error", 500, pages.error_page(500, "Internal Server Error").encode(), HTML, page=True
            )
        fault = (
            self.server.faults.draw(unsigned(self.path), api=response.api)
            if (response.page or response.api) and not response.refused
            else None
        )
        self.server.stats.count(response.kind, fault, response.refused)
        self._answer(response, fault, request_id)

    def _cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie") or "")
        except CookieError:
            return {}
        return {name: morsel.value for name, morsel in jar.items()}

    def _answer(self, response: Response, fault: Fault | None, request_id: int) -> None:
        status, body, ctype, extra = response.status, response.body, response.content_type, []
        kind = fault.kind if fault else None
        if kind == "slow":
            time.sleep(fault.delay)
        elif kind == "challenge" and response.api:
            verify = {
                "code": 10000,
                "type": "verify",
                "subtype": "slide",
                "region": "va",
                "fp": f"verify_{digits('fp', request_id, length=12)}",
            }
            body = json.dumps(
                {"statusCode": 10000, "status_code": 10000, "statusMsg": "", "verifyConfig": verify}
            )
            body, ctype = body.encode(), JSON
        elif kind == "challenge":
            body, ctype = pages.captcha_page().encode(), HTML
        elif kind in ("429", "5xx"):
            status = fault.status
            body, ctype = pages.error_page(status, _REASONS[status]).encode(), HTML
            if fault.retry_after:
                extra.append(("Retry-After", str(fault.retry_after)))
        elif kind == "broken":
            cut = max(1, int(len(body) * fault.cut))
            if fault.detail == "reset":
                self._send(status, body[:cut], ctype, extra, response.cache, request_id, length=len(body))
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            body = body[:cut]
        self._send(status, body, ctype, extra, response.cache, request_id)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        extra: list[tuple[str, str]] = (),
        cache: str = "no-store",
        request_id: int = 0,
        length: int | None = None,
    ) -> None:
        self.send_response(status, _REASONS.get(status))
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Tt-Logid", digits("logid", request_id, length=20))
        for name, value in extra:
            self.send_header(name, value)
        if "ttwid=" not in (self.headers.get("Cookie") or ""):
            token = digits("ttwid", request_id, length=20)
            self.send_header(
                "Set-Cookie",
                f"ttwid=1%7C{token}%7C{int(time.time())}%7C{digits('sig', token, length=16)}; "
                "Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax",
            )
        self.end_headers()
        self.wfile.write(body)

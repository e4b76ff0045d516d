"""One request to the stand-in and its response, as plain values (no sockets)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Request:
    """``query``: the first value of each parameter; ``raw_query``: the query string as sent (what a
    signature covers); ``client``: the caller's address; ``now``: unix seconds."""

    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    raw_query: str = ""
    request_id: int = 0
    client: str = ""
    cookies: Mapping[str, str] = field(default_factory=dict)
    now: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Response:
    """``page``: an HTML page of the site (a challenge fault replaces it by a captcha page);
    ``api``: a web API answer (a challenge fault answers ``statusCode`` 10000); ``refused``: the
    rules refused the call (throttled, unsigned, signed out), counted apart."""

    kind: str
    status: int
    body: bytes
    content_type: str
    page: bool = False
    api: bool = False
    cache: str = "no-store"
    refused: bool = False

"""Plain-urllib helpers for the stand-in's tests (no browser)."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from compass.tiktok import ParseResult, parse_page
from tests.standin.signing import SIGNATURE_PARAM, TOKEN_PARAM

if TYPE_CHECKING:
    from tests.standin import StandIn

_SCRIPT = re.compile(
    r'<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">(.*?)</script>', re.S
)


@dataclass(frozen=True)
class Got:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self) -> Any:
        return json.loads(self.text)

    def scope(self) -> dict[str, Any]:
        """The page's ``__DEFAULT_SCOPE__``, read independently of the parser."""
        match = _SCRIPT.search(self.text)
        assert match, "no rehydration script in the page"
        return json.loads(match.group(1))["__DEFAULT_SCOPE__"]


def get(
    base: str,
    path: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = 30,
    cookies: dict[str, str] | None = None,
    query: str | None = None,
) -> Got:
    """``GET base+path?params`` (or ``?query`` as given, for a signed query string)."""
    url = base + path + ("?" + query if query is not None else "?" + urlencode(params) if params else "")
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) standin-tests"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Got(response.status, response.headers, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Got(exc.code, exc.headers, exc.read().decode("utf-8", "replace"))


def parse(base: str, path: str, params: dict[str, Any] | None = None) -> ParseResult:
    got = get(base, path, params)
    return parse_page(got.text, url="https://www.tiktok.com" + path)


def item_list_pages(base: str, sec_uid: str, *, count: int = 35) -> list[ParseResult]:
    """Every page of a creator's ``/api/post/item_list/``, following the cursor until hasMore false."""
    results, cursor = [], "0"
    for _ in range(1000):
        got = get(base, "/api/post/item_list/", {"secUid": sec_uid, "cursor": cursor, "count": count})
        result = parse_page(got.text)
        assert result.status.ok, result.status
        results.append(result)
        if not result.has_more:
            return results
        assert result.cursor is not None and result.cursor != cursor, "the cursor did not move"
        cursor = result.cursor
    raise AssertionError("item_list never ended")


def signed_query(
    standin: StandIn,
    path: str,
    params: dict[str, Any],
    *,
    seconds: int | None = None,
    token: str = "test-token",
) -> str:
    """``params`` as a query string signed the way the stand-in's page script signs it."""
    query = urlencode({**params, TOKEN_PARAM: token})
    moment = int(time.time()) if seconds is None else seconds
    return f"{query}&{SIGNATURE_PARAM}={standin.site.signer.sign(token, f'{path}?{query}', moment)}"

"""A TikTok session brought by the user: a Netscape cookies.txt, read into cookies for the browser.

cookies.txt is what yt-dlp's ``--cookies`` reads and browser extensions ("Get cookies.txt") write:
one cookie a line, seven tab-separated fields (domain, include-subdomains flag, path, secure flag,
expiry in unix seconds, name, value); ``#`` starts a comment, except the ``#HttpOnly_`` prefix
that marks an HttpOnly cookie's domain.

A cookie's value is a credential: it never appears in a repr, a log line or an error (errors name
the line number only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HTTP_ONLY_PREFIX = "#HttpOnly_"


class CookieFileError(ValueError):
    """The cookies file cannot be used; the message says why, never what a cookie holds."""


@dataclass(frozen=True)
class Cookie:
    domain: str
    path: str
    secure: bool
    expires: int | None  # unix seconds; None for a session cookie (0 in the file)
    name: str
    value: str = field(repr=False)
    http_only: bool = False
    include_subdomains: bool = True

    def matches(self, host: str) -> bool:
        """Whether a browser sends this cookie to ``host``."""
        domain = self.domain.lstrip(".").lower()
        host = host.lower()
        return host == domain or (self.include_subdomains and host.endswith("." + domain))

    def to_cdp(self) -> dict[str, Any]:
        """The parameters of DevTools' ``Network.setCookie``."""
        params: dict[str, Any] = {
            "name": self.name,
            "value": self.value,
            "domain": self.domain,
            "path": self.path or "/",
            "secure": self.secure,
            "httpOnly": self.http_only,
        }
        if self.expires:
            params["expires"] = self.expires
        return params


def _flag(text: str, line: int, what: str) -> bool:
    upper = text.strip().upper()
    if upper not in ("TRUE", "FALSE"):
        raise CookieFileError(f"line {line}: the {what} field must be TRUE or FALSE")
    return upper == "TRUE"


def parse_cookies_txt(text: str) -> list[Cookie]:
    """Every cookie of a Netscape cookies.txt; a malformed line raises CookieFileError naming it."""
    cookies = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip("\r\n")
        http_only = line.startswith(HTTP_ONLY_PREFIX)
        if http_only:
            line = line[len(HTTP_ONLY_PREFIX) :]
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 7:
            raise CookieFileError(
                f"line {number}: expected 7 tab-separated fields (domain, subdomains, path, secure, expiry, "
                f"name, value), found {len(fields)}"
            )
        domain, subdomains, path, secure, expiry, name, value = fields
        if not domain.strip() or not name.strip():
            raise CookieFileError(f"line {number}: a cookie needs a domain and a name")
        expiry = expiry.strip()
        if not expiry.isdigit():
            raise CookieFileError(f"line {number}: the expiry must be unix seconds")
        cookies.append(
            Cookie(
                domain=domain.strip(),
                path=path.strip() or "/",
                secure=_flag(secure, number, "secure"),
                expires=int(expiry) or None,
                name=name.strip(),
                value=value,
                http_only=http_only,
                include_subdomains=_flag(subdomains, number, "include-subdomains"),
            )
        )
    return cookies


def read_cookie_file(path: Path) -> list[Cookie]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CookieFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CookieFileError(f"{path}: cannot read it ({type(exc).__name__})") from None
    return parse_cookies_txt(text)


def cookies_for(cookies: list[Cookie], site_url: str) -> list[Cookie]:
    """The cookies a browser would send to ``site_url``'s host (a cookies.txt may hold every site)."""
    host = urlsplit(site_url).hostname or ""
    return [cookie for cookie in cookies if cookie.matches(host)]

"""When the app may sign everyone in as the local user: the rule, as pure functions.

Local mode exists so that ``make run`` works out of the box on a laptop. It must never switch on by
accident on a server, so it needs all of: no OAuth client configured at all (not even half of one),
a localhost ``COMPASS_PUBLIC_URL``, and, for each browser, a connection that came from this machine
without a proxy in between.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from compass.settings import Settings

LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Headers a reverse proxy adds: their presence means the browser is not on this machine.
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


class AuthMode(StrEnum):
    OAUTH = "oauth"
    LOCAL = "local"
    MISCONFIGURED = "misconfigured"


@dataclass(frozen=True)
class ModeDecision:
    mode: AuthMode
    reason: str = ""


def is_localhost_url(url: str) -> bool:
    return _is_local_host(urlsplit(url).hostname)


def _is_local_host(hostname: str | None) -> bool:
    if not hostname:
        return False
    hostname = hostname.strip("[]").lower()
    if hostname in LOCAL_HOSTNAMES or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def auth_mode(settings: Settings) -> ModeDecision:
    """OAuth when a client is configured; local only on localhost with nothing configured."""
    has_id, has_secret = bool(settings.oidc_client_id), bool(settings.oidc_client_secret)
    if has_id != has_secret:
        missing = "COMPASS_OIDC_CLIENT_SECRET" if has_id else "COMPASS_OIDC_CLIENT_ID"
        return ModeDecision(
            AuthMode.MISCONFIGURED, f"{missing} is not set: an OAuth client needs both an id and a secret"
        )
    if has_id:
        urls = (("COMPASS_PUBLIC_URL", settings.public_url), ("COMPASS_OIDC_ISSUER", settings.oidc_issuer))
        for name, url in urls:
            if urlsplit(url).scheme != "https" and not is_localhost_url(url):
                reason = f"{name} must be an https:// URL outside localhost"
                return ModeDecision(AuthMode.MISCONFIGURED, reason)
        return ModeDecision(AuthMode.OAUTH)
    if not is_localhost_url(settings.public_url):
        return ModeDecision(
            AuthMode.MISCONFIGURED,
            f"no OAuth client is configured and COMPASS_PUBLIC_URL ({settings.public_url}) is not "
            "a localhost address: set COMPASS_OIDC_CLIENT_ID and COMPASS_OIDC_CLIENT_SECRET "
            "(see docs/auth.md); the local user is only for running on your own machine",
        )
    return ModeDecision(AuthMode.LOCAL)


def connection_is_local(remote_ip: str | None, headers: Mapping[str, str]) -> bool:
    """Whether one browser connection may use local mode: loopback, addressed to localhost, no proxy.

    ``remote_ip`` is None for loopback connections (that is what ``st.context.ip_address`` reports)
    and outside a browser (AppTest), where ``headers`` is empty too.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    if remote_ip is not None:
        try:
            if not ipaddress.ip_address(remote_ip).is_loopback:
                return False
        except ValueError:
            return False
    if any(lowered.get(name) for name in PROXY_HEADERS):
        return False
    host = lowered.get("host")
    if host is None:
        return not lowered  # no request at all (AppTest); a real request always names its host
    return _is_local_host(urlsplit(f"//{host}").hostname)

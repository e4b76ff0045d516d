"""The provider's OpenID discovery document and its signing keys (JWKS), fetched and cached.

The JWKS is cached for an hour and fetched again when a token names a key id (``kid``) we do not
know, which is how providers rotate keys; a cool-down stops a stream of forged kids from turning
every request into a fetch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from jwt import PyJWK, PyJWTError

from compass.auth.local_mode import is_localhost_url

FETCH_TIMEOUT_S = 5.0
MAX_DOCUMENT_BYTES = 256 * 1024
DISCOVERY_TTL_S = 3600.0
JWKS_TTL_S = 3600.0
JWKS_REFETCH_COOLDOWN_S = 10.0

Fetch = Callable[[str], dict[str, Any]]
Clock = Callable[[], float]


class DiscoveryError(RuntimeError):
    """The provider could not be reached or answered something unusable. Says which URL."""


def fetch_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(
            url, timeout=FETCH_TIMEOUT_S, follow_redirects=False, headers={"Accept": "application/json"}
        )
    except httpx.HTTPError as exc:
        raise DiscoveryError(f"could not reach {url}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise DiscoveryError(f"{url} answered HTTP {response.status_code}")
    if len(response.content) > MAX_DOCUMENT_BYTES:
        raise DiscoveryError(f"{url} answered a document over {MAX_DOCUMENT_BYTES} bytes")
    try:
        document = response.json()
    except ValueError:
        raise DiscoveryError(f"{url} did not answer JSON") from None
    if not isinstance(document, dict):
        raise DiscoveryError(f"{url} did not answer a JSON object")
    return document


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str

    @classmethod
    def from_document(cls, issuer: str, document: dict[str, Any]) -> ProviderMetadata:
        # OpenID Connect Discovery 1.0, section 4.3: the document's issuer must be the one we asked.
        if document.get("issuer") != issuer:
            named = document.get("issuer")
            raise DiscoveryError(f"the discovery document names issuer {named!r}, expected {issuer!r}")
        values = {}
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = document.get(name)
            if not isinstance(value, str) or not value:
                raise DiscoveryError(f"the discovery document of {issuer} has no {name}")
            if urlsplit(value).scheme != "https" and not is_localhost_url(value):
                raise DiscoveryError(f"the discovery document of {issuer} gives a non-https {name}: {value}")
            values[name] = value
        return cls(issuer=issuer, **values)


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


class JwksCache:
    """Signing keys by kid, refreshed on a schedule and on an unknown kid (at most once per cool-down)."""

    def __init__(
        self,
        jwks_uri: str,
        *,
        fetch: Fetch = fetch_json,
        clock: Clock = time.monotonic,
        ttl_s: float = JWKS_TTL_S,
        cooldown_s: float = JWKS_REFETCH_COOLDOWN_S,
    ) -> None:
        self.jwks_uri = jwks_uri
        self._fetch = fetch
        self._clock = clock
        self._ttl_s = ttl_s
        self._cooldown_s = cooldown_s
        self._keys: list[PyJWK] = []
        self._fetched_at: float | None = None
        self._lock = threading.Lock()
        self.fetches = 0

    def _refresh(self) -> None:
        document = self._fetch(self.jwks_uri)
        keys = []
        listed = document.get("keys")
        for raw in listed if isinstance(listed, list) else []:
            if not isinstance(raw, dict) or raw.get("use", "sig") != "sig":
                continue
            try:
                keys.append(PyJWK(raw))
            except PyJWTError:
                continue  # a key type we do not use (and could not verify with) is skipped
        self._keys = keys
        self._fetched_at = self._clock()
        self.fetches += 1

    def _stale(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at > self._ttl_s

    def _may_refetch(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= self._cooldown_s

    def candidates(self, kid: str | None) -> list[PyJWK]:
        """The keys that may have signed a token with this ``kid`` (empty: unknown kid)."""
        with self._lock:
            if self._stale():
                self._refresh()
            found = self._match(kid)
            if not found and kid is not None and self._may_refetch():
                self._refresh()
                found = self._match(kid)
            return found

    def _match(self, kid: str | None) -> list[PyJWK]:
        if kid is None:
            # Some providers (and oidc-provider-mock) sign without a kid; only unambiguous with one key.
            return list(self._keys) if len(self._keys) == 1 else []
        return [key for key in self._keys if key.key_id == kid]


class OidcProvider:
    """One issuer: its discovery document (cached) and its keys. Shared by every session of a process."""

    def __init__(self, issuer: str, *, fetch: Fetch = fetch_json, clock: Clock = time.monotonic) -> None:
        self.issuer = issuer.rstrip("/")
        self._fetch = fetch
        self._clock = clock
        self._metadata: ProviderMetadata | None = None
        self._metadata_at = 0.0
        self._jwks: JwksCache | None = None
        self._lock = threading.Lock()

    def metadata(self) -> ProviderMetadata:
        with self._lock:
            if self._metadata is None or self._clock() - self._metadata_at > DISCOVERY_TTL_S:
                document = self._fetch(discovery_url(self.issuer))
                metadata = ProviderMetadata.from_document(self.issuer, document)
                if self._jwks is None or self._jwks.jwks_uri != metadata.jwks_uri:
                    self._jwks = JwksCache(metadata.jwks_uri, fetch=self._fetch, clock=self._clock)
                self._metadata, self._metadata_at = metadata, self._clock()
            return self._metadata

    def keys(self) -> JwksCache:
        self.metadata()
        assert self._jwks is not None
        return self._jwks

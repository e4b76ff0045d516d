"""A small OpenID provider on localhost for forging tokens: discovery, a JWKS and a token endpoint.

oidc-provider-mock signs with a key we cannot reach, so the forged-token tests use this one: it
publishes an RSA and an EC key (both with a kid), and its token endpoint answers whatever ID token
the test queued. Tokens are signed with PyJWT and cryptography keys; the HS256-with-the-public-key
and ``alg: none`` forgeries are assembled by hand, since PyJWT (rightly) refuses to make them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

CLIENT_ID = "compass-test-client"
CLIENT_SECRET = "test-secret-do-not-use"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@functools.cache
def provider_keys() -> tuple[rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey]:
    """The provider's own keys, made once per test run (an RSA key takes a while to generate)."""
    return rsa_key(), ec_key()


def public_jwk(private_key: Any, kid: str | None) -> dict[str, Any]:
    if isinstance(private_key, rsa.RSAPrivateKey):
        jwk = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    else:
        jwk = json.loads(ECAlgorithm.to_jwk(private_key.public_key()))
    if kid is not None:
        jwk["kid"] = kid
    jwk["use"] = "sig"
    return jwk


def public_pem(private_key: Any) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@dataclass
class FakeProvider:
    """The provider's state: its keys, what its token endpoint answers, what it was asked."""

    issuer: str = ""
    rsa: rsa.RSAPrivateKey = field(default_factory=lambda: provider_keys()[0])
    ec: ec.EllipticCurvePrivateKey = field(default_factory=lambda: provider_keys()[1])
    rsa_kid: str = "rsa-1"
    ec_kid: str = "ec-1"
    extra_keys: list[dict[str, Any]] = field(default_factory=list)
    next_id_token: str | None = None
    jwks_requests: int = 0
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    token_auth: list[str | None] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        published = [public_jwk(self.rsa, self.rsa_kid), public_jwk(self.ec, self.ec_kid)]
        return {"keys": [*published, *self.extra_keys]}

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "user-123",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": "the-nonce",
            "email": "ada@example.com",
            "email_verified": True,
            "name": "Ada",
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(
        self, claims: dict[str, Any], *, alg: str = "RS256", kid: str | None = "default", key: Any = None
    ) -> str:
        if kid == "default":
            kid = self.rsa_kid if alg == "RS256" else self.ec_kid
        if key is None:
            key = self.rsa if alg == "RS256" else self.ec
        headers = {"kid": kid} if kid is not None else {}
        return jwt.encode(claims, key, algorithm=alg, headers=headers)


def unsigned_token(claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    head = header or {"alg": "none", "typ": "JWT"}
    return f"{b64(json.dumps(head).encode())}.{b64(json.dumps(claims).encode())}."


def hs256_with_public_key(claims: dict[str, Any], pem: bytes, kid: str) -> str:
    """The classic key-confusion forgery: HMAC keyed with the RSA public key an attacker can download."""
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(pem, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(signature)}"


def tamper(token: str, **changes: Any) -> str:
    """The same signature over a changed payload."""
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(changes)
    return f"{head}.{b64(json.dumps(claims).encode())}.{signature}"


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                self._json(
                    200,
                    {
                        "issuer": provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/authorize",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks",
                        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
                    },
                )
            elif self.path == "/jwks":
                provider.jwks_requests += 1
                self._json(200, provider.jwks())
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            provider.token_requests.append(form)
            provider.token_auth.append(self.headers.get("Authorization"))
            if self.path != "/token" or provider.next_id_token is None:
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(
                200,
                {
                    "access_token": "at",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.next_id_token,
                },
            )

    return Handler


@contextmanager
def serve(provider: FakeProvider) -> Iterator[FakeProvider]:
    server = ThreadingHTTPServer(("localhost", 0), _handler(provider))
    provider.issuer = f"http://localhost:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()

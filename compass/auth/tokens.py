"""Verifying an ID token before anyone is signed in. PyJWT does the cryptography; this module decides.

Checks, in order: the header parses; its ``alg`` is on the allow-list (RS256, ES256: never ``none``,
never HMAC, whose "secret" an attacker could take from our public JWKS); a key of the provider
matches its ``kid``; the signature; ``iss``, ``aud`` (and ``azp`` when there are several audiences),
``exp`` and ``iat`` with a small leeway; the ``nonce`` of this sign-in; ``email_verified``.
Every refusal raises :class:`TokenRejected` with a short, stable reason for the audit log.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, Protocol

import jwt
from jwt import PyJWK

ALLOWED_ALGORITHMS = ("RS256", "ES256")
KEY_TYPES = {"RS256": "RSA", "ES256": "EC"}
LEEWAY_S = 60
REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp", "iat")
# Google documents both spellings of its issuer in ID tokens.
ISSUER_ALIASES = {"https://accounts.google.com": ("accounts.google.com",)}

REASONS = {
    "malformed": "the ID token could not be read",
    "alg_not_allowed": "the ID token uses a signing algorithm we do not accept",
    "unknown_kid": "the ID token was signed with a key the provider does not publish",
    "bad_signature": "the ID token's signature does not verify",
    "wrong_issuer": "the ID token comes from another issuer",
    "wrong_audience": "the ID token was issued for another application",
    "expired": "the ID token has expired",
    "issued_in_future": "the ID token claims to be issued in the future",
    "missing_claim": "the ID token lacks a required claim",
    "nonce_mismatch": "the ID token does not belong to this sign-in (nonce)",
    "email_not_verified": "the account's email address is not verified",
    "state_mismatch": "the sign-in answer does not belong to this sign-in (state)",
    "state_replayed": "this sign-in answer was already used (state)",
    "code_replayed": "this authorization code was already used",
    "provider_error": "the provider refused the sign-in",
    "exchange_failed": "the authorization code could not be exchanged",
    "no_id_token": "the provider returned no ID token",
    "provider_unavailable": "the sign-in provider could not be reached",
}


class TokenRejected(Exception):
    """A sign-in refused. ``reason`` is one of :data:`REASONS`; ``detail`` never holds a token."""

    def __init__(self, reason: str, detail: str = "") -> None:
        assert reason in REASONS, reason
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def message(self) -> str:
        return REASONS[self.reason]


class KeySource(Protocol):
    def candidates(self, kid: str | None) -> list[PyJWK]: ...


@dataclass(frozen=True)
class VerifiedIdentity:
    """Who signed in. ``issuer`` is the configured issuer (aliases folded), so (issuer, subject) is stable."""

    issuer: str
    subject: str
    email: str | None
    name: str | None
    claims: dict[str, Any]


def verify_id_token(
    token: str,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    keys: KeySource,
    leeway_s: int = LEEWAY_S,
) -> VerifiedIdentity:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise TokenRejected("malformed", "unreadable header") from None
    alg = header.get("alg")
    if alg not in ALLOWED_ALGORITHMS:
        raise TokenRejected("alg_not_allowed", f"alg {alg!r}")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise TokenRejected("malformed", "kid is not a string")

    candidates = [k for k in keys.candidates(kid) if _key_fits(k, alg)]
    if not candidates:
        why = f"kid {kid!r}" if kid else "no kid, and not exactly one published key"
        raise TokenRejected("unknown_kid", why)

    claims = _decode(token, candidates, alg, issuer, client_id, leeway_s)

    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise TokenRejected("wrong_audience", "several audiences and azp is not our client")
    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
        raise TokenRejected("nonce_mismatch", "nonce absent" if token_nonce is None else "nonce differs")
    if claims.get("email_verified") is not True:
        raise TokenRejected("email_not_verified", "email_verified is not true")
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise TokenRejected("missing_claim", "sub is not a usable string")
    email, name = claims.get("email"), claims.get("name")
    return VerifiedIdentity(
        issuer=issuer,
        subject=subject,
        email=email if isinstance(email, str) else None,
        name=name if isinstance(name, str) else None,
        claims=claims,
    )


def _key_fits(key: PyJWK, alg: str) -> bool:
    return key.algorithm_name == alg and key.key_type == KEY_TYPES[alg]


def _decode(
    token: str, candidates: list[PyJWK], alg: str, issuer: str, client_id: str, leeway_s: int
) -> dict[str, Any]:
    issuers = [issuer, *ISSUER_ALIASES.get(issuer, ())]
    options = {"require": list(REQUIRED_CLAIMS), "verify_signature": True}
    last: jwt.PyJWTError | None = None
    for key in candidates:
        try:
            return jwt.decode(
                token,
                key=key.key,
                algorithms=[alg],
                audience=client_id,
                issuer=issuers,
                leeway=leeway_s,
                options=options,  # type: ignore[arg-type]
            )
        except jwt.InvalidSignatureError as exc:
            last = exc
            continue  # another published key with the same kid may verify it
        except jwt.PyJWTError as exc:
            raise _rejection(exc) from None
    raise _rejection(last or jwt.InvalidSignatureError())


def _rejection(exc: jwt.PyJWTError) -> TokenRejected:
    kind = type(exc).__name__
    if isinstance(exc, jwt.InvalidSignatureError):
        return TokenRejected("bad_signature", kind)
    if isinstance(exc, jwt.ExpiredSignatureError):
        return TokenRejected("expired", kind)
    if isinstance(exc, jwt.ImmatureSignatureError):
        return TokenRejected("issued_in_future", kind)
    if isinstance(exc, jwt.InvalidAudienceError):
        return TokenRejected("wrong_audience", kind)
    if isinstance(exc, jwt.InvalidIssuerError):
        return TokenRejected("wrong_issuer", kind)
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return TokenRejected("missing_claim", f"{kind}: {exc.claim}")
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return TokenRejected("alg_not_allowed", kind)
    return TokenRejected("malformed", kind)

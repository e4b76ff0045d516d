"""From the provider's answer to a signed-in user: check the answer, exchange the code, verify, audit.

No Streamlit here, so that every refusal can be tested against a real provider. The Streamlit side
(:mod:`compass.web.gate`) draws streamlit-oauth's button with a :class:`DeferredExchangeClient`,
which leaves the code exchange to :func:`complete_sign_in`: the answer's ``state`` and the code's
single use are then checked *before* the code is sent anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_oauth.oauth2 import OAuth2
from sqlalchemy import Engine

from compass.auth.flow import LoginAttempt, ReplayGuard, printable
from compass.auth.provider import FETCH_TIMEOUT_S, DiscoveryError, OidcProvider
from compass.auth.sessions import issue_ticket
from compass.auth.tokens import TokenRejected, VerifiedIdentity, verify_id_token
from compass.workspace import audit
from compass.workspace.users import get_or_create_user

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uri: str


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    ticket: str
    identity: VerifiedIdentity


class DeferredExchangeClient(OAuth2):  # type: ignore[type-arg]
    """streamlit-oauth's client, minus the code exchange: it hands the code back for us to check first."""

    async def get_access_token(self, code: str, redirect_uri: str, code_verifier: str | None = None):  # type: ignore[override]
        return {"deferred": True}


def exchange_code(token_endpoint: str, client: Client, code: str, code_verifier: str) -> dict[str, Any]:
    """The authorization-code grant (RFC 6749 4.1.3) with the PKCE verifier; client_secret_basic auth."""
    try:
        response = httpx.post(
            token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": client.redirect_uri,
                "code_verifier": code_verifier,
            },
            auth=(client.client_id, client.client_secret),
            headers={"Accept": "application/json"},
            timeout=FETCH_TIMEOUT_S,
        )
    except httpx.HTTPError as exc:
        raise TokenRejected("exchange_failed", type(exc).__name__) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else None
        why = f"HTTP {response.status_code} {printable(error or '')}".strip()
        raise TokenRejected("exchange_failed", why)
    return body


def complete_sign_in(
    engine: Engine,
    provider: OidcProvider,
    client: Client,
    attempt: LoginAttempt,
    answer: Mapping[str, Any],
    guard: ReplayGuard,
    *,
    ip: str | None = None,
) -> SignedIn:
    """Signs the user in, or raises :class:`TokenRejected` after recording why in the audit log."""
    try:
        callback = guard.consume(attempt, answer)
        try:
            metadata = provider.metadata()
            keys = provider.keys()
        except DiscoveryError as exc:
            raise TokenRejected("provider_unavailable", str(exc)) from None
        tokens = exchange_code(metadata.token_endpoint, client, callback.code, attempt.code_verifier)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise TokenRejected("no_id_token")
        try:
            identity = verify_id_token(
                id_token, issuer=provider.issuer, client_id=client.client_id, nonce=attempt.nonce, keys=keys
            )
        except DiscoveryError as exc:
            raise TokenRejected("provider_unavailable", str(exc)) from None
    except TokenRejected as rejected:
        logger.warning("sign-in refused: %s (%s)", rejected.reason, rejected.detail)
        detail = {"reason": rejected.reason, "why": rejected.detail, "issuer": provider.issuer, "ip": ip}
        audit.record(engine, audit.Action.SIGN_IN_FAILED, user_id=None, detail=detail)
        raise
    user = get_or_create_user(
        engine, identity.issuer, identity.subject, email=identity.email, name=identity.name
    )
    audit.record(engine, audit.Action.SIGN_IN, user_id=user.id, detail={"issuer": identity.issuer, "ip": ip})
    logger.info("signed in user #%s", user.id)
    return SignedIn(user_id=user.id, ticket=issue_ticket(engine, user.id), identity=identity)

"""HTTP routes beside the Streamlit app: the HttpOnly session cookie, and the sign-in popup's landing page.

A Streamlit script cannot set a cookie (``st.context.cookies`` is read-only) and a cookie set from
JavaScript cannot be HttpOnly, so these small Starlette routes are mounted through ``st.App``
(see ``app.py``):

- ``POST /auth/session`` trades a one-time sign-in ticket for a session and answers
  ``Set-Cookie: ...; HttpOnly; SameSite=Strict; Path=/`` (``Secure`` over https and outside localhost);
- ``POST /auth/signout`` revokes the cookie's session and clears the cookie;
- ``GET /auth/callback`` is the OAuth redirect URI: a blank page the sign-in button's popup lands
  on, from which the button reads ``code`` and ``state``.

The POST routes only answer requests whose ``Origin`` is ``COMPASS_PUBLIC_URL``'s.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from compass.auth.sessions import (
    SESSION_LIFETIME,
    clear_cookie_header,
    cookie_name,
    redeem_ticket,
    revoke_session,
    set_cookie_header,
)
from compass.workspace import audit

logger = logging.getLogger(__name__)

SESSION_PATH = "/auth/session"
SIGN_OUT_PATH = "/auth/signout"
CALLBACK_PATH = "/auth/callback"
MAX_BODY = 1024
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache", "Referrer-Policy": "no-referrer"}

CALLBACK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body style="font-family: sans-serif; margin: 3rem;">
<p>Signing you in to Creator Compass… This window closes by itself.</p>
</body></html>
"""


def redirect_uri(public_url: str) -> str:
    """The redirect URI to register with the provider."""
    return public_url.rstrip("/") + CALLBACK_PATH


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _public_url() -> str:
    from compass.web.runtime import settings

    return settings().public_url


def _engine():  # type: ignore[no-untyped-def]
    from compass.web.runtime import engine

    return engine()


def _same_origin(request: Request, public_url: str) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin.lower() != _origin(public_url):
        return False
    fetch_site = request.headers.get("sec-fetch-site")
    return fetch_site in (None, "same-origin")


def _refused(status: int, why: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": why}, status_code=status, headers=NO_STORE)


async def _ticket_of(request: Request) -> str | None:
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_BODY:
        return None
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    try:
        ticket = json.loads(body or b"{}").get("ticket")
    except (ValueError, AttributeError):
        return None
    return ticket if isinstance(ticket, str) else None


async def redeem(request: Request) -> Response:
    public_url = await run_in_threadpool(_public_url)
    if not _same_origin(request, public_url):
        return _refused(403, "cross-origin request refused")
    ticket = await _ticket_of(request)
    if not ticket:
        return _refused(400, "no ticket")
    engine = await run_in_threadpool(_engine)
    new = await run_in_threadpool(redeem_ticket, engine, ticket)
    if new is None:
        await run_in_threadpool(
            lambda: audit.record(
                engine,
                audit.Action.SESSION_REFUSED,
                user_id=None,
                detail={"why": "unknown, used or expired sign-in ticket"},
            )
        )
        return _refused(400, "this sign-in link is used or expired; sign in again")
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    response.headers.append(
        "set-cookie", set_cookie_header(public_url, new.token, int(SESSION_LIFETIME.total_seconds()))
    )
    return response


async def sign_out(request: Request) -> Response:
    public_url = await run_in_threadpool(_public_url)
    if not _same_origin(request, public_url):
        return _refused(403, "cross-origin request refused")
    token = request.cookies.get(cookie_name(public_url))
    if token:
        engine = await run_in_threadpool(_engine)
        user_id = await run_in_threadpool(revoke_session, engine, token)
        if user_id is not None:  # the page revokes first; this catches a sign-out that skipped it
            await run_in_threadpool(
                lambda: audit.record(engine, audit.Action.SIGN_OUT, user_id=user_id, detail={"via": "route"})
            )
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    response.headers.append("set-cookie", clear_cookie_header(public_url))
    return response


async def callback(request: Request) -> Response:
    return HTMLResponse(
        CALLBACK_PAGE,
        headers={
            **NO_STORE,
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "X-Frame-Options": "DENY",
        },
    )


def session_routes() -> list[Route]:
    return [
        Route(SESSION_PATH, redeem, methods=["POST"]),
        Route(SIGN_OUT_PATH, sign_out, methods=["POST"]),
        Route(CALLBACK_PATH, callback, methods=["GET"]),
    ]

"""The sign-in gate. Every page's first call after ``start_page``: ``user = require_user()``.

Streamlit runs a page of ``pages/`` opened by its own URL without ``app.py``, so the gate cannot
live in ``app.py`` alone: each page calls it. It returns the signed-in user, or draws the sign-in
and stops the page. The user comes from the HttpOnly session cookie (``st.context.cookies``,
checked against the database on every run, so a sign-out elsewhere takes effect at once); in
local mode (no OAuth client, localhost only) from the local user.

Sign-in: streamlit-oauth's button opens the provider in a popup (authorization code, PKCE S256,
state, nonce); :func:`compass.auth.signin.complete_sign_in` checks the answer, exchanges the code
and verifies the ID token; the page then trades a one-time ticket for the cookie at the
``/auth/session`` route (:mod:`compass.web.session_route`) and reloads.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session

from compass.auth import redact
from compass.auth.flow import SCOPES, LoginAttempt, ReplayGuard
from compass.auth.local_mode import AuthMode, auth_mode, connection_is_local
from compass.auth.provider import DiscoveryError, OidcProvider
from compass.auth.sessions import cookie_name, resolve_session, revoke_session
from compass.auth.signin import Client, DeferredExchangeClient, complete_sign_in
from compass.auth.tokens import TokenRejected
from compass.models import User
from compass.web import session_route
from compass.web.navigation import navigation
from compass.web.runtime import engine, settings
from compass.web.safe_text import md
from compass.workspace import audit
from compass.workspace.users import local_user

logger = logging.getLogger(__name__)

BUTTON_LABEL = "Sign in with Google"
SIGN_IN_TITLE = "Sign in to Creator Compass"
SIGN_IN_TEXT = (
    "See what makes the creators in your niche succeed. Your niches and plans stay private to your account."
)
_ATTEMPT = "_compass_signin_attempt"
_TICKET = "_compass_signin_ticket"
_ACCOUNT_DELETED = "_compass_account_deleted"
_SIGNED_OUT = "_compass_signed_out"
_ERROR = "_compass_signin_error"
# Google's "G", as streamlit-oauth's button shows it.
GOOGLE_ICON = "data:image/svg+xml;charset=utf-8," + "".join(
    (
        "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 48 48'%3E",
        "%3Cpath fill='%23EA4335' d='M24 9.5c3.5 0 6.6 1.2 9 3.6l6.7-6.7C35.6 2.4 30.2 0 24 0",
        " 14.6 0 6.6 5.4 2.7 13.3l7.8 6C12.4 13.7 17.7 9.5 24 9.5z'/%3E",
        "%3Cpath fill='%234285F4' d='M46.1 24.5c0-1.6-.1-3.1-.4-4.5H24v9h12.4",
        "c-.5 2.9-2.2 5.3-4.6 6.9l7.4 5.7c4.3-4 6.9-9.9 6.9-17.1z'/%3E",
        "%3Cpath fill='%23FBBC05' d='M10.5 28.7c-.5-1.4-.8-3-.8-4.7s.3-3.2.8-4.7l-7.8-6",
        "C1 16.6 0 20.2 0 24s1 7.4 2.7 10.7l7.8-6z'/%3E",
        "%3Cpath fill='%2334A853' d='M24 48c6.5 0 11.9-2.1 15.9-5.8l-7.4-5.7c-2.1 1.4-4.8 2.3-8.5 2.3",
        "-6.3 0-11.6-4.2-13.5-10l-7.8 6C6.6 42.6 14.6 48 24 48z'/%3E%3C/svg%3E",
    )
)


@dataclass(frozen=True)
class SignedInUser:
    """Who the page acts for. Pass it to every ``compass`` workspace call."""

    id: int
    name: str | None
    email: str | None
    issuer: str
    local: bool

    @property
    def label(self) -> str:
        return self.email or self.name or f"user #{self.id}"


@st.cache_resource(show_spinner=False)
def _provider(issuer: str) -> OidcProvider:
    return OidcProvider(issuer)


@st.cache_resource(show_spinner=False)
def _replay_guard() -> ReplayGuard:
    return ReplayGuard()


@st.cache_resource(show_spinner=False)
def _install_log_redaction() -> bool:
    redact.install()
    return True


def require_user() -> SignedInUser:
    """The signed-in user; otherwise draws the sign-in and stops the page (``st.stop``)."""
    _install_log_redaction()
    if st.session_state.pop(_ACCOUNT_DELETED, False):
        # The end of a deletion, said plainly, before any sign-in or new local workspace is drawn.
        st.success(
            "Your account and all of its data were deleted. Public TikTok data stays, shared by everyone."
        )
        st.caption("Reload the page to start again.")
        st.stop()
    config = settings()
    decision = auth_mode(config)
    if decision.mode is AuthMode.MISCONFIGURED:
        st.error(f"Sign-in is not set up correctly: {decision.reason}.")
        st.stop()
    if decision.mode is AuthMode.LOCAL:
        st.session_state.pop(_SIGNED_OUT, None)
        navigation()
        return _local_user()

    if st.session_state.pop(_SIGNED_OUT, False):
        _run_route_then_reload(session_route.SIGN_OUT_PATH, None)
        st.info("You are signed out.")
        st.stop()

    token = _cookie()
    if token:
        user = _user_of_session(token)
        if user is not None:
            navigation()
            _sidebar(user, token)
            return user
    ticket = st.session_state.pop(_TICKET, None)
    if ticket:
        st.info("Signing you in…")
        _run_route_then_reload(session_route.SESSION_PATH, ticket)
        st.stop()
    _sign_in_screen(session_ended=bool(token))
    st.stop()
    raise AssertionError("unreachable")  # st.stop raises


def _local_user() -> SignedInUser:
    if not connection_is_local(_client_ip(), dict(st.context.headers)):
        st.error(
            "Sign-in is not set up: this app runs in local mode, which only serves this computer. "
            "Configure Google sign-in (docs/auth.md) to open it to others."
        )
        st.stop()
    user = local_user(engine())
    st.info(
        "Local mode: you are signed in as the local user, because no sign-in provider is configured. "
        "Anyone who can open this page on this computer uses the same workspace.",
        icon=":material/home:",
    )
    return SignedInUser(id=user.id, name=user.name, email=user.email, issuer=user.issuer, local=True)


def _user_of_session(token: str) -> SignedInUser | None:
    active = resolve_session(engine(), token)
    if active is None:
        return None
    with Session(engine()) as session:
        row = session.get(User, active.user_id)
        if row is None:
            return None
        return SignedInUser(id=row.id, name=row.name, email=row.email, issuer=row.issuer, local=False)


def _sign_out(token: str | None) -> None:
    user_id = revoke_session(engine(), token)
    if user_id is not None:
        audit.record(engine(), audit.Action.SIGN_OUT, user_id=user_id, detail={"ip": _client_ip()})
    st.session_state[_SIGNED_OUT] = True


def account_deleted() -> None:
    """Signs out after the account's deletion; the next run says it was deleted, and nothing else."""
    _sign_out(_cookie())
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_ACCOUNT_DELETED] = True
    st.rerun()


def _client_ip() -> str | None:
    """The browser's address; None on this machine and outside a browser (AppTest gives a mock)."""
    value = st.context.ip_address
    return value if isinstance(value, str) else None


def _cookie() -> str | None:
    value = st.context.cookies.get(cookie_name(settings().public_url))
    return value if isinstance(value, str) and value else None


def _sidebar(user: SignedInUser, token: str) -> None:
    with st.sidebar:
        st.caption(f"Signed in as {md(user.label)}")
        st.button(
            "Sign out", key="_compass_sign_out", on_click=_sign_out, args=(token,), icon=":material/logout:"
        )


def _client() -> Client:
    config = settings()
    assert config.oidc_client_id and config.oidc_client_secret
    redirect_uri = session_route.redirect_uri(config.public_url)
    return Client(config.oidc_client_id, config.oidc_client_secret, redirect_uri)


def _oauth_component():  # type: ignore[no-untyped-def]
    """streamlit-oauth, imported here and not at the top of the module, and registered with the runtime.

    A component is registered with the server only when its module is first imported during a
    script run. ``streamlit run app.py`` imports ``app.py`` once outside any run (to find the
    ``st.App``); had that import pulled streamlit-oauth in, its button would be a 404.
    """
    import streamlit_oauth
    from streamlit.runtime import exists, get_instance

    if exists():
        registry = get_instance().component_registry
        component = getattr(streamlit_oauth, "_authorize_button", None)
        if component is not None and component.path and registry.get_component_path(component.name) is None:
            registry.register_component(component)
    return streamlit_oauth


def _sign_in_screen(*, session_ended: bool) -> None:
    st.title(SIGN_IN_TITLE)
    st.write(SIGN_IN_TEXT)
    error = st.session_state.pop(_ERROR, None)
    if error:
        st.error(f"Sign-in failed: {error}. Please try again.")
    elif session_ended:
        st.warning("Your session has ended. Please sign in again.")

    config = settings()
    provider = _provider(config.oidc_issuer)
    try:
        metadata = provider.metadata()
    except DiscoveryError as exc:
        logger.warning("sign-in provider unavailable: %s", exc)
        st.error("The sign-in provider cannot be reached right now. Please try again in a minute.")
        return

    attempt: LoginAttempt | None = st.session_state.get(_ATTEMPT)
    if attempt is None or attempt.expired():
        attempt = st.session_state[_ATTEMPT] = LoginAttempt()
    # streamlit-oauth keeps its state and PKCE pair in the session under these keys: make them ours.
    st.session_state[f"state-{attempt.key}"] = attempt.state
    st.session_state[f"pkce-{attempt.key}"] = (attempt.code_verifier, attempt.code_challenge)
    client = _client()
    oauth = _oauth_component()
    component = oauth.OAuth2Component(
        client=DeferredExchangeClient(
            client.client_id, client.client_secret, metadata.authorization_endpoint, metadata.token_endpoint
        )
    )
    try:
        answer = component.authorize_button(
            BUTTON_LABEL,
            client.redirect_uri,
            SCOPES,
            key=attempt.key,
            pkce="S256",
            extras_params=attempt.authorization_params(),
            icon=GOOGLE_ICON,
            use_container_width=True,
        )
    except oauth.StreamlitOauthError as exc:
        # Its message may hold the answer (and a code): keep only the provider's error name.
        raw = exc.args[0] if exc.args else None
        answer = {"error": raw.get("error", "error")} if isinstance(raw, dict) else {"state": "", "code": ""}
    if not answer:
        return
    del st.session_state[_ATTEMPT]  # whatever the outcome, the next try is a fresh attempt
    try:
        signed_in = complete_sign_in(
            engine(), provider, client, attempt, answer, _replay_guard(), ip=_client_ip()
        )
    except TokenRejected as rejected:
        st.session_state[_ERROR] = rejected.message
    else:
        st.session_state[_TICKET] = signed_in.ticket
    st.rerun()


def _run_route_then_reload(path: str, ticket: str | None) -> None:
    """Posts to one of our cookie routes from the page itself (same origin), then reloads the page.

    The reload opens a new connection, whose handshake carries the new (or cleared) cookie.
    """
    body = json.dumps({"ticket": ticket}) if ticket else "{}"
    script = f"""
<div id="compass-auth-status"></div>
<script>
(function () {{
  fetch({json.dumps(path)}, {{
    method: "POST", credentials: "same-origin", cache: "no-store",
    headers: {{"Content-Type": "application/json"}}, body: {json.dumps(body)}
  }}).then(function (response) {{
    if (response.ok) {{ window.location.reload(); return; }}
    document.getElementById("compass-auth-status").textContent =
      "This did not complete (HTTP " + response.status + "). Reload the page to try again.";
  }}).catch(function () {{
    document.getElementById("compass-auth-status").textContent =
      "The server could not be reached. Reload the page to try again.";
  }});
}})();
</script>
"""
    st.html(script, unsafe_allow_javascript=True)

"""Sign-in: OpenID Connect with PKCE, ID tokens verified on the server, server-side sessions, local mode.

Pure modules (no Streamlit): :mod:`discovery` (provider metadata and JWKS cache), :mod:`tokens`
(ID token verification), :mod:`flow` (state, nonce, PKCE, replay guard), :mod:`signin` (the whole
server side of a sign-in), :mod:`sessions` (sessions, tickets, the cookie), :mod:`local_mode`.
The Streamlit glue is :mod:`compass.web.gate` and :mod:`compass.web.session_route`.
"""

from compass.auth.tokens import REASONS, TokenRejected, VerifiedIdentity, verify_id_token

__all__ = ["REASONS", "TokenRejected", "VerifiedIdentity", "verify_id_token"]

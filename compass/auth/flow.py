"""One sign-in attempt: PKCE (S256), a random ``state`` and ``nonce``, and single use of both.

An attempt is made when the sign-in button is drawn and kept in the browser's Streamlit session.
The provider's answer (``code`` and ``state``) is accepted once: :meth:`ReplayGuard.consume` refuses
a state or a code it has seen, so a replayed answer, or the component re-sending its last value on
a rerun, never signs anyone in twice. PKCE binds the code to this attempt's verifier, which never
leaves the server; the nonce binds the ID token to it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from compass.auth.tokens import TokenRejected

SCOPES = "openid email profile"
ATTEMPT_TTL_S = 600.0
REPLAY_MEMORY = 10_000


def _random() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class LoginAttempt:
    state: str = field(default_factory=_random)
    nonce: str = field(default_factory=_random)
    code_verifier: str = field(default_factory=lambda: secrets.token_urlsafe(64))
    created_at: float = field(default_factory=time.monotonic)

    @property
    def code_challenge(self) -> str:
        return s256(self.code_verifier)

    @property
    def key(self) -> str:
        """A widget key unique to this attempt, so a new attempt gets a fresh button with no old value."""
        return f"compass-signin-{hashlib.sha256(self.state.encode()).hexdigest()[:16]}"

    def authorization_params(self) -> dict[str, str]:
        """Extra parameters of the authorization request (state and the PKCE challenge travel separately)."""
        return {"nonce": self.nonce, "prompt": "select_account"}

    def expired(self, now: float | None = None) -> bool:
        return (time.monotonic() if now is None else now) - self.created_at > ATTEMPT_TTL_S


@dataclass(frozen=True)
class Callback:
    code: str
    state: str


def printable(value: object) -> str:
    """A provider's error code, kept to the characters such codes use (it ends up in logs)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "", str(value))[:64]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class ReplayGuard:
    """States and codes already used, remembered by hash (bounded, in this process)."""

    def __init__(self, memory: int = REPLAY_MEMORY, clock: Callable[[], float] = time.monotonic) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._memory = memory
        self._clock = clock
        self._lock = threading.Lock()

    def _remember(self, marker: str) -> bool:
        """True if ``marker`` is new (and now remembered); False if it was seen before."""
        if marker in self._seen:
            return False
        self._seen[marker] = self._clock()
        while len(self._seen) > self._memory:
            self._seen.popitem(last=False)
        return True

    def consume(self, attempt: LoginAttempt, answer: Mapping[str, object]) -> Callback:
        """Checks the provider's answer against the attempt and marks its state and code used."""
        if "error" in answer:
            raise TokenRejected("provider_error", printable(answer.get("error")))
        state, code = answer.get("state"), answer.get("code")
        if not isinstance(state, str) or not hmac.compare_digest(state.encode(), attempt.state.encode()):
            raise TokenRejected("state_mismatch", "state absent" if state is None else "state differs")
        if not isinstance(code, str) or not code:
            raise TokenRejected("provider_error", "no code in the answer")
        with self._lock:
            if f"state:{_digest(state)}" in self._seen:
                raise TokenRejected("state_replayed")
            if f"code:{_digest(code)}" in self._seen:
                self._remember(f"state:{_digest(state)}")
                raise TokenRejected("code_replayed")
            self._remember(f"state:{_digest(state)}")
            self._remember(f"code:{_digest(code)}")
        if attempt.expired():
            raise TokenRejected("state_mismatch", "the sign-in attempt is too old")
        return Callback(code=code, state=state)

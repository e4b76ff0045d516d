"""A sign-in attempt: PKCE S256, random state and nonce, and an answer accepted once only."""

from __future__ import annotations

import time

import pytest

from compass.auth.flow import ATTEMPT_TTL_S, LoginAttempt, ReplayGuard, s256
from compass.auth.tokens import TokenRejected


def refused(guard: ReplayGuard, attempt: LoginAttempt, answer: dict) -> str:
    with pytest.raises(TokenRejected) as caught:
        guard.consume(attempt, answer)
    return caught.value.reason


def test_s256_matches_the_rfc_7636_example() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_attempt_values_are_random_and_long_enough() -> None:
    first, second = LoginAttempt(), LoginAttempt()
    assert first.state != second.state and first.nonce != second.nonce
    assert first.code_verifier != second.code_verifier
    assert len(first.state) >= 43 and len(first.nonce) >= 43  # 256 bits, base64url
    assert 43 <= len(first.code_verifier) <= 128  # RFC 7636 4.1
    assert first.code_challenge == s256(first.code_verifier)
    assert first.key != second.key


def test_consume_matching_answer_returns_the_code() -> None:
    attempt = LoginAttempt()
    assert ReplayGuard().consume(attempt, {"state": attempt.state, "code": "c1"}).code == "c1"


def test_consume_same_answer_twice_is_refused_as_replayed_state() -> None:
    guard, attempt = ReplayGuard(), LoginAttempt()
    guard.consume(attempt, {"state": attempt.state, "code": "c1"})
    assert refused(guard, attempt, {"state": attempt.state, "code": "c1"}) == "state_replayed"


def test_consume_same_state_with_another_code_is_refused_as_replayed_state() -> None:
    guard, attempt = ReplayGuard(), LoginAttempt()
    guard.consume(attempt, {"state": attempt.state, "code": "c1"})
    assert refused(guard, attempt, {"state": attempt.state, "code": "c2"}) == "state_replayed"


def test_consume_used_code_in_a_new_attempt_is_refused_as_replayed_code() -> None:
    guard, first, second = ReplayGuard(), LoginAttempt(), LoginAttempt()
    guard.consume(first, {"state": first.state, "code": "c1"})
    assert refused(guard, second, {"state": second.state, "code": "c1"}) == "code_replayed"


def test_consume_answer_of_another_attempt_is_refused_as_state_mismatch() -> None:
    guard, mine, theirs = ReplayGuard(), LoginAttempt(), LoginAttempt()
    assert refused(guard, mine, {"state": theirs.state, "code": "c1"}) == "state_mismatch"


def test_consume_answer_without_state_is_refused() -> None:
    assert refused(ReplayGuard(), LoginAttempt(), {"code": "c1"}) == "state_mismatch"


def test_consume_provider_error_is_refused_with_its_name() -> None:
    with pytest.raises(TokenRejected) as caught:
        ReplayGuard().consume(LoginAttempt(), {"error": "access_denied"})
    assert caught.value.reason == "provider_error" and caught.value.detail == "access_denied"


def test_consume_expired_attempt_is_refused() -> None:
    # The clock is monotonic (seconds since boot, here): "expired" is relative to now, not to zero,
    # which a machine up for less than the time-to-live would not have reached.
    attempt = LoginAttempt(created_at=time.monotonic() - ATTEMPT_TTL_S - 1)
    assert refused(ReplayGuard(), attempt, {"state": attempt.state, "code": "c1"}) == "state_mismatch"


def test_replay_guard_forgets_the_oldest_beyond_its_memory() -> None:
    guard = ReplayGuard(memory=4)
    for n in range(4):
        attempt = LoginAttempt()
        guard.consume(attempt, {"state": attempt.state, "code": f"c{n}"})
    assert len(guard._seen) == 4


def test_consume_provider_error_text_is_kept_to_code_characters() -> None:
    with pytest.raises(TokenRejected) as caught:
        ReplayGuard().consume(LoginAttempt(), {"error": "access_denied\n2026-01-01 FAKE LOG LINE <b>"})
    assert caught.value.detail == "access_denied2026-01-01FAKELOGLINEb"

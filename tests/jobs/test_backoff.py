"""The retry decision is a pure function of the attempt and the error."""

from __future__ import annotations

import random

from compass.jobs.backoff import MAX_DELAY_S, PermanentJobError, TransientJobError, decide_retry


def test_decide_retry_permanent_error_never_retries() -> None:
    decision = decide_retry(1, 5, PermanentJobError("this account is private"))
    assert not decision.retry and decision.reason == "this account is private"


def test_decide_retry_transient_error_retries_with_growing_delay() -> None:
    rng = random.Random(1)
    delays = [decide_retry(n, 10, TransientJobError("429"), rng).delay_s for n in (1, 2, 3, 4)]
    assert all(d > 0 for d in delays)
    assert delays[3] > delays[0]


def test_decide_retry_delay_is_capped() -> None:
    assert decide_retry(40, 50, TimeoutError("slow"), random.Random(2)).delay_s <= MAX_DELAY_S


def test_decide_retry_last_attempt_fails_with_count_in_reason() -> None:
    decision = decide_retry(3, 3, TransientJobError("blocked"))
    assert not decision.retry and "gave up after 3 attempts" in decision.reason

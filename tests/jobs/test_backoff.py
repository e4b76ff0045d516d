"""The retry decision is a pure function of the attempt, the error and the kind's retry policy."""

from __future__ import annotations

import random

import pytest

from compass.jobs.backoff import (
    DEFAULT_RETRY,
    PermanentJobError,
    RetryPolicy,
    TransientJobError,
    decide_retry,
)


def test_decide_retry_permanent_error_never_retries() -> None:
    decision = decide_retry(1, 5, PermanentJobError("this account is private"), DEFAULT_RETRY)
    assert not decision.retry and decision.reason == "this account is private"


def test_decide_retry_transient_error_retries_with_growing_delay() -> None:
    rng = random.Random(1)
    delays = [decide_retry(n, 10, TransientJobError("429"), DEFAULT_RETRY, rng).delay_s for n in (1, 2, 3, 4)]
    assert all(d > 0 for d in delays)
    assert delays[3] > delays[0]


def test_decide_retry_delay_is_capped_by_the_policy() -> None:
    delay = decide_retry(40, 50, TimeoutError("slow"), DEFAULT_RETRY, random.Random(2)).delay_s
    assert DEFAULT_RETRY.max_delay_s / 2 <= delay <= DEFAULT_RETRY.max_delay_s


def test_decide_retry_last_attempt_fails_with_count_in_reason() -> None:
    decision = decide_retry(3, 3, TransientJobError("blocked"), DEFAULT_RETRY)
    assert not decision.retry and "gave up after 3 attempts" in decision.reason


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 8])
def test_decide_retry_waits_within_the_upper_half_of_the_policys_step(attempt: int) -> None:
    """Jobs that fail together spread out, yet none comes back sooner than half its step."""
    policy = RetryPolicy(base_delay_s=10.0, max_delay_s=60.0)
    step = min(60.0, 10.0 * 2 ** (attempt - 1))
    for seed in range(20):
        delay = decide_retry(attempt, 10, TransientJobError("429"), policy, random.Random(seed)).delay_s
        assert step / 2 <= delay <= step


def test_two_policies_space_the_same_failure_differently() -> None:
    soon = RetryPolicy(base_delay_s=5.0, max_delay_s=60.0)
    late = RetryPolicy(base_delay_s=600.0, max_delay_s=7200.0)
    error = TransientJobError("blocked")
    assert decide_retry(1, 3, error, soon, random.Random(3)).delay_s <= 5.0
    assert decide_retry(1, 3, error, late, random.Random(3)).delay_s >= 300.0


@pytest.mark.parametrize(
    ("base", "cap", "attempts"), [(0.0, 10.0, 3), (-1.0, 10.0, 3), (20.0, 10.0, 3), (1.0, 10.0, 0)]
)
def test_a_policy_that_cannot_work_is_refused_when_written(base: float, cap: float, attempts: int) -> None:
    with pytest.raises(ValueError, match="retry policy"):
        RetryPolicy(base_delay_s=base, max_delay_s=cap, max_attempts=attempts)

"""Whether a failed attempt is tried again, and when: a pure function of the attempt, the error and
the kind's retry policy."""

from __future__ import annotations

import random
from dataclasses import dataclass


class PermanentJobError(Exception):
    """Trying again cannot help (the account is private, does not exist, is banned)."""


class TransientJobError(Exception):
    """Trying again later may help (blocked, rate-limited, a timeout)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How a kind's failed attempts are spaced: the wait starts near ``base_delay_s`` and doubles
    with each attempt, up to ``max_delay_s``. ``max_attempts`` is what a job of the kind is queued
    with unless its caller says otherwise (the job keeps its own count from then on)."""

    base_delay_s: float
    max_delay_s: float
    max_attempts: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.base_delay_s <= self.max_delay_s:
            raise ValueError(
                f"a retry policy needs 0 < base_delay_s <= max_delay_s (got {self.base_delay_s}, "
                f"{self.max_delay_s})"
            )
        if self.max_attempts < 1:
            raise ValueError(f"a retry policy needs at least one attempt (got {self.max_attempts})")


# For kinds that name none (the tests', plugins'): 30 s doubling to 30 min, three attempts.
DEFAULT_RETRY = RetryPolicy(base_delay_s=30.0, max_delay_s=30 * 60.0, max_attempts=3)


@dataclass(frozen=True)
class RetryDecision:
    retry: bool
    delay_s: float
    reason: str


def decide_retry(
    attempt: int,
    max_attempts: int,
    error: BaseException,
    policy: RetryPolicy,
    rng: random.Random | None = None,
) -> RetryDecision:
    """Exponential backoff, jittered within the upper half of each step so that jobs failing
    together spread out yet none comes back sooner than half its step; no retry for permanent
    states or once attempts run out."""
    message = str(error) or type(error).__name__
    if isinstance(error, PermanentJobError):
        return RetryDecision(False, 0.0, message)
    if attempt >= max_attempts:
        return RetryDecision(False, 0.0, f"{message} (gave up after {attempt} attempts)")
    ceiling = min(policy.max_delay_s, policy.base_delay_s * 2 ** (attempt - 1))
    delay = (rng or random).uniform(ceiling / 2, ceiling)
    return RetryDecision(True, delay, message)

"""Whether a failed attempt is tried again, and when: a pure function of the attempt and the error."""

from __future__ import annotations

import random
from dataclasses import dataclass


class PermanentJobError(Exception):
    """Trying again cannot help (the account is private, does not exist, is banned)."""


class TransientJobError(Exception):
    """Trying again later may help (blocked, rate-limited, a timeout)."""


@dataclass(frozen=True)
class RetryDecision:
    retry: bool
    delay_s: float
    reason: str


BASE_DELAY_S = 30.0
MAX_DELAY_S = 30 * 60.0


def decide_retry(
    attempt: int, max_attempts: int, error: BaseException, rng: random.Random | None = None
) -> RetryDecision:
    """Exponential backoff with full jitter; no retry for permanent states or once attempts run out."""
    message = str(error) or type(error).__name__
    if isinstance(error, PermanentJobError):
        return RetryDecision(False, 0.0, message)
    if attempt >= max_attempts:
        return RetryDecision(False, 0.0, f"{message} (gave up after {attempt} attempts)")
    ceiling = min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (attempt - 1))
    delay = (rng or random).uniform(ceiling / 2, ceiling)
    return RetryDecision(True, delay, message)

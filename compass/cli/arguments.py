"""Argument types shared by the commands: a bad value is a one-line usage error naming the option,
before any work starts (argparse reports ``ArgumentTypeError`` with the option's name)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from compass.records import normalize_handle


def handle(text: str) -> str:
    """A TikTok handle, ``@`` and case as typed: stored lower-case without the ``@``."""
    try:
        return normalize_handle(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a TikTok handle (letters, digits, '.' and '_', up to 64)"
        ) from None


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number in ``[minimum, maximum]``."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if number < minimum or (maximum is not None and number > maximum):
            span = f"between {minimum:,} and {maximum:,}" if maximum is not None else f"{minimum:,} or more"
            raise argparse.ArgumentTypeError(f"{number} is not {span}")
        return number

    return parse


def share(text: str) -> float:
    """A probability above 0 and at most 1 (a significance level)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not above 0 and at most 1")
    return value


def time_zone(name: str) -> str:
    """An IANA time zone name."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{name!r} is not a time zone name (e.g. UTC, Europe/Paris)"
        ) from None
    return name

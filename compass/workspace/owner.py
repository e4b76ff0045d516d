"""Who a workspace call acts for: anything with the signed-in user's ``id`` (a User row, the gate's user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from compass.errors import CompassError


class Owner(Protocol):
    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class OwnerId:
    """An owner known by id alone: a job's owner, or the key of a cached read."""

    id: int


class NotFound(CompassError):
    """Not in this user's workspace. Said the same way whether it belongs to someone else or to no one."""

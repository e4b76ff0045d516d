"""A user's own settings: their TikTok handle and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from compass.errors import CompassError
from compass.models import User
from compass.workspace import audit
from compass.workspace.niches import HANDLE_PATTERN, HANDLE_RULE
from compass.workspace.owner import NotFound, Owner

_UNSET = object()


@dataclass(frozen=True)
class UserSettings:
    own_handle: str | None
    timezone: str

    def to_json(self) -> dict[str, object]:
        return {"own_handle": self.own_handle, "timezone": self.timezone}


def time_zones() -> list[str]:
    return sorted(available_timezones())


def _user(session: Session, user: Owner) -> User:
    row = session.get(User, user.id)
    if row is None:
        raise NotFound("your account no longer exists; sign in again")
    return row


def get_settings(engine: Engine, user: Owner) -> UserSettings:
    with Session(engine) as session:
        row = _user(session, user)
        return UserSettings(row.own_handle, row.timezone)


def clean_handle(handle: str | None) -> str | None:
    if handle is None or not handle.strip():
        return None
    cleaned = handle.strip().removeprefix("@")
    if not HANDLE_PATTERN.match(cleaned):
        raise CompassError(HANDLE_RULE.format(value=handle))
    return cleaned


def clean_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CompassError(f"{name!r} is not a time zone (e.g. Europe/Paris)") from None
    return name


def update_settings(
    engine: Engine, user: Owner, *, own_handle: object = _UNSET, timezone: object = _UNSET
) -> UserSettings:
    """Changes the given settings only; ``own_handle=None`` clears the handle."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _user(session, user)
        changed = []
        if own_handle is not _UNSET:
            row.own_handle = clean_handle(own_handle)  # type: ignore[arg-type]
            changed.append("own_handle")
        if timezone is not _UNSET:
            row.timezone = clean_timezone(str(timezone))
            changed.append("timezone")
        if changed:
            audit.record(
                engine,
                audit.Action.SETTINGS_CHANGED,
                user_id=user.id,
                detail={"changed": changed},
                session=session,
            )
        return UserSettings(row.own_handle, row.timezone)

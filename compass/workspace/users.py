"""Users, keyed by (issuer, subject). The local user stands in when no sign-in provider is configured."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.models import User, utcnow

LOCAL_ISSUER = "local"
LOCAL_SUBJECT = "local-user"


def get_or_create_user(
    engine: Engine, issuer: str, subject: str, *, email: str | None = None, name: str | None = None
) -> User:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        user = session.scalars(select(User).where(User.issuer == issuer, User.subject == subject)).first()
        if user is None:
            user = User(issuer=issuer, subject=subject, email=email, name=name)
            session.add(user)
        else:
            user.last_seen_at = utcnow()
            if email:
                user.email = email
            if name:
                user.name = name
        session.flush()
        return user


def local_user(engine: Engine) -> User:
    return get_or_create_user(engine, LOCAL_ISSUER, LOCAL_SUBJECT, name="Local user")

"""Fixtures of the end-to-end walk: the TikTok stand-in (the sign-in and browser helpers come from
``tests.auth``)."""

from tests.standin.fixtures import standin  # noqa: F401 - the session's stand-in server

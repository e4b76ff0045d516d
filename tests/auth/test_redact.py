"""Secrets never reach a log: the redacting filter blanks anything shaped like a credential."""

from __future__ import annotations

import io
import logging

import pytest

from compass.auth.redact import RedactingFilter, redact

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLWJ5dGVz"


@pytest.mark.parametrize(
    "text, secret",
    [
        (f"token {JWT} refused", JWT),
        ("GET /auth/callback?code=4/0Abc-secret&state=xyz123", "4/0Abc-secret"),
        ("GET /auth/callback?code=4/0Abc-secret&state=xyz123", "xyz123"),
        ('{"access_token": "ya29.secret-access", "id_token": "abc"}', "ya29.secret-access"),
        ("Authorization: Bearer ya29.a0AfH6SMBsecret", "ya29.a0AfH6SMBsecret"),
        ("Authorization: Basic Y2xpZW50OnNlY3JldA==", "Y2xpZW50OnNlY3JldA=="),
        ("Cookie: compass_session=k3Jd9secretvalue; other=1", "k3Jd9secretvalue"),
        ("Set-Cookie: __Host-compass_session=k3Jd9secretvalue; HttpOnly", "k3Jd9secretvalue"),
        ("client_secret=GOCSPX-abcdef", "GOCSPX-abcdef"),
    ],
)
def test_redact_credential_shapes_are_blanked(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_redact_ordinary_text_is_unchanged() -> None:
    text = "sign-in refused: expired (ExpiredSignatureError) for issuer https://accounts.google.com"
    assert redact(text) == text


def test_redacting_filter_cleans_messages_args_and_exceptions_before_the_handler_writes() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.auth.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("exchange failed for %s", f"code=secretcode123&x=1 {JWT}")
        try:
            raise ValueError(f"bad token {JWT}")
        except ValueError:
            logger.exception("verification crashed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "secretcode123" not in output and JWT not in output
    assert "verification crashed" in output and "ValueError" in output


def test_install_cleans_records_of_every_logger_whatever_its_handlers() -> None:
    from compass.auth import redact as module

    stream = io.StringIO()
    logger = logging.getLogger("tests.auth.redact.installed")
    logger.addHandler(logging.StreamHandler(stream))  # a handler with no filter, like Streamlit's own
    logger.propagate = False
    previous = logging.getLogRecordFactory()
    try:
        module._installed = False
        module.install()
        module.install()  # twice is once
        logger.warning("token %s", JWT)
    finally:
        logging.setLogRecordFactory(previous)
        module._installed = False
        logger.handlers.clear()
    assert JWT not in stream.getvalue() and "<jwt>" in stream.getvalue()

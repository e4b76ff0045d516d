"""Blanking anything shaped like a credential before it reaches a log.

compass never logs a token on purpose; this catches what a library might (a URL with a code, a JWT
in an error message, a cookie header). :func:`install` wraps the process's log-record factory, so
every record of every logger is cleaned when it is made, whatever handlers Streamlit or uvicorn set
up (Streamlit gives each of its loggers its own handler); :class:`RedactingFilter` does the same
for one handler.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_PATTERNS = (
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), "<jwt>"),
    (
        re.compile(
            r"(?i)\b(code|state|nonce|code_verifier|code_challenge|client_secret|access_token|refresh_token"
            r"|id_token|ticket|session)=([^&\s'\"]+)"
        ),
        r"\1=<redacted>",
    ),
    (
        re.compile(
            r"(?i)([\"'](?:code|state|nonce|code_verifier|client_secret|access_token|refresh_token|id_token"
            r"|ticket)[\"']\s*:\s*[\"'])([^\"']+)"
        ),
        r"\1<redacted>",
    ),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 <redacted>"),
    (re.compile(r"(?i)((?:__Host-)?compass_session=)[^;\s]+"), r"\1<redacted>"),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def clean(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message, and any exception message, free of credentials."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed format string: leave it to the handler to report
        return record
    cleaned = redact(message)
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        if redact(str(exc)) != str(exc):
            # Tracebacks are formatted later, from the exception itself: keep its type, drop the rest.
            record.exc_info, record.exc_text = None, None
            cleaned += f" [{type(exc).__name__}: message withheld, it looked like it held a credential]"
    if cleaned != message:
        record.msg, record.args = cleaned, None
    return record


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        clean(record)
        return True


_installed = False


def install() -> None:
    """Cleans every log record of this process when it is created (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return clean(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True

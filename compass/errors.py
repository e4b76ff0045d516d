"""Errors a user should simply be told, as one sentence, with no traceback."""


class CompassError(Exception):
    """Expected failure with a message that says what went wrong and how to fix it."""

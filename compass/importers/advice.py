"""The import options a note or an error can point to, and how each surface names them.

A note's text says what happened ("times without a zone read as UTC"); the option it names says
what would change it. The command line says ``--tz``, the app names its own control: the app never
asks a person to type a flag, and the library never decides which surface it is on.
"""

from __future__ import annotations

from enum import StrEnum


class Option(StrEnum):
    TZ = "tz"
    CREATOR = "creator"
    CAPTURED_AT = "captured_at"
    MAP = "map"


class Note(str):
    """A note's text, with the option that would change what it says (and a value to give it)."""

    option: Option | None
    example: str | None

    def __new__(cls, text: str, option: Option | None = None, example: str | None = None) -> Note:
        note = super().__new__(cls, text)
        note.option = option
        note.example = example
        return note


CLI_PHRASES = {
    Option.TZ: "use --tz ZONE",
    Option.CREATOR: "pass --creator @handle",
    Option.CAPTURED_AT: "use --captured-at",
    Option.MAP: "use --map {example}",
}
APP_PHRASES = {
    Option.TZ: "choose the file's time zone under Import options",
    Option.CREATOR: "name the author under Import options",
    Option.CAPTURED_AT: "set the date it was collected on under Import options",
    Option.MAP: "say which field it is under Import options, as {example}",
}


def _advised(text: str, option: Option | None, example: str | None, phrases: dict[Option, str]) -> str:
    if option is None:
        return text
    return f"{text} ({phrases[option].format(example=example or 'COLUMN=FIELD')})"


def for_cli(text: str, option: Option | None = None, example: str | None = None) -> str:
    return _advised(text, option, example, CLI_PHRASES)


def for_app(text: str, option: Option | None = None, example: str | None = None) -> str:
    return _advised(text, option, example, APP_PHRASES)


def note_for_cli(note: Note) -> str:
    return for_cli(note, note.option, note.example)


def note_for_app(note: Note) -> str:
    return for_app(note, note.option, note.example)

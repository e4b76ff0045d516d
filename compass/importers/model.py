"""What an import is asked to do and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from compass.importers.advice import Note, Option
from compass.records import Observation


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message is one sentence saying why, and
    ``option`` the import option that could change that (each surface names it its own way)."""

    def __init__(self, message: str, option: Option | None = None, example: str | None = None) -> None:
        super().__init__(message)
        self.option = option
        self.example = example


@dataclass
class ImportOptions:
    column_map: dict[str, str] = field(default_factory=dict)  # COLUMN=FIELD
    tz: tzinfo = UTC  # the zone of times written without one
    captured_at: datetime | None = None  # default: the file's own time, else its mtime
    # An upload's modification time is the upload itself: the app asks instead of guessing.
    mtime_as_capture: bool = True
    creator: str | None = None  # @handle: the author of records that name none


@dataclass
class SkippedRow:
    row: int  # as a person counts: CSV data row (header excluded) or JSON item, from 1
    reason: str


@dataclass
class ImportBatch:
    path: Path
    format: str
    observations: list[Observation]  # one per creator, holding that creator's videos
    skipped: list[SkippedRow]
    notes: list[Note]
    rows_read: int

    @property
    def videos(self) -> int:
        return sum(len(o.videos) for o in self.observations)

"""The app's import: uploaded files and the form's options in, a report in the app's own words out
(its controls, never the command line's flags)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from compass.errors import CompassError
from compass.importers import FIELDS, ImportOptions
from compass.importers.advice import note_for_app
from compass.importers.columns import column_pair
from compass.ingest.files import FileSummary, ImportRefused, ImportSummary, import_files
from compass.progress import Progress
from compass.workspace.settings import clean_timezone

SKIPPED_SHOWN = 200


@dataclass(frozen=True)
class ImportReport:
    """What the page shows after an import: a headline, the notes, and the skipped rows."""

    headline: str
    files: list[str]  # one line per file, naming it
    notes: list[str]
    skipped: list[dict[str, object]]  # file, row, reason: the first SKIPPED_SHOWN
    skipped_total: int


def options_from_form(zone: str, author: str, columns: str, captured_on: date | None) -> ImportOptions:
    """The Import options as typed: a time zone, an author's @handle, COLUMN=FIELD lines, a date."""
    tz = ZoneInfo(clean_timezone(zone))
    column_map: dict[str, str] = {}
    for number, line in enumerate(columns.splitlines(), 1):
        if not line.strip():
            continue
        try:
            column, field = column_pair(line)
            if field not in FIELDS:
                raise ValueError(f"{field!r} is not a field")
        except ValueError:
            raise CompassError(
                f"Columns, line {number} ({line.strip()!r}): write a column, '=' and one of the fields: "
                f"{', '.join(FIELDS)}"
            ) from None
        column_map[column] = field
    captured_at = None
    if captured_on is not None:
        captured_at = datetime.combine(captured_on, time(12), tz).astimezone(UTC)
    return ImportOptions(
        column_map=column_map,
        tz=tz,
        captured_at=captured_at,
        creator=author.strip() or None,
        mtime_as_capture=False,
    )


def import_uploads(
    engine: Engine,
    uploads: list[tuple[str, bytes]],
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the uploaded files (name, content) as the command line would, and say what it did;
    a file that cannot be imported raises CompassError in the app's words."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, content in uploads:
            path = Path(folder) / Path(name).name
            path.write_bytes(content)
            paths.append(path)
        try:
            summary = import_files(engine, paths, options, progress)
        except ImportRefused as exc:
            raise CompassError(exc.for_app()) from None
    return report_of(summary)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def file_line(file: FileSummary) -> str:
    """ "videos.csv: 120 rows, 100 new videos, 2 new creators, 20 already imported, 3 with newer counts"."""
    seen = file.videos_updated + file.videos_unchanged
    parts = [_plural(file.rows, "row")]
    if file.nothing_new:
        parts.append("already imported, nothing new" if seen else "no videos or creators")
    else:
        parts.append(_plural(file.videos_added, "new video"))
        if file.creators_added:
            parts.append(_plural(file.creators_added, "new creator"))
        if seen:
            parts.append(f"{seen:,} already imported")
    if file.videos_updated:
        parts.append(f"{file.videos_updated:,} with newer counts")
    if file.skipped:
        parts.append(f"{file.skipped:,} skipped")
    return f"{file.path.name}: " + ", ".join(parts)


def headline_of(summary: ImportSummary) -> str:
    report = summary.report
    if summary.files and all(f.nothing_new for f in summary.files):
        headline = "Nothing new: these files were already imported"
        if report.videos_updated:
            headline += f" (updated the counts of {_plural(report.videos_updated, 'video')})"
    else:
        headline = (
            f"Imported {_plural(report.videos_added, 'new video')} of "
            f"{_plural(report.creators_added, 'new creator')}"
        )
        if report.videos_updated or report.creators_updated:
            headline += (
                f" and updated {_plural(report.videos_updated, 'video')}, "
                f"{_plural(report.creators_updated, 'creator')}"
            )
    if report.skipped:
        headline += f"; {len(report.skipped):,} rows were skipped (listed below)"
    return headline + "."


def report_of(summary: ImportSummary) -> ImportReport:
    skipped = [
        {"file": Path(str(s["file"])).name, "row": s["row"], "reason": s["reason"]}
        for s in summary.report.skipped
    ]
    return ImportReport(
        headline_of(summary),
        [file_line(f) for f in summary.files],
        [f"{path.name}: {note_for_app(note)}" for path, note in summary.notes],
        skipped[:SKIPPED_SHOWN],
        len(skipped),
    )

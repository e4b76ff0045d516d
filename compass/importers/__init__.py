"""File importers: an export file in, normalized records out (no database).

``read_file`` detects the format from the content (see ``formats``), recognizes the columns by
name (``columns``), reads each row into records (``rows``, with the value parsers of ``values``)
and reports what it skipped and what it assumed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from compass import bounds
from compass.importers.advice import Note, Option
from compass.importers.columns import Plan, check_map, make_plan
from compass.importers.formats import Source, csv_format, read_source
from compass.importers.model import ImportBatch, ImportFileError, ImportOptions, SkippedRow
from compass.importers.rows import RecordBuilder, creator_option
from compass.importers.vocabulary import FIELDS, VIDEO_FIELDS

__all__ = ["FIELDS", "ImportBatch", "ImportFileError", "ImportOptions", "SkippedRow", "read_file"]


def read_file(path: Path, options: ImportOptions | None = None) -> ImportBatch:
    """Read one export file into observations, one per creator; raises :class:`ImportFileError`
    when the file cannot be imported at all."""
    options = options or ImportOptions()
    check_map(options.column_map)
    creator = creator_option(options.creator)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read the file ({exc.strerror or exc})") from None
    source = read_source(data)
    plan = make_plan(source.columns, options.column_map)
    name = csv_format(source.columns, plan) if source.format == "csv" else source.format
    if source.columns and not any(plan.has(f) for f in ("video_id", "video_url", "handle")):
        raise ImportFileError(f"the {name} items hold no video id, video URL or creator handle")
    capture_notes: list[Note] = []
    captured_at = _captured_at(path, source, options, capture_notes)
    builder = RecordBuilder(plan, options.tz, captured_at, creator)
    for number, row in source.rows:
        builder.add(number, row)
    notes = source.notes + _plan_notes(source, plan, builder) + builder.notes() + capture_notes
    return ImportBatch(
        path=path,
        format=name,
        observations=builder.observations(captured_at),
        skipped=sorted(source.malformed + builder.skipped, key=lambda skipped: skipped.row),
        notes=notes,
        rows_read=builder.rows,
    )


def _captured_at(path: Path, source: Source, options: ImportOptions, notes: list[Note]) -> datetime:
    """When the file was captured: as given, else as the file says, else its modification time when the
    options allow it (bounded: not before TikTok, not in the future)."""
    if options.captured_at is not None:
        given = options.captured_at
        try:
            return bounds.captured_at(
                (given.replace(tzinfo=options.tz) if given.tzinfo is None else given).astimezone(UTC)
            )
        except (ValueError, OverflowError) as exc:
            raise ImportFileError(f"the capture time given: {exc}", Option.CAPTURED_AT) from None
    if source.captured_at is not None:
        try:
            return bounds.captured_at(source.captured_at)
        except ValueError as exc:
            notes.append(Note(f"the file's own {exc}: ignored"))
    if not options.mtime_as_capture:
        raise ImportFileError("the file does not say when it was collected", Option.CAPTURED_AT)
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0)
    mtime = min(mtime, datetime.now(UTC).replace(microsecond=0))
    notes.append(
        Note(
            f"capture time unknown: used the file's modification time {mtime:%Y-%m-%d %H:%M} UTC",
            Option.CAPTURED_AT,
        )
    )
    return mtime


def _plan_notes(source: Source, plan: Plan, builder: RecordBuilder) -> list[Note]:
    notes = []
    if plan.unmatched_map:
        notes.append(
            Note(f"the column map names columns the file does not have: {', '.join(plan.unmatched_map)}")
        )
    if source.tabular and plan.unknown:
        notes.append(
            Note(f"unrecognized columns: {', '.join(plan.unknown)}", Option.MAP, f"{plan.unknown[0]}=FIELD")
        )
    if source.tabular and plan.ambiguous:
        listed = "; ".join(f"{column} (could be {fields})" for column, fields in plan.ambiguous)
        notes.append(
            Note(f"ambiguous columns not imported: {listed}", Option.MAP, f"{plan.ambiguous[0][0]}=FIELD")
        )
    if not builder.with_videos and builder.rows and source.tabular:
        notes.append(Note("no video id column: imported creators and their profile stats only"))
        unused = [column for f in VIDEO_FIELDS for column in plan.fields.get(f, ())]
        if unused:
            example = (plan.fields.get("likes") or ("COLUMN",))[0]
            notes.append(
                Note(
                    f"columns {', '.join(unused)} describe videos, not the profile, and were not imported; "
                    "if one is a profile total, say so",
                    Option.MAP,
                    f"{example}=total_likes",
                )
            )
    return notes

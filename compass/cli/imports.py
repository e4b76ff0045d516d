"""`import PATH...`: exports people already have (Apify, drawrowfly, TikTok's JSON, any CSV of videos)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from compass.cli.arguments import time_zone
from compass.cli.context import bar_line, open_database, print_json, progress_bar
from compass.errors import CompassError
from compass.importers import FIELDS, ImportOptions
from compass.importers.advice import note_for_cli
from compass.importers.columns import column_pair


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fields = ", ".join(FIELDS)
    parser = subparsers.add_parser(
        "import",
        help="import exported TikTok data (format detected automatically)",
        description="Import files or folders of TikTok exports. Nothing is written unless every file can be "
        "read; each file is written whole or not at all.",
        epilog=f"Fields for --map: {fields}",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a file, or a folder of .csv/.json files"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD", help="read COLUMN as FIELD (repeatable)"
    )
    parser.add_argument(
        "--tz", type=time_zone, default="UTC", help="time zone of times written without one (default UTC)"
    )
    parser.add_argument(
        "--captured-at", help="when the file's counts were collected (ISO 8601; default: file time)"
    )
    parser.add_argument("--creator", help="the @handle of the author, for files whose records name none")
    parser.set_defaults(run=run_import)


def _options(args: argparse.Namespace) -> ImportOptions:
    column_map: dict[str, str] = {}
    for item in args.map:
        try:
            column, field = column_pair(item)
        except ValueError:
            raise CompassError(
                f"--map {item!r}: expected COLUMN=FIELD, e.g. --map video_stats=likes"
            ) from None
        column_map[column] = field
    tz = ZoneInfo(args.tz)
    captured_at = None
    if args.captured_at:
        try:
            captured_at = datetime.fromisoformat(args.captured_at)
        except ValueError:
            raise CompassError(
                f"--captured-at {args.captured_at!r}: expected ISO 8601, e.g. 2025-03-01T12:00Z"
            ) from None
        captured_at = (
            captured_at.replace(tzinfo=tz) if captured_at.tzinfo is None else captured_at
        ).astimezone(UTC)
    return ImportOptions(column_map=column_map, tz=tz, captured_at=captured_at, creator=args.creator)


def run_import(args: argparse.Namespace) -> int:
    # Imported here: the ingest (and its SQL dialects) is paid for by this command, not by every one.
    from compass.ingest.files import import_files

    options = _options(args)
    with bar_line():
        summary = import_files(
            open_database(),
            args.paths,
            options,
            lambda done, total, step: progress_bar(done, total, step, percent=True),
        )
    if args.json:
        print_json(summary.to_json())
        return 0
    report = summary.report
    for item in summary.files:
        print(
            f"{item.path}: {item.format}, {item.rows:,} rows, {item.videos_added:,} new videos, "
            f"{item.skipped:,} skipped"
        )
    for path, note in summary.notes:
        print(f"  note ({path.name}): {note_for_cli(note)}")
    print(
        f"creators: {report.creators_added:,} added, {report.creators_updated:,} updated; "
        f"videos: {report.videos_added:,} added, {report.videos_updated:,} updated, "
        f"{report.videos_unchanged:,} unchanged; "
        f"snapshots: {report.video_snapshots + report.profile_snapshots:,}"
    )
    for skipped in report.skipped[:20]:
        print(f"  skipped {Path(skipped['file']).name} row {skipped['row']}: {skipped['reason']}")
    if len(report.skipped) > 20:
        print(f"  ... and {len(report.skipped) - 20:,} more skipped rows (use --json for all)")
    return 0

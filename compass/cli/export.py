"""`export TABLE (--niche NAME | @handle) --out FILE.csv [--tz ZONE]`: one table of a niche's analysis as
a CSV an analyst opens directly, with FILE.definitions.csv beside it.

The niche is chosen as `insights` chooses it (@handle: the creator's niche, the creator as "you").
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from compass.analytics import analyze
from compass.analytics.tables import TABLES, niche_table
from compass.cli.arguments import handle, time_zone
from compass.cli.context import open_database
from compass.cli.insights import resolve
from compass.errors import CompassError
from compass.export import definitions_csv, to_safe_csv

TABLE_HELP = {
    "creators": "one row per creator: metrics and percentile in the niche",
    "videos": "one row per video: counts, engagement, views against the creator's median",
    "insights": "what stands out: effect, 95%% interval, n, q",
    "posting-times": "each weekly slot (weekday x 3 hours, in the zone): effect on views, interval, n",
    "lengths": "each length band: effect on views, interval, n",
    "hashtags": "every hashtag tested, with its effect and interval",
    "sounds": "every sound tested, with its effect and interval",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write one table of a niche's analysis as CSV, with its definitions beside it",
        description="Writes FILE.csv (header on line 1, one row per record) and FILE.definitions.csv "
        "(what each column means, the niche, the time zone and when the data was collected). Tables: "
        + "; ".join(f"{name}: {text}" for name, text in TABLE_HELP.items()),
    )
    parser.add_argument("table", choices=TABLES, metavar="TABLE", help="one of: " + ", ".join(TABLES))
    parser.add_argument("handle", nargs="?", type=handle, help="a creator, e.g. @someone: their niche")
    parser.add_argument("--niche", metavar="NAME", help="the members of this niche")
    parser.add_argument(
        "--out", required=True, type=Path, metavar="FILE.csv", help="where to write the table"
    )
    parser.add_argument(
        "--tz",
        type=time_zone,
        help="IANA time zone of weekdays, hours and times (default: the niche owner's)",
    )
    parser.set_defaults(run=run_export, all=False)


def companion_path(out: Path) -> Path:
    """FILE.csv -> FILE.definitions.csv (a name without .csv gets the suffix added)."""
    stem = out.name[: -len(".csv")] if out.name.lower().endswith(".csv") else out.name
    return out.with_name(f"{stem}.definitions.csv")


def run_export(args: argparse.Namespace) -> int:
    if args.handle and args.niche:
        raise CompassError("name a creator (@handle) or a niche (--niche NAME), not both")
    if not args.out.parent.is_dir():
        raise CompassError(f"cannot write {args.out}: the folder {args.out.parent} does not exist")
    engine = open_database()
    target = resolve(engine, args)
    zone = args.tz or target.timezone
    analysis = analyze(target.frame, you=target.you, tz=zone)
    table = niche_table(args.table, analysis, target.frame, timezone=zone)
    context = {"table": args.table, "niche": target.label, "time zone": zone}
    if target.you:
        context["you"] = target.you
    definitions = definitions_csv(
        table.definitions, context=context, collected=table.collected, exported_at=datetime.now(UTC)
    )
    companion = companion_path(args.out)
    try:
        args.out.write_bytes(to_safe_csv(table.frame))
        companion.write_bytes(definitions)
    except OSError as exc:
        raise CompassError(f"cannot write {exc.filename}: {exc.strerror}") from None
    print(
        f"Wrote {len(table.frame):,} rows of {args.table} ({target.label}) to {args.out}, "
        f"their definitions to {companion}"
    )
    return 0

"""`alerts --niche NAME [--since TIME] [--json] [--mark-seen]`: what's new in a niche since the last visit.

The niche is found by name as `insights` finds it (the local user's, else the only one so named) and read
as its owner. Without --mark-seen the stored last visit stays where it is, so a script gets the same
alerts each run.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from sqlalchemy import select

from compass.alerts import AlertReport, SinceFrom, niche_alerts
from compass.analytics.alerts import KIND_ORDER
from compass.cli.context import open_database, print_json
from compass.cli.insights import _local_user_id
from compass.models import Niche
from compass.reanalysis.load import find_niche
from compass.workspace.owner import OwnerId
from compass.workspace.visits import mark_visit


def moment(text: str) -> datetime:
    """An ISO date or date-time; one without an offset is read in UTC."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date or time (e.g. 2026-03-01, 2026-03-01T09:00, 2026-03-01T09:00+01:00)"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "alerts",
        help="what's new in a niche since your last visit: outlier videos, rising sounds and hashtags, "
        "follower jumps, new members",
        description="Lists what changed in the niche since your last visit (or --since), most important "
        "first: " + ", ".join(kind.value for kind in KIND_ORDER) + ". Reading alerts here does not "
        "move your last visit (the Home page does, when it shows them), so running this again gives the "
        "same alerts; --mark-seen moves it to now.",
    )
    parser.add_argument("--niche", metavar="NAME", required=True, help="the niche, by name")
    parser.add_argument(
        "--since",
        type=moment,
        metavar="TIME",
        help="ISO date or time to start from, UTC unless it has an offset "
        "(default: your last visit, else 7 days ago)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--mark-seen",
        action="store_true",
        help="record this run as your last visit: the next alerts start now",
    )
    parser.set_defaults(run=run_alerts)


SINCE_WORDS = {
    SinceFrom.GIVEN: "as asked",
    SinceFrom.LAST_VISIT: "your last visit",
    SinceFrom.FIRST_VISIT: "7 days ago: no visit recorded yet",
}


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def print_report(report: AlertReport, name: str) -> None:
    start = f"since {_when(report.since)} ({SINCE_WORDS[report.since_from]})"
    if not report.alerts:
        print(f"Nothing new in niche {name!r} {start}")
        return
    print(f"What's new in niche {name!r} {start}: {len(report.alerts)} alerts")
    for alert in report.alerts:
        print(f"  {alert.kind.value:<15} {alert.text}")


def run_alerts(args: argparse.Namespace) -> int:
    engine = open_database()
    niche_id = find_niche(engine, args.niche, _local_user_id(engine))
    with engine.connect() as connection:
        owner = OwnerId(connection.execute(select(Niche.user_id).where(Niche.id == niche_id)).scalar_one())
    report = niche_alerts(engine, owner, niche_id, args.since)
    if args.json:
        print_json(report.to_json())
    else:
        print_report(report, args.niche)
    if args.mark_seen:
        mark_visit(engine, owner, niche_id, at=report.until)
        if not args.json:
            print(f"Marked as seen: the next alerts start at {_when(report.until)}")
    return 0

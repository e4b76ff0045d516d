"""`db upgrade` and `db status`."""

from __future__ import annotations

import argparse

from compass.catalog import database_status
from compass.cli.context import open_database, print_json
from compass.migrations import current_revision


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="create or upgrade the database, show what it holds")
    commands = parser.add_subparsers(dest="db_command", required=True, metavar="SUBCOMMAND")
    upgrade_parser = commands.add_parser("upgrade", help="apply every migration (safe to run again)")
    upgrade_parser.set_defaults(run=run_upgrade)
    status_parser = commands.add_parser(
        "status", help="counts of users, creators, videos, snapshots and jobs"
    )
    status_parser.add_argument("--json", action="store_true", help="print a JSON object")
    status_parser.set_defaults(run=run_status)


def run_upgrade(args: argparse.Namespace) -> int:
    engine = open_database(migrate=True)
    print(f"database {engine.url.render_as_string()} is at revision {current_revision(engine)}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    status = database_status(open_database())
    if args.json:
        print_json(status.to_json())
        return 0
    print(f"users              {status.users:>10,}")
    print(f"creators           {status.creators:>10,}")
    print(f"videos             {status.videos:>10,}")
    print(f"profile snapshots  {status.profile_snapshots:>10,}")
    print(f"video snapshots    {status.video_snapshots:>10,}")
    print("jobs               " + ", ".join(f"{name} {n}" for name, n in status.jobs.items()))
    return 0

"""`jobs enqueue|list|cancel|retry`: the background queue from the command line.

Jobs asked for here belong to the local user, so that they show in the app in local mode.
"""

from __future__ import annotations

import argparse
import json

from compass.cli.arguments import whole_number
from compass.cli.context import open_database, print_json
from compass.errors import CompassError
from compass.jobs import JobView, cancel, enqueue, list_jobs, retry
from compass.jobs.kinds import load_builtin_kinds
from compass.workspace.users import local_user


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("jobs", help="queue, list, cancel and retry background jobs")
    commands = parser.add_subparsers(dest="jobs_command", required=True, metavar="SUBCOMMAND")
    enqueue_parser = commands.add_parser("enqueue", help="queue a job: KIND [NAME=VALUE ...]")
    enqueue_parser.add_argument("kind", help="the job kind (see `jobs kinds`)")
    enqueue_parser.add_argument("params", nargs="*", metavar="NAME=VALUE", help="the job's parameters")
    enqueue_parser.add_argument(
        "--key", help="idempotency key: a second request with it returns the first job"
    )
    enqueue_parser.add_argument("--json", action="store_true")
    enqueue_parser.set_defaults(run=run_enqueue)
    list_parser = commands.add_parser("list", help="every job, newest first")
    list_parser.add_argument("--json", action="store_true")
    list_parser.add_argument("--limit", type=whole_number(1), default=200)
    list_parser.set_defaults(run=run_list)
    for name, handler in (("cancel", run_cancel), ("retry", run_retry)):
        sub = commands.add_parser(name, help=f"{name} job ID")
        sub.add_argument("job_id", type=int, metavar="ID")
        sub.add_argument("--json", action="store_true")
        sub.set_defaults(run=handler)
    kinds_parser = commands.add_parser("kinds", help="the kinds of job there are")
    kinds_parser.set_defaults(run=run_kinds)


def _parse_params(items: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CompassError(f"{item!r}: expected NAME=VALUE, e.g. handle=@alice")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    return params


def _show(view: JobView, as_json: bool) -> None:
    if as_json:
        print_json(view.to_json())
        return
    progress = f"{view.done}/{view.total}" if view.total else str(view.done)
    line = f"#{view.id:<6} {view.status:<10} {progress:>9}  {view.description}"
    if view.step:
        line += f" — {view.step}"
    if view.error and view.status in ("failed", "queued"):
        line += f" [{view.error}]"
    print(line)


def run_enqueue(args: argparse.Namespace) -> int:
    load_builtin_kinds()
    engine = open_database()
    user = local_user(engine)
    _show(
        enqueue(engine, user.id, args.kind, _parse_params(args.params), idempotency_key=args.key), args.json
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    load_builtin_kinds()
    views = list_jobs(open_database(), None, limit=args.limit)
    if args.json:
        print_json([v.to_json() for v in views])
    elif not views:
        print("no jobs yet: queue one with `python -m compass jobs enqueue KIND NAME=VALUE`")
    for view in views if not args.json else []:
        _show(view, False)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    _show(cancel(open_database(), None, args.job_id), args.json)
    return 0


def run_retry(args: argparse.Namespace) -> int:
    _show(retry(open_database(), None, args.job_id), args.json)
    return 0


def run_kinds(args: argparse.Namespace) -> int:
    for kind in load_builtin_kinds().values():
        print(f"{kind.name:<20} {kind.title}")
    return 0

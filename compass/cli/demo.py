"""`demo`: load the demo workspace (generated data, marked as demo) for the local user."""

from __future__ import annotations

import argparse

from compass.cli.arguments import whole_number
from compass.cli.context import open_database
from compass.workspace.users import local_user


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("demo", help="load a demo workspace of generated data")
    parser.add_argument(
        "--creators",
        type=whole_number(1, 10_000),
        default=40,
        help="how many generated creators (default 40)",
    )
    parser.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    # Imported here: the generator and the ingest it brings are paid for by this command only.
    from compass.demo import DEMO_NICHE_NAME, load_demo

    engine = open_database()
    summary = load_demo(engine, local_user(engine).id, creators=args.creators)
    if not summary.created:
        print(
            f"the demo workspace is already loaded: niche {DEMO_NICHE_NAME!r} "
            f"with {summary.creators} creators"
        )
        return 0
    print(
        f"loaded the demo workspace: niche {DEMO_NICHE_NAME!r}, {summary.creators} generated creators, "
        f"{summary.videos:,} videos; your demo handle is @{summary.own_handle}"
    )
    print("everything in it is generated data, marked DEMO in the app")
    return 0

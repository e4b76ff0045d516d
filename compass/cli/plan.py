"""`plan --niche NAME [--weeks N] [--ics PATH] [--json] [--tz ZONE]`: when to post in the coming weeks, at
what length, with which hashtags, sounds and captions, each with its evidence; optionally as a calendar.

The niche is read as `insights` reads it (its owner's own handle as "you" when that creator is in it), in
the owner's time zone unless --tz names another.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from compass.analytics import analyze
from compass.analytics.insights import percent
from compass.analytics.wording import likely_range
from compass.cli.arguments import time_zone, whole_number
from compass.cli.context import open_database, print_json
from compass.cli.insights import resolve
from compass.errors import CompassError
from compass.plan import CADENCE, DAY_OR_HOUR, SLOT, Plan, plan_calendar, plan_from_analysis

MAX_WEEKS = 12
BASIS = {SLOT: "a best slot", DAY_OR_HOUR: "its day or hour stands out", CADENCE: "keeps the cadence"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="a content plan for the coming weeks: when to post, what length, which hashtags and sounds",
        description="Posts go in the niche's best weekly slots (effect against the same creators' other "
        "videos, 95%% interval, n), then, to keep your cadence, in slots no evidence advises against. "
        "--ics writes the plan as a calendar (RFC 5545) in the zone's local time.",
    )
    parser.add_argument("--niche", required=True, metavar="NAME", help="the niche to plan from")
    parser.add_argument(
        "--weeks",
        type=whole_number(1, MAX_WEEKS),
        default=1,
        help=f"how many weeks to plan, from now (1-{MAX_WEEKS}, default 1)",
    )
    parser.add_argument("--ics", type=Path, metavar="PATH", help="also write the plan as a calendar file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--tz",
        type=time_zone,
        help="IANA time zone of the slots and posts (default: the niche owner's zone, set on Account)",
    )
    parser.set_defaults(run=run_plan, handle=None, all=False)


def print_plan(plan: Plan, label: str, you: str | None) -> None:
    until = plan.until.strftime("%a %d %b %Y %H:%M")
    print(
        f"Content plan for {label}" + (f", for @{you}" if you else "") + f": "
        f"{plan.now:%a %d %b %Y %H:%M} to {until}, times in {plan.timezone}"
    )
    print(f"{plan.cadence.posts_per_week} posts a week: {plan.cadence.source}")
    print()
    if plan.best_slots:
        print("Best weekly slots (views against the same creators' other videos)")
        for slot in plan.best_slots:
            e = slot.evidence
            print(
                f"  {slot.label:<18} {percent(e.effect):>5}  {likely_range(e.ci_low, e.ci_high)}; "
                f"n={e.n:,}/{e.n_other:,}, {e.creators:,} creators"
            )
    for note in plan.notes:
        print(note)
    print()
    if plan.advice:
        print("In every post")
        for advice in plan.advice:
            print(f"  - {advice.what}")
            print(f"      {advice.why}")
        print()
    print(f"Posts, each titled '{plan.title}'")
    for item in plan.items:
        print(f"  {item.start:%a %d %b %H:%M}-{item.end:%H:%M}  {item.slot.label:<18} {BASIS[item.basis]}")
        print(f"      {item.why}")


def run_plan(args: argparse.Namespace) -> int:
    if args.ics is not None and not args.ics.parent.is_dir():
        raise CompassError(f"cannot write {args.ics}: the folder {args.ics.parent} does not exist")
    engine = open_database()
    target = resolve(engine, args)
    zone = args.tz or target.timezone
    analysis = analyze(target.frame, you=target.you, tz=zone)
    plan = plan_from_analysis(analysis, niche=args.niche, now=datetime.now(UTC), weeks=args.weeks)
    if args.ics is not None:
        try:
            args.ics.write_bytes(plan_calendar(plan))
        except OSError as exc:
            raise CompassError(f"cannot write {exc.filename}: {exc.strerror}") from None
    if args.json:
        print_json(plan.to_json())
    else:
        print_plan(plan, target.label, target.you)
        if args.ics is not None:
            print()
            print(f"Wrote {len(plan.items)} posts to {args.ics}")
    return 0

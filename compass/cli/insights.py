"""`insights (@handle | --niche NAME | --all) [--json]`: what stands out in a niche, and what to change.

@handle alone analyses the creator's niche (one of the local user's niches holding it, else the first
niche holding it, else every creator in the database) with the creator as "you". --niche NAME takes the
niche's members, with its owner's own handle as "you" when that creator is in it; --all takes everyone.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from sqlalchemy import Engine, select

from compass.analytics import EFFECT, InsightConfig, analyze
from compass.analytics.engine import Analysis
from compass.analytics.frame import NicheFrame
from compass.analytics.insights import SCOPES, percent
from compass.cli.arguments import handle, share, time_zone, whole_number
from compass.cli.context import open_database, print_json
from compass.errors import CompassError
from compass.models import Niche, User
from compass.reanalysis.load import Selection, find_niche, load_frame, niche_of_creator
from compass.workspace.users import LOCAL_ISSUER, LOCAL_SUBJECT


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "handle", nargs="?", type=handle, help="a creator, e.g. @someone (the 'you' of the analysis)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--niche", metavar="NAME", help="the members of this niche")
    which.add_argument("--all", action="store_true", help="every creator in the database, as one niche")
    parser.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "insights",
        help="insights (effect, n, 95%% CI, q) and recommendations for a creator or a niche",
        description=EFFECT.text(),
    )
    add_selection_arguments(parser)
    parser.add_argument(
        "--tz",
        type=time_zone,
        help="IANA time zone for weekdays and hours (default: the niche owner's zone, set on Account)",
    )
    parser.add_argument(
        "--min-n",
        type=whole_number(2),
        default=InsightConfig.min_n,
        help=f"fewest videos per group to test (default {InsightConfig.min_n})",
    )
    parser.add_argument(
        "--alpha",
        type=share,
        default=InsightConfig.alpha,
        help=f"largest q-value shown (default {InsightConfig.alpha})",
    )
    parser.set_defaults(run=run_insights)


@dataclass(frozen=True)
class Target:
    frame: NicheFrame
    label: str
    you: str | None
    timezone: str  # the niche owner's own zone (the local user's without a niche): what --tz overrides


def _local_user_id(engine: Engine) -> int | None:
    with engine.connect() as connection:
        return connection.execute(
            select(User.id).where(User.issuer == LOCAL_ISSUER, User.subject == LOCAL_SUBJECT)
        ).scalar()


def _owner(engine: Engine, niche_id: int | None, user_id: int | None) -> tuple[str | None, str]:
    """The own handle and time zone of the niche's owner; of the local user when there is no niche."""
    query = (
        select(User.own_handle, User.timezone)
        .join(Niche, Niche.user_id == User.id)
        .where(Niche.id == niche_id)
        if niche_id is not None
        else select(User.own_handle, User.timezone).where(User.id == user_id)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return (row.own_handle, row.timezone or "UTC") if row is not None else (None, "UTC")


def resolve(engine: Engine, args: argparse.Namespace) -> Target:
    """The frame to analyse, who "you" is and whose time zone applies, from the command's arguments."""
    handle = args.handle  # normalized by its argument type
    if not (handle or args.niche or args.all):
        raise CompassError("name a creator (@handle), a niche (--niche NAME) or --all")
    user_id = _local_user_id(engine)
    niche_id: int | None = None
    if args.all:
        label = "every creator in the database"
    elif args.niche:
        niche_id = find_niche(engine, args.niche, user_id)
        label = f"niche {args.niche!r}"
    else:
        niche_id = niche_of_creator(engine, handle, user_id)
        if niche_id is None:
            label = f"every creator in the database (@{handle} is in no niche)"
        else:
            with engine.connect() as connection:
                name = connection.execute(select(Niche.name).where(Niche.id == niche_id)).scalar()
            label = f"niche {name!r}"
    own_handle, timezone = _owner(engine, niche_id, user_id)
    you = handle or (own_handle if args.niche else None)
    frame = load_frame(engine, Selection(niche_id=niche_id) if niche_id is not None else Selection())
    if frame.n_creators == 0 or frame.n_videos == 0:
        raise CompassError(f"no videos to analyse in {label}")
    if handle is not None:
        frame.creator_code(handle)  # a named creator must be there
    elif you is not None and you not in set(frame.creators["handle"]):
        you = None
    return Target(frame, label, you, timezone)


def _row(insight) -> str:
    return (
        f"  {insight.kind:<9} {insight.group:<34} {percent(insight.effect):>5}  "
        f"[{percent(insight.ci_low)}, {percent(insight.ci_high)}]  n={insight.n:,}/{insight.n_other:,}  "
        + ("q<0.001" if insight.q < 0.001 else f"q={insight.q:.3f}")
    )


def print_analysis(target: Target, analysis: Analysis, tz: str) -> None:
    frame = target.frame
    you = f"; you: @{target.you}" if target.you else ""
    print(
        f"Insights for {target.label}: {frame.n_creators:,} creators, {frame.n_videos:,} videos{you}; "
        f"times in {tz}"
    )
    print(
        "effect = views against the same creators' other videos; [95% CI]; "
        "n = videos in the group/the others; "
        "q = Benjamini-Hochberg over all tests"
    )
    tests = analysis.report.tests
    tested = int(tests["q"].notna().sum())
    print(
        f"{tested} groups tested, {len(analysis.report.insights)} shown "
        f"(needs n >= {analysis.report.config.min_n} per group, q <= {analysis.report.config.alpha}, "
        f"|effect| >= {analysis.report.config.min_effect:.0%})"
    )
    titles = {
        "niche": "NICHE: every creator compared with itself",
        "leaders": "LEADERS: the niche's top performers ("
        + ", ".join("@" + h for h in analysis.leader_handles[:5])
        + (", ..." if len(analysis.leaders) > 5 else "")
        + ")",
        "you": f"YOU: @{target.you}'s own videos",
    }
    for scope in SCOPES:
        if (
            scope == "you"
            and not target.you
            or scope == "leaders"
            and not (tests["scope"] == "leaders").any()
        ):
            continue
        print()
        print(titles[scope])
        shown = [i for i in analysis.report.insights if i.scope == scope]
        if not shown:
            print("  nothing stands out with enough evidence")
        for insight in shown:
            print(_row(insight))
            print(f"      {insight.text}")
    print()
    if not target.you:
        print("Recommendations: name a creator (@handle) to get personal recommendations")
        return
    if not analysis.recommendations:
        print(
            f"Recommendations for @{target.you}: none (you already do what the evidence favours, "
            "or nothing stands out)"
        )
        return
    print(f"Recommendations for @{target.you}, ranked by expected gain x confidence")
    for rank, rec in enumerate(analysis.recommendations, 1):
        print(
            f"{rank:>2}. {rec.title}: expected {percent(rec.expected_gain)} views, "
            f"confidence {rec.confidence:.0%}"
        )
        print(f"    {rec.body}")
        for example in rec.evidence.get("examples", []):
            print(
                f"    e.g. @{example['handle']}: {example['views']:,} views "
                f"({example['views_vs_median']:g}x their median) {example['url']}"
            )


def run_insights(args: argparse.Namespace) -> int:
    engine = open_database()
    target = resolve(engine, args)
    config = InsightConfig(min_n=args.min_n, alpha=args.alpha)
    zone = args.tz or target.timezone
    analysis = analyze(target.frame, you=target.you, tz=zone, config=config)
    if args.json:
        print_json(analysis.to_json())
    else:
        print_analysis(target, analysis, zone)
    return 0

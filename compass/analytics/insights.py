"""Insights: which groups of videos (a weekday, an hour band, a duration band, a hashtag, a sound, a cadence,
a hook) get more or fewer views than the same creators' other videos, in three scopes:

    niche    every creator of the niche, each compared with itself;
    leaders  the niche's top performers only, each compared with itself;
    you      the user's own videos.

Every tested group carries its effect, 95% interval, n per group and p; the q-values (Benjamini-Hochberg)
cover every test of one run, all scopes together. A group is tested only when both arms hold at least
``min_n`` videos (and, outside "you", ``min_creators`` creators contribute); an insight is shown when
q <= ``alpha`` and the effect is at least ``min_effect`` either way.

``INSIGHT_KINDS`` is the registry the pages and the CLI list from, each kind with its user-facing definition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from compass.analytics import definitions as defs
from compass.analytics.config import InsightConfig
from compass.analytics.effects import (
    GroupStats,
    Totals,
    benjamini_hochberg,
    bootstrap_intervals,
    creator_totals,
    group_stats,
    two_sided_p,
    within_creator,
)
from compass.analytics.features import Features
from compass.analytics.groupings import (
    Grouping,
    cadence_groupings,
    duration_groupings,
    hashtag_groupings,
    hook_groupings,
    hour_groupings,
    sound_groupings,
    weekday_groupings,
)

__all__ = [
    "INSIGHT_KINDS",
    "Grouping",
    "Insight",
    "InsightConfig",
    "InsightKind",
    "InsightReport",
    "compute_insights",
    "group_mask",
]

Scope = Literal["niche", "leaders", "you"]
SCOPES: tuple[Scope, ...] = ("niche", "leaders", "you")


@dataclass(frozen=True)
class InsightKind:
    name: str
    title: str
    definition: str
    groupings: Callable[[Features, InsightConfig], list[Grouping]]


def _kind(
    name: str, title: str, definition: str, build: Callable[[Features, InsightConfig], list[Grouping]]
) -> InsightKind:
    return InsightKind(name, title, definition, build)


INSIGHT_KINDS: dict[str, InsightKind] = {
    k.name: k
    for k in (
        _kind(
            "weekday",
            "Weekday",
            "Each weekday against the creator's videos of the other days, in the chosen "
            "time zone (UTC unless one is given).",
            weekday_groupings,
        ),
        _kind(
            "hour",
            "Posting hour",
            f"Each {defs.HOUR_BAND_HOURS}-hour band of the day against the creator's videos "
            "posted at other hours, in the chosen time zone.",
            hour_groupings,
        ),
        _kind(
            "duration",
            "Duration",
            "Each duration band (photo, 0-15 s, 16-30 s, 31-60 s, over 60 s) against the "
            "creator's videos of other lengths.",
            duration_groupings,
        ),
        _kind(
            "hashtag",
            "Hashtags",
            f"Each of the niche's {InsightConfig.max_hashtags} most used hashtags against "
            "the creator's videos without it; and the number of hashtags (none, 1-3, 4-6, 7+).",
            hashtag_groupings,
        ),
        _kind(
            "sound",
            "Sounds",
            "Original sound against reused sounds; a sound rising in the niche (see Rising "
            "sound) against other reused sounds.",
            sound_groupings,
        ),
        _kind(
            "cadence",
            "Cadence",
            "Videos by the gap since the creator's previous video (under 24 h, 1-3 days, "
            "over 3 days) against the creator's videos with other gaps.",
            cadence_groupings,
        ),
        _kind(
            "hook",
            "Caption hooks",
            "Each hook (question, number, command, emoji, POV, hashtags only, long "
            "caption) against the creator's captioned videos without it.",
            hook_groupings,
        ),
    )
}


# --- Results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Insight:
    kind: str
    group: str
    scope: Scope
    text: str
    effect: float
    ci_low: float
    ci_high: float
    n: int  # videos in the group
    n_other: int  # videos they are compared with
    creators: int
    p: float
    q: float

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group": self.group,
            "scope": self.scope,
            "text": self.text,
            "effect": round(self.effect, 4),
            "ci_low": round(self.ci_low, 4),
            "ci_high": round(self.ci_high, 4),
            "n": self.n,
            "n_other": self.n_other,
            "creators": self.creators,
            "p": float(f"{self.p:.3g}"),
            "q": float(f"{self.q:.3g}"),
        }


@dataclass(frozen=True)
class InsightReport:
    """``tests``: every group considered (tested or not, with the reason); ``insights``: those shown;
    ``stats``: each grouping's statistics over the niche, in the order of ``groupings``."""

    tests: pd.DataFrame
    insights: list[Insight] = field(default_factory=list)
    groupings: list[Grouping] = field(default_factory=list)
    config: InsightConfig = field(default_factory=InsightConfig)
    stats: list[GroupStats] = field(default_factory=list)

    def grouping(self, kind: str, group: str) -> Grouping:
        return self.grouping_stats(kind, group)[0]

    def grouping_stats(self, kind: str, group: str) -> tuple[Grouping, GroupStats]:
        for g, stats in zip(self.groupings, self.stats, strict=True):
            if g.kind == kind and group in g.labels:
                return g, stats
        raise KeyError((kind, group))

    def find(self, kind: str, group: str, scope: Scope = "niche") -> Insight | None:
        return next((i for i in self.insights if (i.kind, i.group, i.scope) == (kind, group, scope)), None)


def percent(x: float, signed: bool = True) -> str:
    value = f"{abs(x) * 100:.0f}%"
    return (("+" if x >= 0 else "-") + value) if signed else value


def _q_text(q: float) -> str:
    return "q < 0.001" if q < 0.001 else f"q = {q:.3f}"


def insight_text(
    scope: Scope,
    phrase: str,
    effect: float,
    ci_low: float,
    ci_high: float,
    n: int,
    n_other: int,
    creators: int,
    q: float,
    confidence: float = 0.95,
) -> str:
    subject, baseline = {
        "niche": ("Videos", "the same creators' other videos"),
        "leaders": ("Among the niche's top performers, videos", "the same creators' other videos"),
        "you": ("Your videos", "your other videos"),
    }[scope]
    direction = "more" if effect >= 0 else "fewer"
    who = "" if scope == "you" else f", from {creators:,} creators"
    return (
        f"{subject} {phrase} get {percent(effect, signed=False)} {direction} views than {baseline} "
        f"({confidence:.0%} CI {percent(ci_low)} to {percent(ci_high)}; {n:,} videos vs {n_other:,}{who}; "
        f"{_q_text(q)})."
    )


TEXT_TEST_COLUMNS = ("scope", "kind", "group", "phrase")
NUMERIC_TEST_COLUMNS = ("estimate", "se", "effect", "ci_low", "ci_high", "n", "n_other", "creators", "p")
TEST_COLUMNS = TEXT_TEST_COLUMNS + NUMERIC_TEST_COLUMNS


def compute_insights(
    features: Features,
    *,
    you: int | None = None,
    leaders: Sequence[int] = (),
    config: InsightConfig | None = None,
) -> InsightReport:
    """Every kind of ``INSIGHT_KINDS`` in every scope that applies: "leaders" needs ``min_leaders`` creators,
    "you" a creator code."""
    config = config or InsightConfig()
    v = features.videos
    creator = v["creator"].to_numpy()
    y = v["log_views"].to_numpy()
    known = np.isfinite(y)
    n_creators = features.n_creators
    groupings = [g for kind in INSIGHT_KINDS.values() for g in kind.groupings(features, config)]
    groupings = [g for g in groupings if len(g.labels)]
    # Scopes are sets of creators: a scope's statistics are the niche's, other creators' rows zeroed.
    scopes: list[tuple[Scope, np.ndarray | None]] = [("niche", None)]
    if len(leaders) >= config.min_leaders:
        is_leader = np.zeros(n_creators, dtype=bool)
        is_leader[np.asarray(leaders, dtype=np.int64)] = True
        scopes.append(("leaders", is_leader))
    if you is not None:
        scopes.append(("you", np.arange(n_creators) == you))
    totals: dict[bytes, Totals] = {}  # by base: the groupings of one kind share their valid videos

    def stats_of(g: Grouping) -> GroupStats:
        base = g.valid & known
        key = base.tobytes()
        if key not in totals:
            totals[key] = creator_totals(creator, y, n_creators, base)
        return group_stats(creator, y, n_creators, g.video, g.level, len(g.labels), base, totals[key])

    niche_stats = [stats_of(g) for g in groupings]

    columns: dict[str, list[Any]] = {name: [] for name in TEST_COLUMNS}
    for scope, chosen in scopes:
        for g, of_niche in zip(groupings, niche_stats, strict=True):
            stats = of_niche if chosen is None else of_niche.of_creators(chosen)
            t = within_creator(stats, config.confidence)
            ci_low, ci_high, p = t.ci_low, t.ci_high, t.p
            if config.interval == "bootstrap" and scope != "you":
                ci_low, ci_high, boot_se = bootstrap_intervals(
                    stats, config.n_boot, config.seed, config.confidence
                )
                with np.errstate(divide="ignore", invalid="ignore"):
                    p = two_sided_p(t.estimate / boot_se)
            levels = len(g.labels)
            # Lists of every test's values, one frame at the end: a frame per grouping and scope cost
            # more than the tests themselves.
            columns["scope"] += [scope] * levels
            columns["kind"] += [g.kind] * levels
            columns["group"] += list(g.labels)
            columns["phrase"] += list(g.phrases)
            for name, values in (
                ("estimate", t.estimate),
                ("se", t.se),
                ("effect", t.effect),
                ("ci_low", ci_low),
                ("ci_high", ci_high),
                ("n", t.n_in),
                ("n_other", t.n_out),
                ("creators", t.creators),
                ("p", p),
            ):
                columns[name].append(values)
    numeric = {name: np.concatenate(columns[name]) for name in NUMERIC_TEST_COLUMNS if columns[name]}
    tests = (
        pd.DataFrame({**{name: columns[name] for name in TEXT_TEST_COLUMNS}, **numeric})
        if numeric
        else pd.DataFrame(columns=list(TEST_COLUMNS))
    )
    need_creators = np.where(tests["scope"] == "you", 1, config.min_creators)
    enough = (
        (tests["n"] >= config.min_n)
        & (tests["n_other"] >= config.min_n)
        & (tests["creators"] >= need_creators)
    )
    tested = enough & np.isfinite(tests["p"].to_numpy(dtype=float))
    q = np.full(len(tests), np.nan)
    q[tested.to_numpy()] = benjamini_hochberg(tests["p"].to_numpy(dtype=float)[tested.to_numpy()])
    tests["q"] = q
    shown = tested & (tests["q"] <= config.alpha) & (tests["effect"].abs() >= config.min_effect)
    tests["status"] = np.select(
        [~enough, ~tested, shown, tests["q"] > config.alpha],
        ["too few videos", "no estimate", "shown", "not significant"],
        "effect too small",
    )
    order = {s: i for i, s in enumerate(SCOPES)}
    chosen = tests[shown.to_numpy()]
    chosen = chosen.assign(scope_rank=chosen["scope"].map(order), size=-chosen["effect"].abs())
    chosen = chosen.sort_values(["scope_rank", "q", "size"], kind="stable")
    insights = [
        Insight(
            kind=r.kind,
            group=r.group,
            scope=r.scope,
            text=insight_text(
                r.scope,
                r.phrase,
                r.effect,
                r.ci_low,
                r.ci_high,
                int(r.n),
                int(r.n_other),
                int(r.creators),
                r.q,
                config.confidence,
            ),
            effect=float(r.effect),
            ci_low=float(r.ci_low),
            ci_high=float(r.ci_high),
            n=int(r.n),
            n_other=int(r.n_other),
            creators=int(r.creators),
            p=float(r.p),
            q=float(r.q),
        )
        for r in chosen.itertuples()
    ]
    return InsightReport(tests, insights, groupings, config, niche_stats)


def group_mask(
    features: Features, kind: str, group: str, config: InsightConfig | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(in the group, where the grouping applies) for one group of one kind, e.g. ("weekday", "Tuesday").
    A hashtag need not be among the most used ones. Raises KeyError for an unknown group."""
    if kind == "hashtag" and group.startswith("#"):
        names = list(features.tag_names)
        if group[1:] not in names:
            raise KeyError((kind, group))
        pairs = features.hashtags
        mask = np.zeros(len(features.videos), dtype=bool)
        mask[pairs["video"].to_numpy()[pairs["tag"].to_numpy() == names.index(group[1:])]] = True
        return mask, np.ones(len(features.videos), dtype=bool)
    for grouping in INSIGHT_KINDS[kind].groupings(features, config or InsightConfig()):
        if group in grouping.labels:
            return grouping.mask(group), grouping.valid
    raise KeyError((kind, group))

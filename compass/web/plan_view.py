"""The Plan page's reading of a content plan: the posts as a table in the creator's zone, what goes in every
post, and the calendar file. The plan itself is ``compass.plan``'s, made from the stored analysis."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd

from compass.analytics.digest import Digest
from compass.plan import CADENCE, DAY_OR_HOUR, SLOT, Plan, plan_calendar, plan_from_digest

__all__ = [
    "MAX_WEEKS",
    "PLAN_DEFINITIONS",
    "calendar_name",
    "plan_calendar",
    "posts_table",
    "weekly_plan",
]

MAX_WEEKS = 4
BASIS_WORDS = {
    SLOT: "one of the niche's best slots",
    DAY_OR_HOUR: "its day or hours stand out",
    CADENCE: "keeps your cadence",
}
PLAN_DEFINITIONS = {
    "post": "when to post: the slot's start, in the time zone named beside the file",
    "until": "the slot's end: posting any time in between counts",
    "slot": "the weekly slot (weekday and block of hours)",
    "why then": "what the time rests on: a slot, its day or hours passing the evidence bar, or the cadence",
    "evidence": "the evidence in words: effect on views against the same creators' other videos, "
    "95% interval, n",
    "uid": "the calendar event's id (the same post keeps it when the plan is made again)",
}


def weekly_plan(digest: Digest, niche: str, weeks: int, now: datetime | None = None) -> Plan:
    """The plan for the coming ``weeks`` (1 to ``MAX_WEEKS``) from now, in the digest's zone."""
    when = now or datetime.now(UTC)
    return plan_from_digest(digest, niche=niche, now=when, weeks=max(1, min(weeks, MAX_WEEKS)))


def posts_table(plan: Plan) -> pd.DataFrame:
    """One row per post, soonest first, times as the creator's wall clock ("Tue 9 Dec 18:00")."""
    return pd.DataFrame(
        {
            "post": [f"{item.start:%a %-d %b %H:%M}" for item in plan.items],
            "until": [f"{item.end:%H:%M}" for item in plan.items],
            "slot": [item.slot.label for item in plan.items],
            "why then": [BASIS_WORDS[item.basis] for item in plan.items],
            "evidence": [item.why for item in plan.items],
            "uid": [item.uid for item in plan.items],
        },
        columns=list(PLAN_DEFINITIONS),
    )


def calendar_name(plan: Plan) -> str:
    """A file name people recognise: "plan-home-fitness-2026-12-03.ics"."""
    slug = re.sub(r"[^a-z0-9]+", "-", plan.niche.lower()).strip("-") or "niche"
    return f"plan-{slug}-{plan.now:%Y-%m-%d}.ics"

"""A weekly content plan: when to post in the coming weeks, at what length, with which hashtags, sounds and
captions, each with the evidence behind it; and the plan as an RFC 5545 calendar.

Pure: the niche's slots and length bands (``analytics.slots``), the user's recommendations and a cadence
in, plan items out. The plan posts in the niche's best weekly slots first, then, to keep the cadence, in
other slots the evidence does not advise against, spread over the week's days: those whose weekday or
hour band passes the bar first, else the niche's busiest. Each item says what its time rests on
(``basis``). Each post sits at its slot's local start time in the plan's zone, inside [now, now + weeks).

    plan = plan_from_analysis(analysis, niche="Home fitness", now=datetime.now(UTC), weeks=1)
    plan.items[0].start, plan.items[0].why
    Path("plan.ics").write_bytes(plan_calendar(plan))
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from icalendar import Calendar, Event

from compass.analytics.definitions import HOUR_BAND_HOURS
from compass.analytics.digest import Digest, digest_of
from compass.analytics.engine import Analysis
from compass.analytics.recommend import Recommendation
from compass.analytics.slots import (
    Evidence,
    LengthEffect,
    Slot,
    SlotReport,
    best_length,
)
from compass.analytics.wording import SAME_CREATORS, evidence_bar, evidence_sentence, sample_words
from compass.errors import CompassError

MIN_POSTS, MAX_POSTS = 1, 14
DEFAULT_POSTS = 3  # when no creator of the niche has two videos to measure a cadence from
PRODUCT_ID = "-//TikTok Creator Compass//Content plan//EN"
UID_DOMAIN = "tiktok-creator-compass"
# Recommendation kinds that say what to put in a post; weekday, hour, duration and cadence advice is
# what the slots, the length band and the cadence already carry.
CONTENT_KINDS = {"hashtag": "hashtag", "sound": "sound", "hook": "caption"}
# What a post's time rests on, strongest first.
SLOT, DAY_OR_HOUR, CADENCE = "slot", "day or hour", "cadence"


@dataclass(frozen=True)
class Cadence:
    posts_per_week: int
    source: str  # where the number comes from, in words


@dataclass(frozen=True)
class Advice:
    """One thing to do in every post of the plan, and the evidence for it."""

    kind: str  # "length", "hashtag", "sound" or "caption"
    what: str  # e.g. "Use #gymtok more often"
    why: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "why": self.why}


@dataclass(frozen=True)
class PlanItem:
    """One post: when (aware, in the plan's zone), in which slot, and why then. ``basis``: what the time
    rests on, ``SLOT`` (the slot passes the evidence bar), ``DAY_OR_HOUR`` (its weekday or hour band
    does) or ``CADENCE`` (nothing: the post keeps the cadence, at one of the niche's busiest times)."""

    start: datetime
    end: datetime
    slot: Slot
    basis: str
    why: str
    uid: str

    @property
    def evidenced(self) -> bool:
        """The slot itself passes the evidence bar with more views."""
        return self.basis == SLOT


@dataclass(frozen=True)
class Plan:
    niche: str
    timezone: str
    now: datetime
    weeks: int
    cadence: Cadence
    best_slots: tuple[Slot, ...]
    length: LengthEffect | None
    hashtags: tuple[str, ...]  # the hashtags recommended for more use, most promising first
    advice: tuple[Advice, ...]
    items: tuple[PlanItem, ...]
    notes: tuple[str, ...]  # what the plan could not base on evidence, in sentences

    @property
    def until(self) -> datetime:
        return end_of(self.now, self.weeks)

    @property
    def title(self) -> str:
        """What every post of the plan is, in a calendar's few words."""
        band = self.length.band if self.length else None
        what = "post a photo" if band == "photo" else f"post a {band} video" if band else "post a video"
        tags = f" ({' '.join(self.hashtags[:3])})" if self.hashtags else ""
        return f"TikTok: {what}{tags}"

    def description(self, item: PlanItem) -> str:
        """Why this post, then what to put in it and why."""
        lines = [f"When: {item.why}"]
        lines += [f"{a.what}: {a.why}" for a in self.advice]
        lines.append(f"Cadence: {self.cadence.posts_per_week} posts a week, {self.cadence.source}.")
        return "\n\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "niche": self.niche,
            "timezone": self.timezone,
            "from": self.now.isoformat(),
            "until": self.until.isoformat(),
            "weeks": self.weeks,
            "posts_per_week": self.cadence.posts_per_week,
            "cadence": self.cadence.source,
            "best_slots": [s.to_json() for s in self.best_slots],
            "length": self.length.to_json() if self.length else None,
            "advice": [a.to_json() for a in self.advice],
            "notes": list(self.notes),
            "items": [
                {
                    "uid": item.uid,
                    "start": item.start.isoformat(),
                    "end": item.end.isoformat(),
                    "weekday": item.slot.day,
                    "local_hour": item.start.hour,
                    "slot": item.slot.label,
                    "evidenced": item.evidenced,
                    "basis": item.basis,
                    "title": self.title,
                    "why": item.why,
                }
                for item in self.items
            ],
        }


# --- Cadence ---------------------------------------------------------------------------------------


def _posts(per_week: float) -> int:
    return min(MAX_POSTS, max(MIN_POSTS, math.floor(per_week + 0.5)))


def weekly_cadence(metrics: pd.DataFrame, you: str | None) -> Cadence:
    """Posts a week: the creator's own cadence (``videos_per_week`` of the metrics) when known, else the
    niche's median, rounded and kept between MIN_POSTS and MAX_POSTS."""
    per_week = metrics["videos_per_week"].to_numpy(dtype=float)
    if you is not None:
        mine = per_week[metrics["handle"].to_numpy() == you]
        if len(mine) and np.isfinite(mine[0]):
            return Cadence(_posts(mine[0]), f"your own cadence ({mine[0]:.1f} videos a week)")
    known = per_week[np.isfinite(per_week)]
    if len(known):
        median = float(np.median(known))
        return Cadence(_posts(median), f"the niche's median cadence ({median:.1f} videos a week)")
    return Cadence(DEFAULT_POSTS, "no cadence is known in the niche")


# --- Slots -----------------------------------------------------------------------------------------


def day_and_hour(report: SlotReport, slot: Slot) -> tuple[Evidence, Evidence]:
    """The evidence for the slot's weekday and for its hour band, each on its own."""
    return report.days[slot.weekday], report.hours[slot.band]


def lean(report: SlotReport, slot: Slot) -> int:
    """+1 for each of the slot's weekday and hour band that passes the bar with more views, -1 with fewer."""
    return sum(e.favoured - e.avoided for e in day_and_hour(report, slot))


def basis_of(report: SlotReport, slot: Slot) -> str:
    if slot.evidence.favoured:
        return SLOT
    return DAY_OR_HOUR if lean(report, slot) > 0 else CADENCE


def choose_slots(report: SlotReport, count: int) -> list[Slot]:
    """``count`` weekly slots: the best first; then, so that the posts spread over the week, each on a day
    with the fewest posts so far, slots that no evidence advises against: those whose weekday or hour band
    passes the bar first, those whose own interval lies below 0 last, and otherwise where the niche posts
    most (without evidence, the least surprising choice)."""
    chosen = list(report.best[:count])
    rest = sorted(
        (s for s in report.slots if s not in chosen and not s.evidence.avoided),
        key=lambda s: (-lean(report, s), s.evidence.ci_high < 0, -s.evidence.n),
    )
    while len(chosen) < count and rest:
        per_day = Counter(s.weekday for s in chosen)
        pick = min(range(len(rest)), key=lambda i: (per_day[rest[i].weekday], i))
        chosen.append(rest.pop(pick))
    return chosen


def _said(subject: str, e: Evidence, baseline: str = SAME_CREATORS) -> str:
    return evidence_sentence(
        subject,
        e.effect,
        e.ci_low,
        e.ci_high,
        n=e.n,
        n_other=e.n_other,
        creators=e.creators,
        baseline=baseline,
    )


def slot_why(report: SlotReport, slot: Slot, cadence: Cadence) -> str:
    """The slot's evidence; for a slot without it, that it keeps the cadence, and the evidence of its
    weekday and hour band when they pass the bar."""
    zone = report.timezone
    hours = f"between {slot.start_hour:02d}:00 and {slot.end_hour:02d}:00"
    itself = _said(f"Videos posted on {slot.day}s {hours} ({zone})", slot.evidence)
    if slot.evidence.favoured:
        return itself
    day, band = day_and_hour(report, slot)
    apart = [
        _said(subject, e)
        for subject, e in (
            (f"Videos posted on {slot.day}s ({zone})", day),
            (f"Videos posted {hours} ({zone})", band),
        )
        if e.passes
    ]
    parts = [f"Keeps you at {cadence.posts_per_week} posts a week."]
    parts += apart or ["No evidence favours this time: it is one of the niche's busiest."]
    if np.isfinite(slot.evidence.q):
        parts.append(f"The slot itself does not pass the evidence bar. {itself}")
    else:
        e = slot.evidence
        parts.append(f"The slot itself has too few videos to judge ({sample_words(e.n, e.n_other)}).")
    return " ".join(parts)


# --- Times -----------------------------------------------------------------------------------------


def wall_time(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """``hour``:00 on ``day`` in ``zone``; a time a clock change skips becomes the time the clock shows
    just after the jump (as calendar programs read it)."""
    naive = datetime.combine(day, time(hour), tzinfo=zone)
    return naive.astimezone(UTC).astimezone(zone)


def end_of(now: datetime, weeks: int) -> datetime:
    """``weeks`` after ``now`` in elapsed time, in ``now``'s zone (Python adds a timedelta to an aware
    time on the wall clock, an hour off across a clock change)."""
    return (now.astimezone(UTC) + timedelta(weeks=weeks)).astimezone(now.tzinfo)


def occurrences(slot: Slot, now: datetime, weeks: int, zone: ZoneInfo) -> list[datetime]:
    """The slot's local start times inside [now, now + weeks), compared as instants."""
    local_now = now.astimezone(zone)
    first = local_now.date() + timedelta(days=(slot.weekday - local_now.weekday()) % 7)
    since, until = now.astimezone(UTC), end_of(now, weeks).astimezone(UTC)
    starts = (wall_time(first + timedelta(weeks=k), slot.start_hour, zone) for k in range(weeks + 1))
    return [start for start in starts if since <= start.astimezone(UTC) < until]


def item_uid(niche: str, slot: Slot, day: date) -> str:
    """Stable per (niche, slot, date): a plan made again updates the calendar's events, never doubles them."""
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"{UID_DOMAIN}:plan:{niche}:{slot.label}:{day.isoformat()}")
    return f"{key}@{UID_DOMAIN}"


# --- Content ---------------------------------------------------------------------------------------


def _length_words(band: str) -> tuple[str, str]:
    """(what the band is, as in "Make it ...", the videos in it as a subject)."""
    if band == "photo":
        return "a photo post", "Photo posts"
    if band.startswith("over"):
        return f"{band} long", f"Videos {band} long"
    return f"{band} long", f"Videos of {band}"


def length_advice(length: LengthEffect) -> Advice:
    """Make it the band's length (more views), or avoid it (fewer)."""
    what, subject = _length_words(length.band)
    why = _said(subject, length.evidence, baseline="the same creators' videos of other lengths")
    avoid = f"Avoid {subject[0].lower()}{subject[1:]}"
    return Advice("length", f"Make it {what}" if length.evidence.effect > 0 else avoid, why)


def recommendation_advice(rec: Recommendation) -> Advice:
    """A recommendation as advice, its why naming the insight behind it."""
    insight = rec.evidence.get("insight") or {}
    videos = f"videos with a '{rec.group}' caption" if rec.kind == "hook" else f"videos with {rec.group}"
    if insight.get("scope") == "leaders":
        subject = f"Among the niche's top performers, {videos}"
    else:
        subject = videos[0].upper() + videos[1:]
    why = evidence_sentence(
        subject,
        float(insight.get("effect", math.nan)),
        float(insight.get("ci_low", math.nan)),
        float(insight.get("ci_high", math.nan)),
        n=int(insight.get("n", 0)),
        n_other=int(insight.get("n_other", 0)),
        creators=insight.get("creators"),
        baseline=SAME_CREATORS,
    )
    return Advice(CONTENT_KINDS[rec.kind], rec.title, why)


def content_recommendations(recommendations: Sequence[Recommendation]) -> list[Recommendation]:
    """Those about what goes in a post: hashtags, then sounds, then captions, each in their rank order."""
    recs = [r for r in recommendations if r.kind in CONTENT_KINDS]
    return sorted(recs, key=lambda r: list(CONTENT_KINDS).index(r.kind))


# --- The plan --------------------------------------------------------------------------------------


def zone_of(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CompassError(
            f"a plan needs one time zone, not {timezone!r} (use an IANA name like Europe/Paris)"
        ) from None


def build_plan(
    *,
    niche: str,
    slots: SlotReport,
    lengths: Sequence[LengthEffect],
    recommendations: Sequence[Recommendation],
    cadence: Cadence,
    now: datetime,
    weeks: int = 1,
) -> Plan:
    """The plan for [now, now + weeks) in the zone the slots were read in (``slots.timezone``)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if weeks < 1:
        raise ValueError("a plan covers at least one week")
    zone = zone_of(slots.timezone)
    local_now = now.astimezone(zone)
    items = []
    for slot in choose_slots(slots, cadence.posts_per_week):
        basis, why = basis_of(slots, slot), slot_why(slots, slot, cadence)
        for start in occurrences(slot, local_now, weeks, zone):
            end = start + timedelta(hours=HOUR_BAND_HOURS)  # on the wall clock: the slot's end as read
            items.append(PlanItem(start, end, slot, basis, why, item_uid(niche, slot, start.date())))
    items.sort(key=lambda item: item.start)
    length = best_length(lengths)
    avoided = [x for x in lengths if x.evidence.avoided]
    content = content_recommendations(recommendations)
    advice = tuple(length_advice(x) for x in ([length] if length else []) + avoided) + tuple(
        recommendation_advice(r) for r in content
    )
    notes = [slots.note] if slots.note else []
    if length is None:
        notes.append(
            f"No length band gets more views with {evidence_bar(slots.config)}: keep the lengths you make."
        )
    if not content:
        notes.append(
            "No hashtag, sound or caption recommendation: they need your handle among the niche's creators "
            "and an insight that passes the evidence bar."
        )
    return Plan(
        niche=niche,
        timezone=slots.timezone,
        now=local_now,
        weeks=weeks,
        cadence=cadence,
        best_slots=slots.best,
        length=length,
        hashtags=tuple(r.group for r in content if r.group.startswith("#") and r.direction == "more"),
        advice=advice,
        items=tuple(items),
        notes=tuple(notes),
    )


def plan_from_digest(digest: Digest, *, niche: str, now: datetime, weeks: int = 1) -> Plan:
    """The plan from a stored analysis, in the zone it was read in, for its "you" (else at the niche's
    cadence, without recommendations)."""
    return build_plan(
        niche=niche,
        slots=digest.slots,
        lengths=digest.length_effects,
        recommendations=digest.recommendations,
        cadence=weekly_cadence(digest.metrics, digest.you),
        now=now,
        weeks=weeks,
    )


def plan_from_analysis(analysis: Analysis, *, niche: str, now: datetime, weeks: int = 1) -> Plan:
    """The plan from a full analysis (as ``plan_from_digest`` of its digest)."""
    digest = digest_of(analysis, timezone=analysis.features.tz)
    return plan_from_digest(digest, niche=niche, now=now, weeks=weeks)


# --- Calendar --------------------------------------------------------------------------------------


def plan_calendar(plan: Plan) -> bytes:
    """The plan as an RFC 5545 calendar: one VEVENT per post, its DTSTART and DTEND in the plan's zone
    (TZID, with the VTIMEZONE it names; UTC times are written with Z), DTSTAMP = when the plan was made."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"TikTok plan: {plan.niche}")
    stamp = plan.now.astimezone(UTC)
    for item in plan.items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", plan.title)
        event.add("description", plan.description(item))
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=plan.now.date(), last_date=plan.until.date() + timedelta(days=1)
    )
    return calendar.to_ical()

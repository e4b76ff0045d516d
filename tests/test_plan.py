"""The content plan: posts at the slots' local start times inside [now, now + weeks), the best slots first
and the cadence kept, every reason worded from its interval (never "confidence 100%"), and a calendar that
reads back with the zone's TZID and stable UIDs."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from icalendar import Calendar

from compass.analytics import analyze
from compass.analytics.config import InsightConfig
from compass.analytics.recommend import Recommendation
from compass.analytics.slots import (
    NOT_SIGNIFICANT,
    PASSES,
    TOO_FEW,
    Evidence,
    LengthEffect,
    Slot,
    SlotReport,
    best_first,
)
from compass.analytics.wording import likely_range
from compass.errors import CompassError
from compass.plan import (
    CADENCE,
    DAY_OR_HOUR,
    SLOT,
    Cadence,
    Plan,
    build_plan,
    plan_calendar,
    plan_from_analysis,
    wall_time,
    weekly_cadence,
)
from compass.synthetic import NicheSpec, PlantedEffects
from tests.analytics.helpers import generated

PARIS = "Europe/Paris"
NOW = datetime(2025, 3, 5, 10, 17, tzinfo=ZoneInfo(PARIS))  # a Wednesday, no clock change for weeks
UNTESTED = Evidence(math.nan, math.nan, math.nan, 12, 800, 4, math.nan, math.nan, TOO_FEW)


def _passing(effect: float, n: int = 140) -> Evidence:
    return Evidence(effect, effect * 0.5, effect * 1.5, n, 6800, 60, 1e-6, 1e-4, PASSES)


def _report(
    slots: dict[tuple[int, int], Evidence] | None = None,
    *,
    days: dict[int, Evidence] | None = None,
    busy: dict[tuple[int, int], int] | None = None,
    timezone: str = PARIS,
) -> SlotReport:
    """56 slots, untested unless given; ``busy`` sets how many videos an untested slot holds."""
    slots, days, busy = slots or {}, days or {}, busy or {}
    every = tuple(
        Slot(d, b, slots.get((d, b)) or dataclasses.replace(UNTESTED, n=busy.get((d, b), 12)))
        for d in range(7)
        for b in range(8)
    )
    return SlotReport(
        timezone,
        every,
        best_first(every, 3),
        tuple(days.get(d, UNTESTED) for d in range(7)),
        (UNTESTED,) * 8,
        InsightConfig(),
    )


def _plan(
    report: SlotReport,
    posts: int = 3,
    weeks: int = 1,
    now: datetime = NOW,
    lengths: Sequence[LengthEffect] = (),
    recommendations: Sequence[Recommendation] = (),
) -> Plan:
    return build_plan(
        niche="Home fitness",
        slots=report,
        lengths=lengths,
        recommendations=recommendations,
        cadence=Cadence(posts, "your own cadence"),
        now=now,
        weeks=weeks,
    )


TUESDAY_18, THURSDAY_18, SATURDAY_12 = (1, 6), (3, 6), (5, 4)
BEST = {TUESDAY_18: _passing(0.24), THURSDAY_18: _passing(0.18), SATURDAY_12: _passing(0.12)}


def test_best_slots_are_posted_at_their_local_start_inside_the_window() -> None:
    plan = _plan(_report(BEST), posts=3, weeks=2)
    assert len(plan.items) == 6  # each slot once a week
    for item in plan.items:
        assert NOW <= item.start < NOW + timedelta(weeks=2)
        assert item.start.tzinfo == ZoneInfo(PARIS)
        assert (item.start.weekday(), item.start.hour, item.start.minute) == (
            item.slot.weekday,
            item.slot.start_hour,
            0,
        )
        assert item.end - item.start == timedelta(hours=3) and item.basis == SLOT and item.evidenced
    assert [i.start for i in plan.items] == sorted(i.start for i in plan.items)
    assert plan.items[0].slot.label == "Thursday 18-21h"  # Tuesday has passed this week: next week's


def test_fewer_posts_than_best_slots_take_the_best_first() -> None:
    plan = _plan(_report(BEST), posts=2)
    assert sorted(i.slot.label for i in plan.items) == ["Thursday 18-21h", "Tuesday 18-21h"]


def test_a_slot_starting_exactly_now_is_in_the_plan_and_one_a_week_later_is_not() -> None:
    now = datetime(2025, 3, 4, 18, 0, tzinfo=ZoneInfo(PARIS))  # Tuesday 18:00
    plan = _plan(_report({TUESDAY_18: _passing(0.3)}), posts=1, now=now)
    assert [i.start for i in plan.items] == [now]


def test_posts_beyond_the_best_slots_keep_the_cadence_on_other_days_never_in_a_slot_to_avoid() -> None:
    avoid = {(d, 7): Evidence(-0.3, -0.45, -0.15, 300, 6000, 50, 1e-6, 1e-4, PASSES) for d in range(7)}
    busiest = {(d, 7): 900 for d in range(7)} | {(d, 5): 400 for d in range(7)}
    plan = _plan(_report({TUESDAY_18: _passing(0.3)} | avoid, busy=busiest), posts=5)
    assert len(plan.items) == 5
    assert len({i.slot.weekday for i in plan.items}) == 5  # one a day while days are free
    assert all(i.slot.band != 7 for i in plan.items)  # 21-24h passes with fewer views
    fills = [i for i in plan.items if i.slot.label != "Tuesday 18-21h"]
    assert {i.slot.band for i in fills} == {5} and {i.basis for i in fills} == {CADENCE}
    assert all(not i.evidenced and "Keeps you at 5 posts a week" in i.why for i in fills)


def test_fills_prefer_a_day_that_passes_the_bar_on_its_own() -> None:
    plan = _plan(_report(days={4: _passing(0.2, n=900)}, busy={(0, 6): 500}), posts=2)
    assert {i.slot.weekday for i in plan.items} == {4, 0}
    friday = next(i for i in plan.items if i.slot.weekday == 4)
    assert (
        friday.basis == DAY_OR_HOUR and "Videos posted on Fridays (Europe/Paris) get 20% more" in friday.why
    )
    assert next(i for i in plan.items if i.slot.weekday == 0).basis == CADENCE
    assert plan.notes and "No weekly slot stands out" in plan.notes[0]


def test_every_reason_words_its_interval_and_never_a_confidence_percentage() -> None:
    rec = Recommendation(
        "hashtag",
        "#gymtok",
        "more",
        "Use #gymtok more often",
        "body",
        expected_gain=0.05,
        confidence=1.0,
        your_share=0.1,
        leaders_share=0.5,
        evidence={
            "insight": {"scope": "niche", "effect": 0.2, "ci_low": 0.12, "ci_high": 0.28, "n": 300}
            | {"n_other": 5000, "creators": 40}
        },
    )
    weekday = Recommendation("weekday", "Tuesday", "more", "Post more on Tuesdays", "b", 0.1, 1.0, 0.1, 0.3)
    tested = Evidence(0.05, -0.04, 0.15, 90, 5000, 30, 0.3, 0.6, NOT_SIGNIFICANT)
    length = LengthEffect("31-60 s", _passing(0.15, n=900))
    plan = _plan(
        _report(BEST | {(0, 0): tested}, busy={(0, 0): 5000}),
        posts=4,
        lengths=[length],
        recommendations=[rec, weekday],
    )
    texts = [plan.description(i) for i in plan.items] + [a.why for a in plan.advice]
    assert not any("confidence" in t.lower() or "100%" in t for t in texts)
    best = next(i for i in plan.items if i.slot.label == "Tuesday 18-21h")
    assert best.why == (
        "Videos posted on Tuesdays between 18:00 and 21:00 (Europe/Paris) get 24% more views than the same "
        "creators' other videos (likely +12% to +36%; 140 videos vs 6,800 from 60 creators)."
    )
    monday = next(i for i in plan.items if i.slot.label == "Monday 00-03h")
    assert "could go either way, -4% to +15%" in monday.why and monday.basis == CADENCE
    assert [(a.kind, a.what) for a in plan.advice] == [
        ("length", "Make it 31-60 s long"),
        ("hashtag", "Use #gymtok more often"),  # the weekday advice is what the slots carry
    ]
    assert "likely +12% to +28%; 300 videos vs 5,000 from 40 creators" in plan.advice[1].why
    assert plan.hashtags == ("#gymtok",) and plan.title == "TikTok: post a 31-60 s video (#gymtok)"


def test_interval_wording() -> None:
    assert likely_range(0.02, 0.09) == "likely +2% to +9%"
    assert likely_range(-0.3, -0.1) == "likely -30% to -10%"
    assert likely_range(-0.03, 0.11) == "could go either way, -3% to +11%"
    assert likely_range(math.nan, 0.1) == "no estimate"


@pytest.mark.parametrize(
    ("mine", "others", "posts", "source"),
    [
        (4.4, [1.0, 2.0, 9.0], 4, "your own cadence (4.4 videos a week)"),
        (4.5, [1.0], 5, "your own cadence"),  # halves round up
        (30.0, [1.0], 14, "your own cadence"),
        (math.nan, [1.0, 2.6, 9.0], 3, "the niche's median cadence (2.6 videos a week)"),
        (math.nan, [0.2, 0.3], 1, "the niche's median cadence"),
        (math.nan, [math.nan], 3, "no cadence is known"),
    ],
)
def test_cadence_is_the_creators_own_else_the_niches_median_between_1_and_14(
    mine: float, others: list[float], posts: int, source: str
) -> None:
    metrics = pd.DataFrame(
        {"handle": ["me", *[f"c{i}" for i in range(len(others))]], "videos_per_week": [mine, *others]}
    )
    cadence = weekly_cadence(metrics, "me")
    assert cadence.posts_per_week == posts and cadence.source.startswith(source)
    assert weekly_cadence(metrics, None).source.startswith(("the niche's", "no cadence"))


def test_uids_are_stable_per_niche_slot_and_date() -> None:
    first, again = _plan(_report(BEST), weeks=2), _plan(_report(BEST), weeks=2, now=NOW + timedelta(hours=1))
    assert [i.uid for i in first.items] == [i.uid for i in again.items]
    assert len({i.uid for i in first.items}) == len(first.items)
    other = build_plan(
        niche="Cooking",
        slots=_report(BEST),
        lengths=[],
        recommendations=[],
        cadence=Cadence(3, "x"),
        now=NOW,
    )
    assert not {i.uid for i in other.items} & {i.uid for i in first.items}


def test_the_window_is_elapsed_time_across_a_clock_change() -> None:
    now = datetime(2025, 3, 26, 2, 30, tzinfo=ZoneInfo(PARIS))  # clocks go forward on Sunday 30 March
    every_night = {(d, 0): _passing(0.2) for d in range(7)} | {(d, 1): _passing(0.15) for d in range(7)}
    plan = _plan(_report(every_night), posts=14, weeks=1, now=now)
    since, until = now.astimezone(UTC), now.astimezone(UTC) + timedelta(weeks=1)
    assert plan.items and all(since <= i.start.astimezone(UTC) < until for i in plan.items)
    assert {i.start.hour for i in plan.items if i.slot.band == 1} == {3}  # 03:00 exists on the 30th
    assert plan.until.astimezone(UTC) == until


def test_a_start_the_clock_skips_is_the_time_it_shows_after_the_jump() -> None:
    santiago = ZoneInfo("America/Santiago")  # clocks went from 24:00 on 7 September 2024 to 01:00
    assert wall_time(date(2024, 9, 8), 0, santiago) == datetime(2024, 9, 8, 1, tzinfo=santiago)
    assert wall_time(date(2024, 9, 9), 0, santiago).hour == 0


def test_the_calendar_reads_back_with_the_zones_tzid_and_the_plans_events() -> None:
    plan = _plan(_report(BEST), posts=3, weeks=2)
    calendar = Calendar.from_ical(plan_calendar(plan))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [i.uid for i in plan.items]
    assert [tz.tz_name for tz in calendar.timezones] == [PARIS]
    for event, item in zip(events, plan.items, strict=True):
        assert event["DTSTART"].params["TZID"] == PARIS
        assert event["DTSTART"].dt == item.start and event["DTSTART"].dt.hour == item.slot.start_hour
        assert event["DTEND"].dt == item.end
        assert event["DTSTAMP"].dt == NOW.astimezone(UTC)
        assert str(event["SUMMARY"]) == plan.title
        assert item.why in str(event["DESCRIPTION"])


def test_a_plan_needs_an_aware_now_and_one_time_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        _plan(_report(BEST), now=NOW.replace(tzinfo=None))
    with pytest.raises(CompassError, match="one time zone"):
        _plan(_report(BEST, timezone="each creator's own time zone"))


def test_a_plan_from_a_generated_niche_posts_in_its_planted_day() -> None:
    spec = NicheSpec(
        name="fitness",
        n_creators=60,
        videos_per_creator=(30, 150),
        seed=11,
        effects=PlantedEffects(weekday={4: 1.5}),
    )
    frame = generated(spec)
    analysis = analyze(frame, you=str(frame.creators["handle"].iloc[0]), tz="America/New_York")
    plan = plan_from_analysis(analysis, niche="fitness", now=NOW)
    assert plan.timezone == "America/New_York" and plan.items
    assert all(i.start.tzinfo == ZoneInfo("America/New_York") for i in plan.items)
    assert plan.cadence.source.startswith("your own cadence")
    assert any(i.slot.weekday == 4 and i.basis in (SLOT, DAY_OR_HOUR) for i in plan.items)

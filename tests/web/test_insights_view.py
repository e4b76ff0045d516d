"""The Insights page's reading of a digest: its headline figures, the insights by scope, the leaderboard
downloads and the creators clicked on the cadence chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd

from compass.analytics import analyze
from compass.analytics.config import InsightConfig
from compass.analytics.digest import LEADERBOARD_COLUMNS, Digest, digest_of
from compass.analytics.slots import BANDS_PER_DAY, N_SLOTS, PASSES, TOO_FEW, Evidence, Slot, SlotReport
from compass.synthetic import NicheSpec, PlantedEffects
from compass.web.charts import CREATOR_SELECTION
from compass.web.insights_view import (
    TimeCard,
    best_times,
    headline,
    insights_by_scope,
    kind_title,
    leaderboard_table,
    selected_creators,
)
from tests.analytics.helpers import generated
from tests.web.digest_parts import NO_SLOTS

NOW = datetime(2025, 6, 1, tzinfo=UTC)
EMPTY = pd.DataFrame()


def digest(insights: list[dict[str, object]], leaderboard: pd.DataFrame = EMPTY) -> Digest:
    return Digest("UTC", None, {}, EMPTY, insights, NO_SLOTS, (), leaderboard, [], NOW)


def insight(scope: str, effect: float, text: str) -> dict[str, object]:
    return {"scope": scope, "effect": effect, "text": text}


def test_the_headline_figures_read_as_themselves_and_a_missing_median_is_a_dash() -> None:
    summary = {"median_views": 12345.6, "engagement_rate": 0.0512, "videos_per_week": None, "outliers": 1234}
    shown = {f.label: f.value for f in headline(summary)}
    assert shown == {
        "Median views": "12,346",
        "Engagement": "5.1%",
        "Videos per week": "–",
        "Viral videos": "1,234",
    }


def test_insights_are_grouped_by_scope_in_a_fixed_order_with_their_direction() -> None:
    grouped = insights_by_scope(
        digest(
            [
                insight("you", 0.2, "Your Tuesdays"),
                insight("niche", -0.1, "Long videos"),
                insight("niche", 0.3, "Questions"),
            ]
        )
    )
    assert grouped == [
        ("Every creator compared with itself", ["▼ Long videos", "▲ Questions"]),
        ("Your own videos", ["▲ Your Tuesdays"]),
    ]
    assert insights_by_scope(digest([])) == []


def test_a_leaderboard_download_is_one_kind_best_first_without_the_chart_column() -> None:
    rows = [
        ("hashtag", "#a", 0.1, 0.0, 0.2, 40, 400, 5, 0.2, "hidden"),
        ("sound", "tune", 0.5, 0.3, 0.7, 50, 500, 6, 0.01, "shown"),
        ("hashtag", "#b", 0.4, 0.2, 0.6, 60, 600, 7, 0.01, "shown"),
    ]
    table = leaderboard_table(digest([], pd.DataFrame(rows, columns=list(LEADERBOARD_COLUMNS))), "hashtag")
    assert list(table["group"]) == ["#b", "#a"]
    assert "shown" not in table.columns and "kind" not in table.columns
    assert kind_title("hashtag")


def test_the_creators_clicked_on_the_cadence_chart_narrow_the_table() -> None:
    metrics = pd.DataFrame({"handle": ["a", "b", "c"], "percentile": [10.0, 90.0, 50.0]})
    assert list(selected_creators(metrics, None)["handle"]) == ["b", "c", "a"]
    assert list(selected_creators(metrics, {"selection": {}})["handle"]) == ["b", "c", "a"]
    clicked = {"selection": {CREATOR_SELECTION: [{"handle": "a"}, {"handle": "c"}]}}
    assert list(selected_creators(metrics, clicked)["handle"]) == ["c", "a"]


def test_the_creators_table_leaves_out_columns_nobody_has() -> None:
    """ "growth / 30 d" once read None on every row of a niche collected once."""
    metrics = pd.DataFrame(
        {"handle": ["a", "b"], "percentile": [10.0, 90.0], "follower_growth": [None, None]}, dtype=object
    )
    assert list(selected_creators(metrics, None).columns) == ["handle", "percentile"]


def _planted_digest(timezone: str, effects: PlantedEffects) -> Digest:
    frame = generated(
        NicheSpec(
            n_creators=40,
            videos_per_creator=(60, 100),
            start=NOW - timedelta(days=200),
            end=NOW,
            seed=5,
            effects=effects,
        )
    )
    return digest_of(analyze(frame, tz=timezone), timezone=timezone)


def test_the_best_time_card_names_the_slot_in_the_users_zone_with_its_evidence() -> None:
    """Tuesday 18-21h UTC is Wednesday 03-06h in Tokyo: the card says so, with n and the interval."""
    tuesday_evening = PlantedEffects(weekday={1: 1.5}, hour={18: 1.5, 19: 1.5, 20: 1.5})
    times = best_times(_planted_digest("Asia/Tokyo", tuesday_evening))
    assert times.timezone == "Asia/Tokyo" and "Asia/Tokyo" in times.note
    first = times.cards[0]
    assert first.when == "Wednesday 03-06h"
    assert first.effect.startswith("+") and first.effect.endswith("% views")
    assert first.detail.startswith("likely +") and " videos vs " in first.detail
    assert "creators" in first.detail


def _report(days: dict[int, Evidence]) -> SlotReport:
    """Every slot below the bar; the weekdays in ``days`` with their evidence, the rest too few."""
    too_few = Evidence(0.05, -0.4, 0.5, 12, 3000, 9, float("nan"), float("nan"), TOO_FEW)
    slots = tuple(Slot(i // BANDS_PER_DAY, i % BANDS_PER_DAY, too_few) for i in range(N_SLOTS))
    week = tuple(days.get(d, too_few) for d in range(7))
    return SlotReport("UTC", slots, (), week, (too_few,) * BANDS_PER_DAY, InsightConfig())


def test_without_a_passing_slot_the_card_says_why_and_offers_the_days_that_pass() -> None:
    """A weekday lift spread over eight hour bands is often too thin per slot, while the day passes."""
    tuesday = Evidence(0.24, 0.12, 0.37, 400, 6800, 20, 1e-6, 1e-5, PASSES)
    friday = Evidence(-0.2, -0.3, -0.1, 400, 6800, 20, 1e-6, 1e-5, PASSES)  # passes, but with fewer views
    times = best_times(replace(digest([]), slots=_report({1: tuesday, 4: friday})))
    assert times.note.startswith("No weekly slot stands out (UTC)") and "Taken on their own" in times.note
    detail = "likely +12% to +37%; 400 videos vs 6,800 from 20 creators"
    assert times.cards == (TimeCard("Tuesday, any time", "+24% views", detail),)


def test_no_card_at_all_when_nothing_passes_says_so() -> None:
    times = best_times(replace(digest([]), slots=_report({})))
    assert times.cards == () and times.note.startswith("No weekly slot stands out (UTC): 0 of 56 slots")
    assert "Taken on their own" not in times.note

"""The Insights page's reading of a digest: its headline figures, the insights by scope, the leaderboard
downloads and the creators clicked on the cadence chart."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from compass.analytics.digest import LEADERBOARD_COLUMNS, Digest
from compass.web.charts import CREATOR_SELECTION
from compass.web.insights_view import (
    headline,
    insights_by_scope,
    kind_title,
    leaderboard_table,
    selected_creators,
)

NOW = datetime(2025, 6, 1, tzinfo=UTC)
EMPTY = pd.DataFrame()


def digest(insights: list[dict[str, object]], leaderboard: pd.DataFrame = EMPTY) -> Digest:
    return Digest("UTC", None, {}, EMPTY, insights, EMPTY, EMPTY, leaderboard, [], NOW)


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

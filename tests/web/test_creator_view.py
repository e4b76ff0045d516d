"""The Creator page's videos: timed in the user's zone, counted by weekday and hour there, narrowed to a
brushed period and a caption text, and listed with links; and the charts drawn from them."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from compass.web import creator_charts
from compass.web.creator_view import (
    PERIOD,
    TABLE_COLUMNS,
    Period,
    chart_tables,
    filter_note,
    in_period,
    in_zone,
    matching,
    posting_counts,
    selected_period,
    video_csv,
    video_table,
)
from compass.web.formats import video_columns

MONDAY_LATE = datetime(2025, 6, 2, 23, 30, tzinfo=UTC)  # a Monday, 23:30 UTC


def videos(*posted: datetime, **columns: list[object]) -> pd.DataFrame:
    """Rows shaped like ``compass.catalog.creator_videos``, one per posting time."""
    n = len(posted)
    frame = pd.DataFrame(
        {
            "tiktok_id": [str(7_000_000_000_000_000_000 + i) for i in range(n)],
            "posted_at": pd.to_datetime(list(posted), utc=True),
            "caption": [f"video {i}" for i in range(n)],
            "views": pd.array([1000.0 * (i + 1) for i in range(n)], dtype="Float64"),
            "likes": pd.array([10.4] * n, dtype="Float64"),
            "comments": pd.array([1.0] * n, dtype="Float64"),
            "shares": pd.array([0.0] * n, dtype="Float64"),
            "saves": pd.array([2.0] * n, dtype="Float64"),
            "engagement_rate": pd.array([0.01] * n, dtype="Float64"),
            "relative_views": pd.array([1.0] * n, dtype="Float64"),
            "outlier": [False] * n,
            "duration_s": [30] * n,
            "sound": ["original sound"] * n,
            "cover_url": [f"https://example.com/{i}.jpg" for i in range(n)],
            "hashtags": [""] * n,
        }
    )
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_a_video_posted_monday_late_in_utc_counts_as_tuesday_morning_in_tokyo() -> None:
    local = in_zone(videos(MONDAY_LATE), "Asia/Tokyo")
    assert local.loc[0, "weekday"] == "Tuesday" and local.loc[0, "hour"] == 8
    assert local.loc[0, "posted"] == pd.Timestamp("2025-06-03 08:30", tz="Asia/Tokyo")
    assert local.loc[0, "posted_at"] == pd.Timestamp(MONDAY_LATE)  # the instant itself is kept, in UTC
    cells = posting_counts(local)
    assert cells.to_dict("records") == [{"weekday": "Tuesday", "hour": 8, "videos": 1}]


def test_the_heatmap_counts_each_weekday_and_hour_of_the_zone_once_per_video() -> None:
    local = in_zone(videos(MONDAY_LATE, MONDAY_LATE, datetime(2025, 6, 2, 10, tzinfo=UTC)), "UTC")
    cells = posting_counts(local).set_index(["weekday", "hour"])["videos"]
    assert cells.to_dict() == {("Monday", 10): 1, ("Monday", 23): 2}


def test_counts_are_whole_numbers_and_a_count_tiktok_did_not_show_stays_empty() -> None:
    local = in_zone(videos(MONDAY_LATE, MONDAY_LATE, saves=pd.array([2.0, None], dtype="Float64")), "UTC")
    assert str(local["likes"].dtype) == "Int64" and local["likes"].tolist() == [10, 10]
    assert local["saves"].iloc[0] == 2 and local["saves"].isna().iloc[1]


def test_a_creator_without_videos_stays_an_empty_table() -> None:
    empty = videos().assign(posted_at=pd.Series([], dtype=object))
    assert in_zone(empty, "Europe/Paris").empty


def test_a_period_brushed_on_the_chart_is_read_from_its_epoch_milliseconds() -> None:
    start, end = datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 6, 3, tzinfo=UTC)
    event = {"selection": {PERIOD: {"posted": [start.timestamp() * 1000, end.timestamp() * 1000]}}}
    assert selected_period(event) == Period(pd.Timestamp(start), pd.Timestamp(end))


def test_no_brushed_period_selects_nothing() -> None:
    assert selected_period(None) is None
    assert selected_period({"selection": {}}) is None
    assert selected_period({"selection": {PERIOD: {}}}) is None


def test_a_period_keeps_only_the_videos_posted_inside_it_both_ends_included() -> None:
    days = [datetime(2025, 6, d, 12, tzinfo=UTC) for d in (1, 2, 3, 4)]
    local = in_zone(videos(*days), "Asia/Tokyo")
    kept = in_period(local, Period(pd.Timestamp(days[1]), pd.Timestamp(days[2])))
    assert kept["posted_at"].tolist() == [pd.Timestamp(d) for d in days[1:3]]


def test_the_caption_filter_matches_hashtags_and_captions_ignoring_case() -> None:
    local = videos(
        MONDAY_LATE,
        MONDAY_LATE,
        MONDAY_LATE,
        MONDAY_LATE,
        caption=["Leg day", None, "C++ for lifters", "rest"],
        hashtags=["#gym", "#FYP #gym", "", "#fyp"],
    )
    assert matching(local, "fyp")["hashtags"].tolist() == ["#FYP #gym", "#fyp"]
    assert matching(local, "LEG")["caption"].tolist() == ["Leg day"]
    assert matching(local, "c++")["caption"].tolist() == ["C++ for lifters"]  # the text, not a pattern
    assert len(matching(local, "")) == 4


def test_the_table_lists_the_columns_in_order_with_each_videos_link() -> None:
    local = in_zone(videos(MONDAY_LATE), "UTC")
    table = video_table(local, "someone")
    assert list(table.columns) == TABLE_COLUMNS
    assert table["link"].iloc[0] == f"https://www.tiktok.com/@someone/video/{local['tiktok_id'].iloc[0]}"
    csv = video_csv(table, "someone")
    assert "cover_url" not in csv.columns and csv["creator"].tolist() == ["someone"]


def test_the_views_chart_brushes_a_period_of_the_posting_times() -> None:
    spec = creator_charts.views_over_time(in_zone(videos(MONDAY_LATE), "UTC")).to_dict()
    assert spec["params"] == [{"name": PERIOD, "select": {"type": "interval", "encodings": ["x"]}}]
    assert spec["encoding"]["x"]["field"] == "posted"


def test_the_heatmap_draws_the_counts_of_the_zone_and_every_hour() -> None:
    local = in_zone(videos(MONDAY_LATE), "Asia/Tokyo")
    spec = creator_charts.posting_heatmap(posting_counts(local)).to_dict()
    (rows,) = spec["datasets"].values()
    assert rows == [{"weekday": "Tuesday", "hour": 8, "videos": 1}]
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(24))


def test_the_length_chart_leaves_out_videos_of_unknown_length() -> None:
    local = in_zone(videos(MONDAY_LATE, MONDAY_LATE, duration_s=[30, None]), "UTC")
    chart = creator_charts.length_scatter(chart_tables(local)["length-vs-views"])
    (rows,) = chart.to_dict()["datasets"].values()
    assert [row["duration_s"] for row in rows] == [30]


def test_every_column_setting_names_a_column_of_the_table() -> None:
    """A renamed column would otherwise lose its format (the covers, links and percent) without a sound."""
    assert set(video_columns()) <= set(TABLE_COLUMNS)


def test_without_covers_the_table_has_no_image_column() -> None:
    """A column of empty images once stood on every row of imported creators."""
    local = in_zone(videos(MONDAY_LATE, cover_url=[None]), "UTC")
    table = video_table(local, "someone")
    assert "cover_url" not in table.columns and list(table.columns) == TABLE_COLUMNS[1:]
    assert "cover_url" not in video_csv(table, "someone").columns


def test_the_filter_note_counts_after_every_filter() -> None:
    """A period and a text once said "Showing the 9 videos" above an empty table."""
    assert filter_note(0, 120, True, "gym") == (
        "Showing 0 of 120 videos: posted in the selected period, matching 'gym'."
    )
    assert filter_note(9, 120, True, "") == "Showing 9 of 120 videos: posted in the selected period."
    assert filter_note(120, 120, False, "") is None


def test_every_chart_has_its_data_to_download() -> None:
    local = in_zone(videos(MONDAY_LATE, MONDAY_LATE, duration_s=[30, None]), "Asia/Tokyo")
    tables = chart_tables(local)
    assert list(tables["views-over-time"].columns) == ["posted", "views", "relative_views", "outlier"]
    assert tables["when-they-post"].to_dict("records") == [{"weekday": "Tuesday", "hour": 8, "videos": 2}]
    assert tables["length-vs-views"]["duration_s"].tolist() == [30]


def _drawn_fields(node: object) -> set[str]:
    """Every column an encoding names: its fields, and the ``datum.x`` of a condition's test."""
    if isinstance(node, list):
        return set().union(*map(_drawn_fields, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    named = {node["field"]} if "field" in node else set()
    if isinstance(node.get("test"), str):
        named.add(node["test"].removeprefix("datum."))
    return named.union(*map(_drawn_fields, node.values()))


def test_a_chart_carries_only_the_columns_it_draws() -> None:
    """Each chart once sent every column of the videos to the browser, captions and cover links included."""
    local = in_zone(videos(MONDAY_LATE, duration_s=[30]), "UTC")
    lengths = chart_tables(local)["length-vs-views"]
    for chart in (creator_charts.views_over_time(local), creator_charts.length_scatter(lengths)):
        spec = chart.to_dict()
        (rows,) = spec["datasets"].values()
        assert set(rows[0]) == _drawn_fields(spec["encoding"])

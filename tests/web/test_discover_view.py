"""The Discover page's list: each member with the analysis' figures, the sidebar's filters over them, and
the pieces the page shows around it (seeds as typed, the latest discovery job, the coverage note)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from compass.analytics.digest import Digest
from compass.discovery.kind import DISCOVER_KIND
from compass.jobs.queue import JobView
from compass.web.discover_view import (
    SHOWN,
    SORTS,
    MemberFilters,
    compact,
    coverage_of,
    follower_ceiling,
    follower_steps,
    latest_discovery,
    member_named,
    member_rows,
    members_table,
    nearest_step,
    plural,
    seed_text,
    sorted_members,
)
from compass.web.formats import member_columns
from compass.workspace import MemberView, NicheView, SeedView
from tests.web.digest_parts import NO_SLOTS

NOW = datetime(2025, 6, 1, tzinfo=UTC)
NO_FILTER = MemberFilters((0, 10**9), 0.0, 0.0, 0, show_excluded=True)


def member(
    handle: str, followers: int | None = 1000, *, pinned: bool = False, excluded: bool = False
) -> MemberView:
    return MemberView(
        1, sum(map(ord, handle)), handle, None, followers, "search", "why", pinned, excluded, NOW
    )


def digest(metrics: list[dict[str, object]], thin: list[str] | None = None) -> Digest:
    summary = {"creators": len(metrics), "thinly_covered": thin or []}
    return Digest("UTC", None, summary, pd.DataFrame(metrics), [], NO_SLOTS, (), pd.DataFrame(), [], NOW)


def figures(handle: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "handle": handle,
        "videos": 40,
        "profile_videos": 80,
        "coverage": 0.5,
        "median_views": 5000.0,
        "engagement_rate": 0.05,
        "videos_per_week": 2.0,
        "days_since_post": 3.0,
        "percentile": 50.0,
        "consistency": 0.9,  # an analysis column the list does not show
    }
    return {**row, **values}


def test_members_carry_the_analysis_figures_and_videos_collected_of_the_profile_count() -> None:
    table = members_table(
        [member("a"), member("new")], digest([figures("a", videos=412, profile_videos=927)])
    )
    rows = table.set_index("handle")
    assert rows.loc["a", "median_views"] == 5000.0 and rows.loc["a", "collected"] == "412 of 927"
    assert pd.isna(rows.loc["new", "median_views"]) and rows.loc["new", "collected"] == ""
    assert "consistency" not in table.columns


def test_without_an_analysis_the_members_are_listed_with_empty_figures() -> None:
    table = members_table([member("a")], None)
    assert set(SHOWN) <= set(table.columns)
    assert table[["median_views", "percentile", "days_since_post"]].isna().all(axis=None)
    assert table["collected"].tolist() == [""]


def analysed(*rows: tuple[MemberView, dict[str, object]]) -> pd.DataFrame:
    return members_table([m for m, _ in rows], digest([f for _, f in rows]))


def test_the_filters_keep_the_members_inside_every_bound() -> None:
    table = analysed(
        (member("small", 500), figures("small")),
        (member("big", 50_000), figures("big")),
        (member("quiet", 5000), figures("quiet", engagement_rate=0.01)),
        (member("rare", 5000), figures("rare", videos_per_week=0.5)),
        (member("stale", 5000), figures("stale", days_since_post=90.0)),
        (member("fits", 5000), figures("fits")),
    )
    filters = MemberFilters((1000, 10_000), 2.0, 1.0, 30, show_excluded=False)
    assert filters.apply(table)["handle"].tolist() == ["fits"]
    assert len(NO_FILTER.apply(table)) == len(table)


def test_a_figure_the_analysis_lacks_counts_as_zero_but_fails_an_activity_filter() -> None:
    """``unknown``: not analysed yet, no followers shown on TikTok; ``silent``: no posting date known."""
    table = members_table(
        [member("unknown", None), member("silent")], digest([figures("silent", days_since_post=None)])
    )
    assert sorted(NO_FILTER.apply(table)["handle"]) == ["silent", "unknown"]
    assert MemberFilters((0, 0), 0.0, 0.0, 0, True).apply(table)["handle"].tolist() == ["unknown"]
    assert MemberFilters((0, 10**9), 0.5, 0.0, 0, True).apply(table)["handle"].tolist() == ["silent"]
    assert MemberFilters((0, 10**9), 0.0, 0.5, 0, True).apply(table)["handle"].tolist() == ["silent"]
    assert MemberFilters((0, 10**9), 0.0, 0.0, 3650, True).apply(table).empty


def test_excluded_members_show_only_when_asked() -> None:
    table = analysed((member("in"), figures("in")), (member("out", excluded=True), figures("out")))
    hidden = MemberFilters((0, 10**9), 0.0, 0.0, 0, show_excluded=False)
    assert hidden.apply(table)["handle"].tolist() == ["in"]
    assert NO_FILTER.apply(table)["handle"].tolist() == ["in", "out"]


def test_the_filters_live_in_the_url_under_their_old_names() -> None:
    filters = MemberFilters((10, 20), 2.5, 1.0, 14, show_excluded=True)
    assert filters.query() == {
        "fmin": "10",
        "fmax": "20",
        "er": "2.5",
        "vpw": "1.0",
        "active": "14",
        "excluded": "1",
    }


def test_the_followers_slider_reaches_the_largest_member_and_is_never_empty() -> None:
    assert follower_ceiling(members_table([member("a", 900), member("b", None)], None)) == 900
    assert follower_ceiling(members_table([member("a", None)], None)) == 1


def test_pinned_members_come_first_then_the_chosen_order() -> None:
    table = analysed(
        (member("low", 5_000), figures("low", percentile=10.0)),
        (member("high", 100), figures("high", percentile=90.0)),
        (member("pinned", 10, pinned=True), figures("pinned", percentile=5.0)),
        (member("unknown", None), figures("unknown", percentile=None)),
    )
    assert sorted_members(table, "percentile")["handle"].tolist() == ["pinned", "high", "low", "unknown"]
    assert sorted_members(table, "followers")["handle"].tolist() == ["pinned", "low", "high", "unknown"]
    assert sorted_members(table, "handle")["handle"].tolist() == ["pinned", "high", "low", "unknown"]
    assert sorted_members(table, "nonsense")["handle"].tolist() == ["pinned", "high", "low", "unknown"]
    assert set(SORTS) <= set(SHOWN)


def test_the_table_shows_whole_median_views_and_hides_columns_nobody_has() -> None:
    table = analysed(
        (member("a", None), figures("a", median_views=366_891.5)),
        (member("b", None), figures("b", median_views=10.0)),
    )
    rows = member_rows(sorted_members(table, "percentile"))
    assert set(rows["median_views"]) == {366_892.0, 10.0}
    assert "pinned" in rows.columns and "excluded" in rows.columns  # the toggles, even when all off
    assert [c for c in SHOWN if c not in rows.columns] == ["followers"]  # TikTok showed no one's


def test_the_follower_range_steps_1_2_5_per_power_of_ten_up_to_the_largest() -> None:
    assert follower_steps(11_492_409)[:8] == [0, 1, 2, 5, 10, 20, 50, 100]
    assert {10_000, 50_000, 10_000_000}.issubset(follower_steps(11_492_409))
    assert follower_steps(11_492_409)[-1] == 20_000_000  # the top stop reaches the largest creator
    assert follower_steps(1) == [0, 1] and follower_steps(900)[-1] == 1000
    assert nearest_step(follower_steps(900), 333) == 200
    assert [compact(n) for n in (950, 12_000, 1_500_000, 20_000_000)] == ["950", "12k", "1.5M", "20M"]


def test_counts_read_right_in_the_singular() -> None:
    assert plural(1, "creator") == "1 creator" and plural(1_204, "creator") == "1,204 creators"


def test_the_seed_fields_show_one_seed_a_line_of_their_kind() -> None:
    seeds = (SeedView("handle", "a"), SeedView("hashtag", "gym"), SeedView("handle", "b"))
    niche = NicheView(1, "Fitness", False, NOW, seeds, 0)
    assert seed_text(niche, "handle") == "a\nb" and seed_text(niche, "keyword") == ""


def job(job_id: int, kind: str, niche_id: int) -> JobView:
    created = NOW + timedelta(minutes=job_id)
    return JobView(
        job_id, kind, "", "done", 1, 3, 1, 1, None, None, created, None, None, {"niche_id": niche_id}
    )


def test_the_progress_follows_the_niches_newest_discovery() -> None:
    jobs = [
        job(4, "scrape.creator", 1),
        job(3, DISCOVER_KIND, 2),
        job(2, DISCOVER_KIND, 1),
        job(1, DISCOVER_KIND, 1),
    ]
    assert latest_discovery(jobs, 1) == jobs[2]
    assert latest_discovery(jobs, 9) is None


def test_the_coverage_note_names_thinly_covered_creators_of_an_analysis() -> None:
    assert coverage_of(None) is None and coverage_of(digest([figures("a")])) is None
    assert "@a" in (coverage_of(digest([figures("a")], thin=["a"])) or "")


def test_a_member_is_found_by_its_handle() -> None:
    members = [member("a"), member("b", pinned=True)]
    assert member_named(members, "b") is members[1]


def test_every_column_setting_names_a_column_of_the_list() -> None:
    """A renamed column would otherwise lose its header and help without a sound."""
    assert set(member_columns()) <= set(SHOWN)

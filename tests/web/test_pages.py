"""Every page runs under AppTest on a seeded workspace (the demo), without an exception, and shows
the values the data implies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.migrations import upgrade
from compass.workspace.users import local_user
from tests.web.apps import chosen_tab

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("app-data")
    engine = make_engine_for_url(f"sqlite:///{folder / 'compass.sqlite3'}", "test")
    upgrade(engine)
    summary = load_demo(engine, local_user(engine).id)
    assert summary.created
    engine.dispose()
    yield folder


@pytest.fixture
def page(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(workspace))
    st.cache_data.clear()
    st.cache_resource.clear()

    def open_page(path: str, **query: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / path), default_timeout=120)
        for key, value in query.items():
            app.query_params[key] = value
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


def markdown_text(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")  # markdown escapes dropped


CREATOR_TABS = ("Videos", "When they post", "Length against views", "Followers over time")
INSIGHTS_TABS = ("When to post", "Length", "Hashtags and sounds", "Cadence and you")


def chart_specs(app: AppTest) -> list[str]:
    """The Vega-Lite spec of each chart the run drew, as sent to the browser."""
    return [c.proto.spec for c in app.get("vega_lite_chart")]


def test_home_overview_shows_me_against_the_niche_and_latest_insights(page) -> None:  # type: ignore[no-untyped-def]
    app = page("app.py")
    labels = [m.label for m in app.metric]
    assert "Your median views" in labels and "Your views beat" in labels
    assert "Tuesday" in markdown_text(app)
    comparison = app.dataframe[0].value.set_index("figure")
    mine = next(m for m in app.metric if m.label == "Your median views").value
    assert comparison.loc["Median views", "you"] == mine
    assert comparison["where you stand"].dropna().between(0, 100).all()
    standing = next(m for m in app.metric if m.label == "Your views beat").value
    assert standing == f"{comparison.loc['Median views', 'where you stand']:.0f}%"
    assert comparison["where you stand"].notna().sum() >= 4  # growth needs two profile snapshots
    captions = " ".join(c.value for c in app.caption)
    assert "Your best next step" in markdown_text(app)
    # The gain is a range worded from its interval, never a "confidence 100%".
    assert "Expected gain in your typical views: likely" in captions or "could go either way" in captions
    assert "confidence" not in captions.lower()


def test_discover_lists_the_niche_creators_with_why(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/1_Discover.py")
    table = app.dataframe[0].value
    assert len(table) == 40 and {"handle", "reason", "median_views"} <= set(table.columns)
    assert table["median_views"].notna().all()


def test_discover_filters_live_in_the_url(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/1_Discover.py", vpw="3")
    table = app.dataframe[0].value
    assert 0 < len(table) < 40 and (table["videos_per_week"] >= 3).all()


def test_creator_page_shows_profile_charts_and_videos(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/1_Discover.py")
    handle = app.dataframe[0].value["handle"].iloc[0]
    creator = page("pages/2_Creator.py", handle=handle)
    assert any(m.label == "Followers" for m in creator.metric)
    assert [tab.label for tab in creator.tabs] == list(CREATOR_TABS)
    videos = creator.dataframe[0].value
    assert len(videos) > 0 and videos["views"].notna().all()
    # Views over time above the tabs; each tab's chart drawn only once it is chosen.
    drawn = {"Videos": chart_specs(creator)}
    for label in CREATOR_TABS[1:]:
        drawn[label] = chart_specs(chosen_tab(creator, "section", label))
        assert not creator.dataframe, label
    assert [len(specs) for specs in drawn.values()] == [1, 2, 2, 1]
    assert len({spec for specs in drawn.values() for spec in specs}) == 3
    # The demo holds one profile capture per creator: the followers tab says what the line needs.
    assert any("needs two collections" in info.value for info in creator.info)


def test_discover_and_creator_show_videos_collected_of_the_profile_count(page, workspace) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/1_Discover.py")
    table = app.dataframe[0].value
    assert table["collected"].str.fullmatch(r"[\d,]+ of [\d,]+").all()
    handle = table["handle"].iloc[0]
    creator = page("pages/2_Creator.py", handle=handle)
    collected = next(m for m in creator.metric if m.label == "Videos collected").value
    assert collected == table.set_index("handle").loc[handle, "collected"]


def test_creator_page_warns_when_a_creator_is_thinly_covered(page, workspace) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine_for_url(f"sqlite:///{workspace / 'compass.sqlite3'}", "test")
    handle = page("pages/1_Discover.py").dataframe[0].value["handle"].iloc[1]
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE creators SET video_count = video_count * 10 WHERE handle = :h"), {"h": handle}
        )
    try:
        creator = page("pages/2_Creator.py", handle=handle)
        assert "Thinly covered" in creator.warning[0].value and " of " in creator.warning[0].value
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE creators SET video_count = video_count / 10 WHERE handle = :h"), {"h": handle}
            )
        engine.dispose()


def test_creator_page_unknown_handle_says_what_to_do(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/2_Creator.py", handle="nobody.here")
    assert "not in the database yet" in app.warning[0].value


def test_insights_page_shows_the_planted_effects_with_numbers(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/3_Insights.py")
    text = markdown_text(app)
    assert "Tuesday" in text and "95% CI" in text
    assert [tab.label for tab in app.tabs] == list(INSIGHTS_TABS)


def test_insights_tabs_draw_only_the_chosen_tabs_charts(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/3_Insights.py")
    drawn = {"When to post": chart_specs(app)}
    for label in INSIGHTS_TABS[1:]:
        drawn[label] = chart_specs(chosen_tab(app, "section", label))
    assert [len(specs) for specs in drawn.values()] == [1, 1, 2, 1]  # hashtags and sounds: one chart each
    assert len({spec for specs in drawn.values() for spec in specs}) == 5
    assert "videos_per_week" in drawn["Cadence and you"][0] and "duration_band" in drawn["Length"][0]
    # The chosen tab is in the address: a link to it opens it.
    assert chart_specs(page("pages/3_Insights.py", section="Cadence and you")) == drawn["Cadence and you"]


def test_recommendations_page_ranks_cards_with_evidence(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/4_Recommendations.py")
    gains = [m.value for m in app.metric if m.label == "Expected gain"]
    assert gains and all(g.startswith(("likely ", "could go either way")) for g in gains)
    assert not any("confidence" in m.label.lower() for m in app.metric)
    assert "Examples from the leaders" in markdown_text(app)
    # Examples open the app's own Creator page, not tiktok.com (the demo's videos are generated).
    assert any(link.proto.label.startswith("@") for link in app.get("page_link")) or "@" in " ".join(
        c.value for c in app.caption
    )


def test_jobs_page_empty_state_says_what_to_do(page) -> None:  # type: ignore[no-untyped-def]
    app = page("pages/5_Jobs.py")
    assert any("No jobs yet" in info.value for info in app.info)


def test_every_page_lists_the_pages_with_home_called_home(page) -> None:  # type: ignore[no-untyped-def]
    """Streamlit's own list called the home page "app", after its file."""
    home = page("app.py")
    for app in (home, home.switch_page("pages/5_Jobs.py").run()):
        labels = [link.proto.label for link in app.get("page_link")]
        assert labels[:8] == [
            "Home",
            "Discover",
            "Creator",
            "Niche insights",
            "Recommendations",
            "Weekly plan",
            "Jobs",
            "Account",
        ]


def test_insights_benchmarks_are_the_medians_the_videos_imply(page, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    """Recomputed here from the stored videos with plain pandas, apart from the analytics engine."""
    import pandas as pd
    from sqlalchemy import select

    from compass.models import Creator, NicheMember, Video

    app = page("pages/3_Insights.py")
    engine = make_engine_for_url(f"sqlite:///{workspace / 'compass.sqlite3'}", "test")
    query = (
        select(Creator.handle, Video.views, Video.likes, Video.comments, Video.shares, Video.saves)
        .join(Video, Video.creator_id == Creator.id)
        .join(NicheMember, NicheMember.creator_id == Creator.id)
        .where(NicheMember.excluded.is_(False))
    )
    with engine.connect() as connection:
        videos = pd.DataFrame(
            connection.execute(query).all(),
            columns=["handle", "views", "likes", "comments", "shares", "saves"],
        )
    engine.dispose()
    videos["engagement"] = videos[["likes", "comments", "shares", "saves"]].sum(axis=1) / videos["views"]
    by_creator = videos.groupby("handle").median(numeric_only=True)
    shown = {m.label: m.value for m in app.metric}
    assert shown["Median views"] == f"{by_creator['views'].median():,.0f}"
    assert shown["Engagement"] == f"{by_creator['engagement'].median():.1%}"
    assert f"{videos['handle'].nunique()} creators · {len(videos):,} videos" in " ".join(
        c.value for c in app.caption
    )


def test_discover_filters_on_recent_activity(page) -> None:  # type: ignore[no-untyped-def]
    everyone = page("pages/1_Discover.py").dataframe[0].value
    days = everyone["days_since_post"]
    assert days.notna().all() and days.nunique() > 1
    cutoff = int(days.median())
    recent = page("pages/1_Discover.py", active=str(cutoff)).dataframe[0].value
    assert sorted(recent["handle"]) == sorted(everyone.loc[days <= cutoff, "handle"])
    assert 0 < len(recent) < len(everyone)


def test_recommendations_without_new_ones_point_to_the_leaders(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from compass.workspace.recommendations import dismiss, list_recommendations

    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    user = local_user(engine)
    load_demo(engine, user.id)
    for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.switch_page("pages/4_Recommendations.py").run()
    assert any(m.label == "Expected gain" for m in app.metric)
    for recommendation in list_recommendations(engine, user.id):
        dismiss(engine, user.id, recommendation.id)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("No new recommendation" in i.value for i in app.info)
    leaders = [link.proto.label for link in app.get("page_link") if link.proto.label.startswith("@")]
    assert len(leaders) >= 3
    alone = AppTest.from_file(str(ROOT / "pages/4_Recommendations.py"), default_timeout=120).run()
    assert not alone.exception, "a page run on its own, without the app's other pages, once raised here"
    assert any(leaders[0] in c.value for c in alone.caption)
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


HOSTILE = ["abc", "1e999", "-3", "99999999999", "nan", "inf", "", " ", "１２", "0x10", "%00", "<script>"]
PARAMETERS = {
    "pages/1_Discover.py": ["fmin", "fmax", "er", "vpw", "active", "excluded", "niche", "sort"],
    "pages/2_Creator.py": ["handle", "q", "section"],
    "pages/3_Insights.py": ["niche", "section"],
    "pages/4_Recommendations.py": ["niche"],
    "pages/5_Jobs.py": [],
    "pages/6_Plan.py": ["niche", "weeks"],
    "pages/9_Account.py": [],
    "app.py": [],
}


@pytest.mark.parametrize("path", sorted(PARAMETERS))
def test_every_page_takes_hostile_url_values_without_an_error(page, path: str) -> None:  # type: ignore[no-untyped-def]
    for name in PARAMETERS[path] or ["anything"]:
        for value in HOSTILE:
            page(path, **{name: value})  # the fixture fails on any exception the page shows


def test_url_numbers_are_clamped_or_dropped() -> None:
    from compass.web.widgets import number_from_url

    assert number_from_url("abc", 5, 0, 10) == 5 and number_from_url("1e999", 5, 0, 10) == 5
    assert number_from_url("-3", 5, 0, 10) == 0 and number_from_url("99999", 5, 0, 10) == 10
    assert number_from_url("nan", 5, 0, 10) == 5 and number_from_url(None, 5, 0, 10) == 5
    assert number_from_url("7.5", 5, 0, 10) == 7.5

"""The Home page's figures: yours against the niche's, each formatted as itself, "–" where unknown."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from compass.analytics.digest import Digest
from compass.analytics.metrics import METRIC_COLUMNS, niche_summary
from compass.web.home_view import comparison, comparison_rows, figure, niche_headline, your_headline
from tests.web.digest_parts import NO_SLOTS

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def creator(handle: str, views: float, engagement: float, cadence: float) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(METRIC_COLUMNS, float("nan"))
    row.update(
        handle=handle,
        videos=20,
        outliers=0,
        median_views=views,
        engagement_rate=engagement,
        videos_per_week=cadence,
        consistency=0.5,
        days_since_post=2.0,
        follower_growth=0.01,
    )
    return row


def digest(rows: list[dict[str, object]], you: str | None) -> Digest:
    metrics = pd.DataFrame(rows)
    return Digest("UTC", you, niche_summary(metrics), metrics, [], NO_SLOTS, (), pd.DataFrame(), [], NOW)


NICHE = [
    creator("me", 2000.0, 0.06, 3.0),
    creator("a", 1000.0, 0.04, 1.0),
    creator("b", 4000.0, 0.05, 2.0),
]


def test_a_figure_reads_as_itself_and_unknown_is_a_dash() -> None:
    assert figure("median_views", 12345.6) == "12,346"
    assert figure("engagement_rate", 0.0512) == "5.1%"
    assert figure("follower_growth", -0.02) == "-2.0%"
    assert figure("videos_per_week", float("nan")) == "–"


def test_your_headline_says_how_far_you_are_from_the_niche_median() -> None:
    shown = {h.label: h for h in your_headline(digest(NICHE, "me"))}
    views = shown["Your median views"]
    assert (views.value, views.delta) == ("2,000", "+0% vs niche")  # the niche median is yours here
    assert shown["Your engagement"].delta == "+1.0 pts vs niche"
    assert (
        shown["Your videos per week"].value == "3.0"
        and shown["Your videos per week"].delta == "+1.0 vs niche"
    )
    assert shown["Your views beat"].value == "50%"  # above a, below b
    assert shown["Your views beat"].delta == "of the niche's other creators" and shown["Your views beat"].note


def test_your_headline_has_no_delta_where_the_niche_has_no_figure() -> None:
    """Before: the delta was worked out before it was known to be wanted, and raised on a missing median."""
    silent = [{**row, "engagement_rate": float("nan")} for row in NICHE]
    shown = {h.label: h for h in your_headline(digest(silent, "me"))}
    assert shown["Your engagement"].value == "–" and shown["Your engagement"].delta is None
    assert shown["Your median views"].delta is not None


def test_the_niche_alone_shows_its_size_and_median() -> None:
    shown = [(h.label, h.value) for h in niche_headline(digest(NICHE, None))]
    assert shown == [("Niche median views", "2,000"), ("Creators", "3"), ("Videos", "60")]


def test_the_comparison_formats_each_figure_and_shows_the_middle_half_as_a_range() -> None:
    table = comparison(digest(NICHE, "me"))
    rows = comparison_rows(table).set_index("figure")
    views = rows.loc[table.set_index("metric").loc["median_views", "label"]]
    assert views["you"] == "2,000" and views["niche median"] == "2,500"
    assert views["niche middle half"] == "1,750 – 3,250"  # the other creators' 25th and 75th percentiles
    assert list(rows["where you stand"]) == list(table["standing"])

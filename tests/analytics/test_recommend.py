"""Recommendations: personal (the user against the niche's leaders), ranked, linked to their evidence."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from compass.analytics.engine import analyze
from compass.analytics.frame import frame_from_observations
from compass.analytics.recommend import recommend
from tests.analytics.helpers import T0, observation, video


def _tuesday_niche(user_share: float = 0.05, user_lift: float = 1.5, user_videos: int = 80, seed: int = 0):
    """30 creators whose Tuesday videos get 1.5x views; the 8 biggest post 40% of their videos on Tuesdays,
    the others 15%, the user ("me", small) ``user_share``."""
    rng = np.random.default_rng(seed)
    observations = []
    for c in range(31):
        me = c == 30
        share = user_share if me else (0.4 if c < 8 else 0.15)
        lift = user_lift if me else 1.5
        n = user_videos if me else 80
        baseline = np.exp(12 - 0.2 * c) if not me else np.exp(6)
        tuesday = rng.random(n) < share
        day = np.where(tuesday, 1, rng.choice([0, 2, 3, 4, 5, 6], n))
        week = rng.integers(0, 26, n)
        videos = []
        for d, w, t in zip(day, week, tuesday, strict=True):
            views = baseline * np.exp(rng.normal(0, 0.5)) * (lift if t else 1.0)
            posted = T0 + timedelta(days=int(7 * w + d), hours=int(rng.integers(8, 22)))
            videos.append(video(posted, int(views) + 1, likes=int(views * 0.1)))
        observations.append(observation("me" if me else f"creator{c:02d}", videos))
    return frame_from_observations(observations)


@pytest.fixture(scope="module")
def analysis():
    return analyze(_tuesday_niche(), you="me")


def test_recommend_user_posting_less_on_the_leaders_best_day_told_to_post_more(analysis):
    top = analysis.recommendations[0]
    assert (top.kind, top.group, top.direction) == ("weekday", "Tuesday", "more")
    assert top.title == "Post more on Tuesdays (UTC)"
    assert top.leaders_share > 0.3 and top.your_share < 0.15
    insight = analysis.report.find("weekday", "Tuesday")
    gap = top.leaders_share - top.your_share
    assert top.expected_gain == pytest.approx((1 + insight.effect) ** gap - 1)
    assert top.confidence == pytest.approx(1 - insight.q)
    assert "leaders have" in top.body and "you" in top.body


def test_recommend_ranked_by_expected_gain_times_confidence(analysis):
    scores = [r.score for r in analysis.recommendations]
    assert scores == sorted(scores, reverse=True)
    assert all(r.expected_gain > 0 and 0 < r.confidence <= 1 for r in analysis.recommendations)


def test_recommend_evidence_links_insight_and_leaders_example_videos(analysis):
    top = analysis.recommendations[0]
    evidence = top.evidence
    assert evidence["insight"]["kind"] == "weekday" and evidence["insight"]["group"] == "Tuesday"
    leaders = set(analysis.leader_handles)
    assert evidence["examples"] and {e["handle"] for e in evidence["examples"]} <= leaders
    frame_ids = set(analysis.features.videos["tiktok_id"])
    for example in evidence["examples"]:
        assert example["tiktok_id"] in frame_ids
        assert example["url"] == f"https://www.tiktok.com/@{example['handle']}/video/{example['tiktok_id']}"
    assert evidence["your_share"] == pytest.approx(top.your_share, abs=1e-4)
    assert top.to_json()["evidence"] is evidence


def test_recommend_user_already_doing_what_leaders_do_gets_no_such_recommendation():
    analysis = analyze(_tuesday_niche(user_share=0.45), you="me")
    assert analysis.report.find("weekday", "Tuesday") is not None
    assert not [r for r in analysis.recommendations if r.group == "Tuesday"]


def test_recommend_contradicted_by_users_own_videos_dropped():
    analysis = analyze(_tuesday_niche(user_share=0.15, user_lift=0.3, user_videos=300), you="me")
    mine = analysis.report.find("weekday", "Tuesday", scope="you")
    assert mine is not None and mine.effect < 0
    assert not [r for r in analysis.recommendations if r.group == "Tuesday"]


def test_recommend_without_leaders_returns_nothing(analysis):
    assert recommend(analysis.features, analysis.report, you=analysis.you, leaders=[]) == []
    assert recommend(analysis.features, analysis.report, you=analysis.you, leaders=[analysis.you]) == []


def test_analyze_without_user_makes_no_recommendations():
    assert analyze(_tuesday_niche()).recommendations == []

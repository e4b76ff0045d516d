"""Insights: each registered kind finds its planted effect; every insight carries n, effect, interval and q;
thin evidence and null data show nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from compass.analytics.engine import analyze
from compass.analytics.frame import frame_from_observations
from compass.analytics.insights import INSIGHT_KINDS, InsightConfig, group_mask
from compass.synthetic import NicheSpec, PlantedEffects
from tests.analytics.helpers import T0, generated, observation, video

MEDIUM = NicheSpec(name="fitness", n_creators=100, videos_per_creator=(30, 150), seed=303)

PLANTED = {
    "weekday": (PlantedEffects(weekday={1: 1.4}), "Tuesday", 1.4),
    "hour": (PlantedEffects(hour={18: 1.3, 19: 1.3, 20: 1.3}), "18-21h", 1.3),
    "duration": (PlantedEffects(long_video=(60, 0.75)), "over 60 s", 0.75),
    "hashtag": (PlantedEffects(hashtag={"gymtok": 1.3}), "#gymtok", 1.3),
    "sound": (PlantedEffects(original_sound=1.25), "original sound", 1.25),
    "hook": (PlantedEffects(question_hook=1.3), "question", 1.3),
}


def _cadence_niche(lift: float, seed: int = 1):
    """40 creators; a video posted over 3 days after the previous one gets ``lift`` times the views."""
    rng = np.random.default_rng(seed)
    observations = []
    for c in range(40):
        gaps = rng.choice([6, 30, 50, 100, 150], size=60, p=[0.2, 0.25, 0.2, 0.2, 0.15])
        posted = T0 + timedelta(hours=int(rng.integers(0, 24)))
        baseline = np.exp(rng.normal(8, 1.5))
        videos = []
        for gap in gaps:
            posted = posted + timedelta(hours=int(gap))
            views = baseline * np.exp(rng.normal(0, 0.8)) * (lift if gap > 72 else 1.0)
            videos.append(video(posted, int(views) + 1, likes=int(views * 0.1)))
        observations.append(observation(f"creator{c:02d}", videos))
    return frame_from_observations(observations)


def _frame(kind: str):
    if kind == "cadence":
        return _cadence_niche(1.4)
    effects = PLANTED[kind][0]
    return generated(replace(MEDIUM, effects=effects))


def test_insight_kinds_registry_complete_with_definitions():
    assert set(INSIGHT_KINDS) == {"weekday", "hour", "duration", "hashtag", "sound", "cadence", "hook"}
    for kind in INSIGHT_KINDS.values():
        assert kind.title and len(kind.definition) > 40
    assert set(PLANTED) | {"cadence"} == set(INSIGHT_KINDS)


@pytest.mark.parametrize("kind", sorted(INSIGHT_KINDS))
def test_insight_kind_planted_effect_found_with_its_size(kind):
    group, lift = (
        (PLANTED[kind][1], PLANTED[kind][2])
        if kind != "cadence"
        else ("over 3 days after the previous video", 1.4)
    )
    analysis = analyze(_frame(kind))
    insight = analysis.report.find(kind, group)
    assert insight is not None, analysis.report.tests.query("kind == @kind and scope == 'niche'")
    se = (np.log1p(insight.ci_high) - np.log1p(insight.ci_low)) / (2 * 1.96)
    assert abs(np.log1p(insight.effect) - np.log(lift)) < 3 * se
    assert insight.n >= 30 and insight.n_other >= 30 and insight.q <= 0.05


def test_insights_every_insight_carries_effect_interval_n_and_q():
    analysis = analyze(_frame("weekday"), you=None)
    assert analysis.report.insights
    for insight in analysis.report.insights:
        data = insight.to_json()
        for key in ("kind", "group", "text", "effect", "ci_low", "ci_high", "n", "q"):
            assert key in data
        assert data["ci_low"] <= data["effect"] <= data["ci_high"]
        assert data["n"] >= 30 and data["n_other"] >= 30 and 0 <= data["q"] <= 0.05
        assert f"{insight.n:,}" in insight.text and "95% CI" in insight.text and "q" in insight.text


def test_insights_text_states_direction_and_size():
    insight = analyze(_frame("weekday")).report.find("weekday", "Tuesday")
    assert insight.text.startswith(
        f"Videos posted on a Tuesday (UTC) get {insight.effect * 100:.0f}% more views"
    )
    assert "% more views than the same creators' other videos" in insight.text
    longer = analyze(_frame("duration")).report.find("duration", "over 60 s")
    assert "% fewer views" in longer.text


def test_insights_null_niche_shows_nothing():
    analysis = analyze(generated(MEDIUM), you=None)
    assert analysis.report.insights == []
    assert analysis.report.tests["q"].notna().sum() > 50


def test_insights_below_min_n_not_tested():
    config = InsightConfig(min_n=100_000)
    report = analyze(_frame("weekday"), config=config).report
    assert report.insights == [] and report.tests["q"].isna().all()
    assert set(report.tests["status"]) == {"too few videos"}


def test_insights_time_zone_moves_weekday_effect():
    frame = _frame("weekday")
    utc = analyze(frame).report.find("weekday", "Tuesday")
    tokyo = analyze(frame, tz="Asia/Tokyo").report
    tuesday = tokyo.tests.query("scope == 'niche' and kind == 'weekday' and group == 'Tuesday'")
    assert tuesday["effect"].iloc[0] < utc.effect - 0.1
    assert "(Asia/Tokyo)" in tokyo.tests.query("kind == 'weekday'")["phrase"].iloc[0]


def test_insights_your_own_videos_scope_found_for_strong_effect():
    spec = NicheSpec(
        name="fitness",
        n_creators=12,
        videos_per_creator=(250, 300),
        seed=5,
        effects=PlantedEffects(weekday={1: 2.0}),
    )
    frame = generated(spec)
    you = str(frame.creators["handle"].iloc[0])
    report = analyze(frame, you=you).report
    mine = report.find("weekday", "Tuesday", scope="you")
    assert mine is not None and mine.effect > 0.4 and mine.text.startswith("Your videos")
    assert mine.creators == 1


def test_insights_leaders_scope_tested_on_top_performers_only():
    analysis = analyze(_frame("weekday"))
    leaders = analysis.report.tests.query("scope == 'leaders'")
    assert len(leaders) and leaders["creators"].max() <= len(analysis.leaders)
    assert analysis.report.find("weekday", "Tuesday", scope="leaders") is not None


def test_insights_bootstrap_interval_close_to_analytic():
    frame = _frame("weekday")
    analytic = analyze(frame).report.find("weekday", "Tuesday")
    boot = analyze(frame, config=InsightConfig(interval="bootstrap", n_boot=400)).report.find(
        "weekday", "Tuesday"
    )
    assert boot.effect == pytest.approx(analytic.effect)
    assert boot.ci_low == pytest.approx(analytic.ci_low, abs=0.05)
    assert boot.ci_high == pytest.approx(analytic.ci_high, abs=0.05)


def test_group_mask_returns_group_and_valid_videos():
    features = analyze(_frame("hashtag")).features
    mask, valid = group_mask(features, "weekday", "Tuesday")
    assert (features.videos["weekday"].to_numpy()[mask] == 1).all() and valid.all()
    tagged, _ = group_mask(features, "hashtag", "#gymtok")
    assert 0 < tagged.mean() < 1
    with pytest.raises(KeyError):
        group_mask(features, "hashtag", "#neverused")

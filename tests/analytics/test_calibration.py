"""Validation on generated niches: planted effects of 20% are found in at least 90% of niches, and fewer
than 5% of niches with no effect yield any insight at all (every scope, every kind, one run each)."""

from __future__ import annotations

import numpy as np
import pytest

from compass.analytics.engine import analyze
from compass.analytics.frame import frame_from_observations
from compass.synthetic import NicheSpec, PlantedEffects, iter_niche

# (planted effects, the group that should stand out, the planted lift); every lift is +-20%
PLANTS = [
    (PlantedEffects(weekday={1: 1.2}), ("weekday", "Tuesday"), 1.2),
    (PlantedEffects(long_video=(60, 0.8)), ("duration", "over 60 s"), 0.8),
    (PlantedEffects(hashtag={"gymtok": 1.2}), ("hashtag", "#gymtok"), 1.2),
    (PlantedEffects(original_sound=1.2), ("sound", "original sound"), 1.2),
    (PlantedEffects(question_hook=1.2), ("hook", "question"), 1.2),
    (PlantedEffects(hour={18: 1.2, 19: 1.2, 20: 1.2}), ("hour", "18-21h"), 1.2),
    (PlantedEffects(weekday={6: 0.8}), ("weekday", "Sunday"), 0.8),
    (PlantedEffects(hashtag={"fyp": 0.8}), ("hashtag", "#fyp"), 0.8),
]
EFFECT_NICHES = 48  # 100 creators with 30-150 videos each (~7,000 videos), 6 per planted effect
NULL_NICHES = 100  # 30 creators with 20-100 videos each (~1,500 videos)


def _analysis(spec: NicheSpec):
    frame = frame_from_observations(iter_niche(spec, spec.end))
    you = str(frame.creators["handle"].iloc[int(np.argmax(np.bincount(frame.videos["creator"])))])
    return analyze(frame, you=you)


@pytest.mark.slow
def test_planted_effects_of_20_percent_found_in_90_percent_of_niches():
    found, ratios = 0, []
    for seed in range(EFFECT_NICHES):
        effects, (kind, group), lift = PLANTS[seed % len(PLANTS)]
        spec = NicheSpec(
            name="fitness", n_creators=100, videos_per_creator=(30, 150), seed=2000 + seed, effects=effects
        )
        report = _analysis(spec).report
        insight = report.find(kind, group)
        found += insight is not None and np.sign(insight.effect) == np.sign(lift - 1)
        tested = report.tests.query("scope == 'niche' and kind == @kind and group == @group")
        assert tested["n"].iloc[0] >= 30 and tested["n_other"].iloc[0] >= 30
        ratios.append((1 + tested["effect"].iloc[0]) / lift)
    assert found / EFFECT_NICHES >= 0.9
    assert np.mean(ratios) == pytest.approx(1.0, abs=0.03)  # unbiased: estimates centre on the planted lift


@pytest.mark.slow
def test_null_niches_fewer_than_5_percent_yield_any_insight():
    with_insight = 0
    for seed in range(NULL_NICHES):
        spec = NicheSpec(name="fitness", n_creators=30, videos_per_creator=(20, 100), seed=1000 + seed)
        with_insight += bool(_analysis(spec).report.insights)
    assert with_insight / NULL_NICHES < 0.05

"""Settings of an insight run: thresholds, interval method, who the niche's leaders are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class InsightConfig:
    min_n: int = 30  # videos in each arm, below which a group is not tested
    min_creators: int = 3  # creators with videos in both arms (niche and leaders scopes)
    alpha: float = 0.05  # largest q shown
    min_effect: float = 0.10  # smallest |effect| shown
    max_hashtags: int = 30  # the niche's most used hashtags tested
    confidence: float = 0.95
    interval: Literal["analytic", "bootstrap"] = "analytic"
    n_boot: int = 999
    seed: int = 0
    leader_share: float = 0.25  # the top quarter of the niche's creators by median views ...
    leader_min_videos: int = 10  # ... among those with at least 10 videos
    min_leaders: int = 3  # the "leaders" scope needs at least 3 of them

"""The analytics engine's entry point: a loaded frame in, features, metrics, insights and recommendations out.

Loading (``frame.load_frame``) is separate, so the same analysis runs on a database niche, on generated
observations and in the benchmark.

    frame = load_frame(engine, Selection(niche_id=3))
    analysis = analyze(frame, you="@me", tz="Europe/Paris")
    print(analysis.to_json())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from compass.analytics.features import Features, TimeZone, video_features
from compass.analytics.frame import NicheFrame
from compass.analytics.insights import InsightConfig, InsightReport, compute_insights
from compass.analytics.metrics import creator_metrics, select_leaders
from compass.analytics.recommend import Recommendation, recommend


@dataclass(frozen=True)
class Analysis:
    features: Features
    metrics: pd.DataFrame
    leaders: np.ndarray  # creator codes of the niche's top performers
    you: int | None  # the user's creator code
    report: InsightReport
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def leader_handles(self) -> list[str]:
        return [str(h) for h in self.features.creators["handle"].to_numpy()[self.leaders]]

    def to_json(self) -> dict[str, Any]:
        return {
            "insights": [i.to_json() for i in self.report.insights],
            "recommendations": [r.to_json() for r in self.recommendations],
        }


def analyze(
    frame: NicheFrame, *, you: str | None = None, tz: TimeZone = "UTC", config: InsightConfig | None = None
) -> Analysis:
    """The full run. ``you``: the user's handle, one of the frame's creators (recommendations need it);
    ``tz``: the zone timing is read in, one IANA name or handle -> zone."""
    config = config or InsightConfig()
    you_code = frame.creator_code(you) if you else None
    features = video_features(frame, tz)
    metrics = creator_metrics(frame, features)
    leaders = select_leaders(
        metrics,
        share=config.leader_share,
        min_videos=config.leader_min_videos,
        minimum=config.min_leaders,
        exclude=you_code,
    )
    report = compute_insights(features, you=you_code, leaders=leaders, config=config)
    recommendations = (
        recommend(features, report, you=you_code, leaders=leaders) if you_code is not None else []
    )
    return Analysis(features, metrics, leaders, you_code, report, recommendations)

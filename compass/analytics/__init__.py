"""The analytics engine: per-video features, creator and niche metrics, creator-normalized insights with
effect sizes, intervals and multiple-comparison control, recommendations and their tracked outcomes.

    frame = frame_from_observations(observations)   # or compass.reanalysis.load.load_frame(engine, ...)
    analysis = analyze(frame, you="@me", tz="UTC")
    analysis.metrics, analysis.report.insights, analysis.recommendations

Every number is defined in ``definitions`` (METRICS, VIDEO_FEATURES, EFFECT); every insight kind is
registered in ``insights.INSIGHT_KINDS``. Saved recommendations live in ``compass.workspace.recommendations``.
"""

from compass.analytics.config import InsightConfig
from compass.analytics.definitions import EFFECT, METRICS, VIDEO_FEATURES, Definition
from compass.analytics.engine import Analysis, analyze
from compass.analytics.features import Features, video_features
from compass.analytics.frame import NicheFrame, frame_from_observations
from compass.analytics.insights import (
    INSIGHT_KINDS,
    Insight,
    InsightKind,
    InsightReport,
    compute_insights,
    group_mask,
)
from compass.analytics.metrics import creator_metrics, metrics_json, niche_summary, select_leaders
from compass.analytics.recommend import Recommendation, recommend
from compass.analytics.tracking import Outcome, trial_outcome

__all__ = [
    "EFFECT",
    "INSIGHT_KINDS",
    "METRICS",
    "VIDEO_FEATURES",
    "Analysis",
    "Definition",
    "Features",
    "Insight",
    "InsightConfig",
    "InsightKind",
    "InsightReport",
    "NicheFrame",
    "Outcome",
    "Recommendation",
    "analyze",
    "compute_insights",
    "creator_metrics",
    "frame_from_observations",
    "group_mask",
    "metrics_json",
    "niche_summary",
    "recommend",
    "select_leaders",
    "trial_outcome",
    "video_features",
]

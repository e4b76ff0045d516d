"""A niche's analysis as the tables analysts export: one per name, in a fixed column order, each column
with its definition, and the times the data was collected.

    table = niche_table("posting-times", analysis, frame, timezone="America/New_York")
    table.frame            # what the CSV holds: header on line 1, one row per record
    table.definitions      # column -> what it means, for the companion file

Column names stay machine-readable (``median_views``) so scripts can rely on them; what each means
goes beside the file, never inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from compass.analytics.definitions import METRICS, OUTLIER_RATIO
from compass.analytics.digest import Digest, digest_of
from compass.analytics.engine import Analysis
from compass.analytics.frame import NicheFrame

EFFECT = "views against the same creators' other videos: +0.25 means 25% more"
COLUMN_DEFINITIONS: dict[str, str] = {
    **{key: d.formula for key, d in METRICS.items()},
    "creator": "the creator's TikTok handle",
    "handle": "the creator's TikTok handle",
    "video_id": "TikTok's id of the video",
    "posted": "when the video was posted, in the time zone named beside the file",
    "views": "views when the video was collected",
    "likes": "likes when the video was collected",
    "comments": "comments when the video was collected",
    "shares": "shares when the video was collected",
    "saves": "saves (bookmarks) when the video was collected",
    "relative_views": "views / the creator's median views",
    "outlier": f"views at least {OUTLIER_RATIO:g}x the creator's median",
    "duration_s": "length in seconds (empty: unknown, or a photo post)",
    "collected": "when the video's numbers were collected (UTC)",
    "url": "the video on TikTok",
    "link": "the video on TikTok",
    "caption": "the video's caption, as posted",
    "sound": "the video's sound: its title and author",
    "hashtags": "the hashtags of the caption, space-separated",
    "nickname": "the creator's display name on TikTok",
    "niche_id": "the app's id of the niche",
    "creator_id": "the app's id of the creator",
    "source": "how the creator joined the niche: seed, discovery, manual, import",
    "reason": "why discovery suggested the creator",
    "pinned": "kept at the top of the niche by you",
    "excluded": "left out of the niche's analysis by you",
    "added_at": "when the creator joined the niche (UTC)",
    "weekday": "day of the week the videos were posted, in the time zone named beside the file",
    "hour": "hour of the day (0-23) the videos were posted, in the time zone named beside the file",
    "hours": "the block of hours the videos were posted in, in the time zone named beside the file",
    "videos": "videos in the group",
    "duration_band": "length band of the videos",
    "group": "the hashtag or sound",
    "kind": "what was compared: a posting day or hour, a length, a hashtag, a sound, a caption hook...",
    "scope": "niche: every creator against itself; leaders: the top performers; you: your own videos",
    "text": "the insight in words",
    "effect": EFFECT,
    "ci_low": "lower end of the 95% confidence interval of the effect",
    "ci_high": "upper end of the 95% confidence interval of the effect",
    "n": "videos in the group",
    "n_other": "the same creators' other videos it is compared with",
    "creators": "creators with videos in the group",
    "p": "p-value of the effect (two-sided, before the multiple-comparison correction)",
    "q": "Benjamini-Hochberg q-value over every test of the analysis",
    "status": "shown: passed the evidence bar (n >= 30 per group, q <= 0.05, |effect| >= 10%)",
}


@dataclass(frozen=True)
class Table:
    name: str
    frame: pd.DataFrame
    definitions: Mapping[str, str]
    collected: tuple[datetime, datetime] | None = None  # first and last collection of the data, UTC
    context: Mapping[str, str] = field(default_factory=dict)  # what selected the rows: niche, zone...


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), UTC)


def collection_span(frame: NicheFrame) -> tuple[datetime, datetime] | None:
    captured = frame.videos["captured_s"].dropna()
    return (_utc(captured.min()), _utc(captured.max())) if len(captured) else None


def _videos(analysis: Analysis, frame: NicheFrame, timezone: str) -> pd.DataFrame:
    videos, features = frame.videos, analysis.features.videos
    handles = frame.creators["handle"].to_numpy()[videos["creator"].to_numpy()]
    tags = pd.Series(
        frame.tag_names[frame.hashtags["tag"].to_numpy()], index=frame.hashtags["video"].to_numpy()
    )
    hashtags = tags.groupby(level=0).agg(" ".join).reindex(range(len(videos)), fill_value="")
    counts = {c: videos[c].round().astype("Int64") for c in ("views", "likes", "comments", "shares", "saves")}
    return pd.DataFrame(
        {
            "creator": handles,
            "video_id": videos["tiktok_id"].astype(str).to_numpy(),
            "posted": pd.to_datetime(videos["posted_s"], unit="s", utc=True).dt.tz_convert(timezone),
            **counts,
            "engagement_rate": features["engagement_rate"].to_numpy(),
            "relative_views": features["rel_views"].to_numpy(),
            "outlier": features["rel_views"].to_numpy() >= OUTLIER_RATIO,
            "duration_s": videos["duration_s"].to_numpy(),
            "hashtags": hashtags.to_numpy(),
            "collected": pd.to_datetime(videos["captured_s"], unit="s", utc=True),
            "url": [
                f"https://www.tiktok.com/@{h}/video/{i}"
                for h, i in zip(handles, videos["tiktok_id"], strict=True)
            ],
        }
    ).sort_values(["creator", "posted"], ignore_index=True)


def _leaderboard(digest: Digest, kind: str) -> pd.DataFrame:
    rows = digest.leaderboard[digest.leaderboard["kind"] == kind].drop(columns=["kind"])
    return rows.sort_values("effect", ascending=False, ignore_index=True)


_BUILDERS: dict[str, Callable[[Analysis, NicheFrame, Digest], pd.DataFrame]] = {
    "creators": lambda a, f, d: d.metrics.sort_values("percentile", ascending=False, ignore_index=True),
    "videos": lambda a, f, d: _videos(a, f, d.timezone),
    "insights": lambda a, f, d: pd.DataFrame(
        d.insights,
        columns=[
            "scope",
            "kind",
            "group",
            "text",
            "effect",
            "ci_low",
            "ci_high",
            "n",
            "n_other",
            "creators",
            "q",
        ],
    ),
    "posting-times": lambda a, f, d: d.posting_times,
    "lengths": lambda a, f, d: d.lengths,
    "hashtags": lambda a, f, d: _leaderboard(d, "hashtag"),
    "sounds": lambda a, f, d: _leaderboard(d, "sound"),
}
TABLES = tuple(_BUILDERS)


def niche_table(name: str, analysis: Analysis, frame: NicheFrame, *, timezone: str) -> Table:
    """The table ``name`` (one of :data:`TABLES`) of an analysis of ``frame`` made in ``timezone``."""
    if name not in _BUILDERS:
        raise KeyError(name)
    digest = digest_of(analysis, timezone=timezone)
    rows = _BUILDERS[name](analysis, frame, digest)
    definitions = {c: COLUMN_DEFINITIONS[c] for c in rows.columns if c in COLUMN_DEFINITIONS}
    return Table(name, rows.reset_index(drop=True), definitions, collection_span(frame))

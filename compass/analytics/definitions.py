"""Every number the app shows, defined once: its formula and what it means, as users read it.

The pages and the CLI list these registries; nothing else spells a formula. Thresholds that shape a
definition (the outlier ratio, the duration bands...) live here too, so that the text and the
computation cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# --- Parameters of the definitions -------------------------------------------------------------
OUTLIER_RATIO = 5.0  # a video is an outlier ("viral") at 5x its creator's median views or more
RISING_WINDOW_DAYS = 7  # a sound is rising when the niche used it more in the last 7 days ...
RISING_MIN_USES = 3  # ... at least 3 times, and more often than in the 7 days before
LONG_CAPTION_CHARS = 100
DURATION_EDGES = (15, 30, 60)  # bands: 0-15 s, 16-30 s, 31-60 s, over 60 s (plus photo posts)
HOUR_BAND_HOURS = 3  # 00-03h, 03-06h, ... 21-24h
CADENCE_EDGES_H = (24, 72)  # gaps: under 24 h, 1-3 days, over 3 days since the previous video
HASHTAG_COUNT_EDGES = (0, 3, 6)  # bands: none, 1-3, 4-6, 7 or more
IMPERATIVE_VERBS = (
    "stop",
    "try",
    "watch",
    "don't",
    "dont",
    "do",
    "never",
    "save",
    "make",
    "get",
    "learn",
    "use",
    "check",
    "follow",
    "tag",
    "let's",
    "lets",
    "look",
    "wait",
    "start",
    "avoid",
    "read",
    "listen",
    "remember",
    "grab",
    "skip",
    "swap",
    "add",
    "take",
    "keep",
    "go",
    "come",
    "meet",
    "steal",
    "comment",
    "share",
    "tell",
    "drop",
)


@dataclass(frozen=True)
class Definition:
    """One metric or feature: how it is computed (``formula``) and what it tells (``description``)."""

    key: str
    label: str
    formula: str
    description: str

    def text(self) -> str:
        return f"{self.label} = {self.formula}. {self.description}"


def _d(key: str, label: str, formula: str, description: str) -> Definition:
    return Definition(key, label, formula, description)


ENGAGEMENT_RATE = _d(
    "engagement_rate",
    "Engagement rate (per view)",
    "(likes + comments + shares + saves) / views",
    "Of the people who watched, how many interacted. A count the source does not report (older exports "
    "have no saves) adds nothing; a video with no known views has no rate.",
)


def interactions(counts: np.ndarray) -> np.ndarray:
    """Per video, likes + comments + shares + saves (the columns of ``counts``, NaN where unknown):
    an unknown count adds nothing; a video with none known has no interactions (NaN), not zero."""
    known = ~np.isnan(counts)
    return np.where(known.any(axis=1), np.where(known, counts, 0).sum(axis=1), np.nan)


def engagement_rate(views: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """:data:`ENGAGEMENT_RATE` per video: interactions / views; NaN without known views above 0."""
    return rate_of_interactions(interactions(counts), views)


def rate_of_interactions(video_interactions: np.ndarray, views: np.ndarray) -> np.ndarray:
    """:func:`engagement_rate` from the videos' :func:`interactions`, for a caller that has them."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(views > 0, video_interactions / views, np.nan)


def is_outlier(relative_views: np.ndarray) -> np.ndarray:
    """A video's views are at least :data:`OUTLIER_RATIO` times its creator's median."""
    return np.nan_to_num(relative_views, nan=0.0) >= OUTLIER_RATIO


ENGAGEMENT_RATE_FOLLOWERS = _d(
    "engagement_rate_followers",
    "Engagement rate (per follower)",
    "(likes + comments + shares + saves) / followers",
    "Interactions relative to audience size. Followers are the latest count collected, not the count "
    "when the video was posted.",
)

VIDEO_FEATURES: dict[str, Definition] = {
    d.key: d
    for d in (
        _d(
            "views",
            "Views",
            "views (plays) at the latest collection",
            "Younger videos have had less time to grow.",
        ),
        ENGAGEMENT_RATE,
        ENGAGEMENT_RATE_FOLLOWERS,
        _d(
            "rel_views",
            "Views vs own median",
            "views / median views of the same creator's videos",
            "The fair way to compare videos of creators of different sizes: 2.0 = twice the creator's usual.",
        ),
        _d(
            "hour",
            "Posting hour",
            "hour of posted_at in the chosen time zone (UTC unless one is given)",
            f"Grouped in {HOUR_BAND_HOURS}-hour bands for insights.",
        ),
        _d("weekday", "Posting weekday", "weekday of posted_at in the chosen time zone", "Monday to Sunday."),
        _d(
            "duration_band",
            "Duration band",
            "duration in seconds, banded: 0-15 s, 16-30 s, 31-60 s, over 60 s",
            "Photo posts form their own band; unknown durations are left out.",
        ),
        _d(
            "hashtag_count",
            "Hashtag count",
            "number of distinct hashtags on the video",
            "Banded: none, 1-3, 4-6, 7 or more.",
        ),
        _d(
            "sound_original",
            "Original sound",
            "the video uses its creator's own sound",
            "From the source's flag; a sound titled 'original sound ...' (TikTok's name for a creator's own "
            "audio) counts as original when the source has no flag.",
        ),
        _d(
            "sound_rising",
            "Rising sound",
            f"a reused sound that the niche used at least {RISING_MIN_USES} times "
            f"in the {RISING_WINDOW_DAYS} days "
            f"before the video, and more often than in the {RISING_WINDOW_DAYS} days before that",
            "Compared only with other reused sounds.",
        ),
        _d(
            "caption_len",
            "Caption length",
            "characters of the caption, hashtags removed",
            f"A caption over {LONG_CAPTION_CHARS} characters counts as long.",
        ),
        _d(
            "hook_question",
            "Question hook",
            "the caption's first sentence (up to . ! ? line break or #) ends with ?",
            "'Did you know this about creatine?'",
        ),
        _d(
            "hook_number",
            "Number hook",
            "the caption starts with a number",
            "'3 ways to ...', '30 days of ...'",
        ),
        _d(
            "hook_imperative",
            "Imperative hook",
            "the caption's first word is a command verb",
            "stop, try, watch, don't, never, save, make, ... (the full list is in the app's definitions).",
        ),
        _d("hook_emoji", "Emoji", "the caption holds at least one emoji", ""),
        _d("hook_pov", "POV hook", "the caption starts with 'POV'", ""),
        _d("hashtags_only", "Hashtags only", "the caption holds hashtags but no words", ""),
        _d(
            "gap_before_h",
            "Gap before",
            "hours since the same creator's previous video",
            "Banded for insights: under 24 h, 1-3 days, over 3 days. "
            "A creator's first collected video has none.",
        ),
        _d(
            "videos_prev_7d",
            "Videos in the week before",
            "the creator's videos posted in the 7 days before this one",
            "",
        ),
    )
}

THIN_COVERAGE = 0.5  # below this share of the profile's videos collected, a creator is thinly covered

METRICS: dict[str, Definition] = {
    d.key: d
    for d in (
        _d("videos", "Videos", "number of the creator's videos collected", ""),
        _d("profile_videos", "Videos on the profile", "the video count the creator's profile shows", ""),
        _d(
            "coverage",
            "Coverage",
            "videos collected / videos the profile shows",
            "How much of the creator's history the figures rest on. "
            f"Under {THIN_COVERAGE:.0%} the creator is thinly covered: "
            "scrape it again before trusting its figures.",
        ),
        _d(
            "median_views",
            "Median views",
            "median of views over the creator's videos",
            "The typical video; unlike the mean, one viral video barely moves it.",
        ),
        _d(
            "engagement_rate",
            "Engagement rate",
            "median over the creator's videos of (likes + comments + shares + saves) / views",
            ENGAGEMENT_RATE.description,
        ),
        _d(
            "engagement_rate_followers",
            "Engagement per follower",
            "median over the creator's videos of (likes + comments + shares + saves) / followers",
            ENGAGEMENT_RATE_FOLLOWERS.description,
        ),
        _d(
            "videos_per_week",
            "Videos per week",
            "(videos - 1) / (days from the first to the latest collected video / 7)",
            "Posting cadence over the collected period; one gap per pair of consecutive videos. "
            "Needs 2 videos.",
        ),
        _d(
            "consistency",
            "Consistency",
            "weeks with at least one video / weeks from the first to the latest video",
            "1.0 = posted every week; weeks are counted from the first collected video.",
        ),
        _d(
            "days_since_post",
            "Days since the last video",
            "days from the creator's latest collected video to their latest collection",
            "Recent activity, as of when the creator was last looked at (not as of today).",
        ),
        _d("followers", "Followers", "the latest follower count collected", ""),
        _d(
            "follower_growth",
            "Follower growth (30 days)",
            "(followers at the last snapshot / followers at the first - 1) * 30 / days between them",
            "Relative growth per 30 days from the profile snapshots; "
            "needs two snapshots a day or more apart.",
        ),
        _d(
            "outliers",
            "Outlier videos",
            f"videos with views >= {OUTLIER_RATIO:g} x the creator's median views",
            "The creator's 'viral' hits.",
        ),
        _d(
            "percentile",
            "Niche percentile",
            "share of the niche's creators whose median views are lower (ties count half), in %",
            "Where the creator stands in the niche: 90 = better than 90% of it.",
        ),
    )
}

EFFECT = _d(
    "effect",
    "Effect",
    "exp(weighted mean over creators of "
    "[mean log(1 + views) in the group - mean log(1 + views) outside it]) - 1, "
    "each creator weighted by n_in * n_out / (n_in + n_out)",
    "How much more (or fewer) views videos in the group get than the same creators' other videos: "
    "each creator "
    "is compared with itself, so big and small creators, and creators who do something more often, are "
    "compared fairly. +0.40 = 40% more views. The 95% interval comes from the larger of two standard errors: "
    "a cluster-robust one (creators as clusters) and a model-based one; p-values are corrected for the many "
    "groups tested in one run with Benjamini-Hochberg (q). An insight is shown when both groups hold enough "
    "videos, q <= 0.05 and the effect is at least 10%.",
)

VIDEO_FEATURE_KEYS = tuple(VIDEO_FEATURES)
METRIC_KEYS = tuple(METRICS)

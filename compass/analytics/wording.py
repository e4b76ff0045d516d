"""How sure an estimate is, said in words from its interval, never as a "confidence 100%".

A 95% interval that excludes no change reads "likely +2% to +9%"; one that straddles it says the change
could go either way. The plan, the calendar and the pages word every effect with these functions, so that
the same numbers always read the same.

    evidence_sentence("Videos posted on Tuesdays", 0.24, 0.12, 0.37, n=140, n_other=6800, creators=60)
    # 'Videos posted on Tuesdays get 24% more views than the same creators' other videos
    #  (likely +12% to +37%; 140 videos vs 6,800 from 60 creators).'
"""

from __future__ import annotations

import math

from compass.analytics.config import InsightConfig
from compass.analytics.insights import percent

SAME_CREATORS = "the same creators' other videos"


def likely_range(ci_low: float, ci_high: float) -> str:
    """The interval in words: "likely +2% to +9%" when it excludes no change, else that it could go
    either way."""
    if not (math.isfinite(ci_low) and math.isfinite(ci_high)):
        return "no estimate"
    span = f"{percent(ci_low)} to {percent(ci_high)}"
    if ci_low > 0 or ci_high < 0:
        return f"likely {span}"
    return f"could go either way, {span}"


def effect_words(effect: float) -> str:
    """The effect as the change in views: "24% more views", "12% fewer views"."""
    if not math.isfinite(effect):
        return "no estimate of the views"
    return f"{percent(effect, signed=False)} {'more' if effect >= 0 else 'fewer'} views"


def sample_words(n: int, n_other: int, creators: int | None = None) -> str:
    """The videos in the group and those they are compared with: "140 videos vs 6,800 from 60 creators"."""
    who = f" from {creators:,} creator{'s' if creators != 1 else ''}" if creators is not None else ""
    return f"{n:,} videos vs {n_other:,}{who}"


def evidence_sentence(
    subject: str,
    effect: float,
    ci_low: float,
    ci_high: float,
    *,
    n: int,
    n_other: int,
    creators: int | None = None,
    baseline: str = SAME_CREATORS,
) -> str:
    """One sentence naming the evidence: "{subject} get 24% more views than {baseline} (likely +12% to
    +37%; 140 videos vs 6,800 from 60 creators)"."""
    return (
        f"{subject} get {effect_words(effect)} than {baseline} "
        f"({likely_range(ci_low, ci_high)}; {sample_words(n, n_other, creators)})."
    )


def evidence_bar(config: InsightConfig) -> str:
    """What an effect needs to be shown, in one phrase."""
    return (
        f"at least {config.min_n} videos in the group and {config.min_n} to compare with, "
        f"q <= {config.alpha:g} (Benjamini-Hochberg) and an effect of {config.min_effect:.0%} or more"
    )

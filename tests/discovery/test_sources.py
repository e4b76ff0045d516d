"""The discovery's one-line result names each failed source, and a reason shared by several once."""

from __future__ import annotations

from compass.discovery.sources import SourceReport, sources_summary

SIGNED_IN = "TikTok shows this only to signed-in visitors: set COMPASS_TIKTOK_COOKIES to use a session."


def test_sources_failing_for_one_reason_are_named_together_with_it_once() -> None:
    reports = [
        SourceReport("#gym", error=SIGNED_IN),
        SourceReport("search 'gym'", found=4),
        SourceReport("#fitness", error=SIGNED_IN),
        SourceReport("sound Lonely Nights", error="the page did not load"),
        SourceReport("mentions in captions", skipped="no captions yet"),
    ]
    assert sources_summary(reports) == (
        f"could not read #gym, #fitness ({SIGNED_IN}); sound Lonely Nights (the page did not load); "
        "skipped mentions in captions (no captions yet)"
    )
    assert sources_summary([SourceReport("#gym", found=3)]) == ""

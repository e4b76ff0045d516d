"""Where discovery looked, and what each source gave: a line of the job's result per source.

A source that fails (TikTok refused a hashtag page, the network is down) is reported with its
sentence; the other sources still count, and the discovery succeeds with what they found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceReport:
    name: str  # "#gymtok", "sound original sound - Ana", "search 'gym'", "mentions in captions"...
    found: int = 0  # creators it suggested
    error: str | None = None  # why it could not be read
    skipped: str | None = None  # why it was not tried

    @property
    def ok(self) -> bool:
        return self.error is None and self.skipped is None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.name, "found": self.found, "error": self.error, "skipped": self.skipped}

    def __str__(self) -> str:
        if self.error:
            return f"{self.name}: {self.error}"
        if self.skipped:
            return f"{self.name}: skipped, {self.skipped}"
        return f"{self.name}: {self.found} creators"


def _by_reason(names_and_reasons: list[tuple[str, str]]) -> list[str]:
    """ "#a, #b (reason)": sources that failed for the same reason named together, the reason said once."""
    grouped: dict[str, list[str]] = {}
    for name, reason in names_and_reasons:
        grouped.setdefault(reason, []).append(name)
    return [f"{', '.join(names)} ({reason})" for reason, names in grouped.items()]


def sources_summary(reports: list[SourceReport]) -> str:
    """ "could not read #fyp, #gym (...); skipped search 'gym' (...)" for the job's one-line result."""
    failed = _by_reason([(r.name, r.error) for r in reports if r.error])
    skipped = _by_reason([(r.name, r.skipped) for r in reports if r.skipped])
    parts = []
    if failed:
        parts.append("could not read " + "; ".join(failed))
    if skipped:
        parts.append("skipped " + "; ".join(skipped))
    return "; ".join(parts)

"""What an ingest did: added, updated, unchanged and skipped, as the CLI and the app report it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class IngestReport:
    creators_added: int = 0
    creators_updated: int = 0
    videos_added: int = 0
    videos_updated: int = 0
    videos_unchanged: int = 0
    video_snapshots: int = 0
    profile_snapshots: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def merge(self, other: IngestReport) -> None:
        for counter in fields(self):
            if counter.name != "skipped":
                setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))
        self.skipped.extend(other.skipped)

    def to_json(self) -> dict[str, Any]:
        return {
            "creators": {"added": self.creators_added, "updated": self.creators_updated},
            "videos": {
                "added": self.videos_added,
                "updated": self.videos_updated,
                "unchanged": self.videos_unchanged,
            },
            "snapshots": self.video_snapshots + self.profile_snapshots,
            "video_snapshots": self.video_snapshots,
            "profile_snapshots": self.profile_snapshots,
            "skipped": self.skipped,
        }

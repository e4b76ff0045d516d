"""Each niche's analysis, computed in the background when its data changes and stored for the pages.

status = digest_status(engine, user, niche_id)      # None: never analysed
is_current(engine, status.basis, niche_id, settings)  # False once newer data of its creators lands
compute_digest(engine, user, niche_id)                # what the scheduler's "analyze.niche" job runs
read_digest(engine, user, niche_id)                   # the Digest the pages draw
"""

from compass.reanalysis.basis import Basis, basis_now, is_current
from compass.reanalysis.compute import compute_digest, niche_video_count
from compass.workspace.digests import DigestStatus, digest_status, read_digest

__all__ = [
    "Basis",
    "DigestStatus",
    "basis_now",
    "compute_digest",
    "digest_status",
    "is_current",
    "niche_video_count",
    "read_digest",
]

"""Keeping each niche's stored analysis current: computed in the background when its data changes.

- ``load``: a niche's frame read from the database (one query per table, COPY on PostgreSQL).
- ``cache``: each niche's tables kept between analyses, so that a change reads only the changed creators.
- ``basis``: which data a digest was computed from, and whether newer data has landed since.
- ``compute``: load, analyse as the owner sees the niche, store (``compass.workspace.digests``).
- ``kind``: the scheduler's "analyze.niche" job and the upkeep that queues it.

    status = digest_status(engine, user, niche_id)        # compass.workspace.digests; None: never analysed
    is_current(engine, status.basis, niche_id, settings)  # False once newer data of its creators lands
    compute_digest(engine, user, niche_id)                # what the "analyze.niche" job runs
"""

"""Browsing TikTok: the browser, a paced session, profiles and listings, outcomes, job kinds.

A walk goes one way: ``browser`` (Selenium, the only module that touches it) -> ``session``
(pacing, retries, failures in words) -> ``profiles`` / ``listings`` (what to fetch, in which
order) -> ``run`` (one ingest into the database). Reading what a page holds is
``compass.tiktok``'s, never this package's.
"""

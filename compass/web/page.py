"""Every page's one-call opening: the page's config, the sign-in gate, the user's settings and, for a
niche page, the chosen niche and its analysis.

A page opened by its URL runs without ``app.py``, so the gate runs here, first, before anything is
drawn. A page that cannot go on (nobody signed in, no niche yet, a niche without videos) is stopped
here with a message that says what to do next, so page scripts hold only their own screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from compass.analytics.digest import Digest
from compass.web import data
from compass.web.gate import SignedInUser, require_user
from compass.web.navigation import Page
from compass.web.runtime import engine, start_page
from compass.web.widgets import niche_picker, no_niche_yet
from compass.workspace import NicheView, UserSettings, get_settings

NO_VIDEOS_YET = (
    "This niche has no videos yet. Run discovery on the **Discover** page, or queue scrapes on **Jobs**."
)


@dataclass(frozen=True)
class Visit:
    """Who is looking, as they set themselves up: the signed-in user and their settings."""

    user: SignedInUser
    settings: UserSettings


@dataclass(frozen=True)
class NicheVisit(Visit):
    """A visit to one of the user's niches that has videos, with its current analysis."""

    niche: NicheView
    digest: Digest


def open_page(page: Page) -> Visit:
    """Config, gate and settings; stops the page (showing the sign-in) when nobody is signed in."""
    start_page(page)
    user = require_user()
    return Visit(user, get_settings(engine(), user))


def open_niche_page(page: Page, *, title: str | None = None, no_videos: str = NO_VIDEOS_YET) -> NicheVisit:
    """``open_page``, the page's title, then the niche picker and the niche's analysis. Stops the page
    with what to do next when the user has no niche, or the niche no videos yet."""
    visit = open_page(page)
    st.title(title or page.title)
    niche = niche_picker(visit.user)
    if niche is None:
        no_niche_yet()
        st.stop()
    digest = data.niche_digest(visit.user, niche.id, visit.settings)
    if digest is None:
        st.info(no_videos)
        st.stop()
    return NicheVisit(visit.user, visit.settings, niche, digest)

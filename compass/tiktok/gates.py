"""The login wall: what TikTok shows a signed-out visitor instead of more of a page.

Since 2026 a signed-out visitor sees a profile's first videos, then TikTok's "Log in to TikTok"
modal, and nothing more loads; user search shows the modal at once. The modal is
``<div id="loginContainer" data-e2e="login-modal">``. (Captcha and verify challenges are found by
``page_json.has_challenge_markup``.)
"""

from __future__ import annotations

import re

# For a browser's querySelector: the wall's container.
LOGIN_WALL_SELECTOR = '#loginContainer, [data-e2e="login-modal"]'

_LOGIN_WALL = re.compile(
    r"""<div\b[^>]*\s(?:id\s*=\s*["']loginContainer["']|data-e2e\s*=\s*["']login-modal["'])"""
)


def has_login_wall(html: str) -> bool:
    """True when the page renders TikTok's login modal."""
    return _LOGIN_WALL.search(html) is not None

"""Find the JSON a TikTok page carries, without parsing the page's DOM.

TikTok's server HTML (and a browser's rendered page source) embeds the page state in one
``<script type="application/json">`` per era:

* ``__UNIVERSAL_DATA_FOR_REHYDRATION__`` (2024-26): ``{"__DEFAULT_SCOPE__": {"webapp.*": ...}}``
* ``SIGI_STATE`` (2022-24): ``{"UserModule": ..., "ItemModule": ..., "ItemList": ...}``
* ``__NEXT_DATA__`` (2020-21): ``{"props": {"pageProps": ...}}``

A page may carry more than one (2023 SIGI pages also hold a rehydration blob with only the
app context): every blob found is returned and the era finders decide which one holds data.
The script tags are located with one compiled regex and ``str.find``; only their bodies are
given to ``json.loads``.

The same eras can also arrive as bare JSON documents (a blob saved on its own): see
:func:`blobs_from_document`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

UNIVERSAL = "__UNIVERSAL_DATA_FOR_REHYDRATION__"
SIGI = "SIGI_STATE"
NEXT_DATA = "__NEXT_DATA__"
SCRIPT_IDS = (UNIVERSAL, SIGI, NEXT_DATA)

_SCRIPT_OPEN = re.compile(
    r"<script\b[^>]*?\sid\s*=\s*[\"']?(" + "|".join(map(re.escape, SCRIPT_IDS)) + r")(?=[\"'\s>])[^>]*>"
)

# The containers TikTok's challenge (captcha / verify / WAF) pages render. Matched as attribute
# values of elements, never as page text: normal pages contain the word "captcha" and
# "This account is private" as interface strings (the i18n dictionary ships with every page).
# Located with str.find on lower-case markers (TikTok writes these names in lower case), then
# checked with small regexes around each hit: a scan of the whole page with one regex is slow.
_CHALLENGE_MARKERS = ("captcha", "verify-ele", "verify-wrap", "_wafchallengeid")
_CHALLENGE_NAME = re.compile(
    r"captcha[-_](?:verify|container)|secsdk-captcha|verify-(?:ele|wrap)\b|(_wafchallengeid)"
)
_INSIDE_ID_OR_CLASS = re.compile(r"""\s(?:id|class)\s*=\s*["'][^"'<>]*$""")

# SIGI_STATE's top-level modules; a bare JSON document holding one of them is a SIGI blob.
_SIGI_KEYS = ("ItemModule", "UserModule", "UserPage", "VideoPage", "ItemList")


@dataclass(frozen=True, slots=True)
class PageData:
    """The JSON blobs of one page: script id -> parsed value; and the ones that failed."""

    blobs: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.blobs and not self.errors


def extract_page_json(html: str) -> PageData:
    """Every era's JSON script in ``html`` (first occurrence of each id), parsed."""
    blobs: dict[str, Any] = {}
    errors: dict[str, str] = {}
    pos = 0
    while True:
        start = html.find("<script", pos)
        if start < 0:
            break
        match = _SCRIPT_OPEN.match(html, start)
        if match is None:
            pos = start + 7
            continue
        script_id = match.group(1)
        body_start = match.end()
        body_end = html.find("</script>", body_start)
        if body_end < 0:
            body_end = len(html)
        pos = body_end
        if script_id in blobs or script_id in errors:
            continue
        try:
            blobs[script_id] = json.loads(html[body_start:body_end])
        except ValueError as exc:
            errors[script_id] = f"{script_id} holds malformed JSON: {exc}"
        except RecursionError:
            errors[script_id] = f"{script_id} holds JSON nested too deeply to read"
    return PageData(blobs, errors)


def blobs_from_document(document: Any) -> PageData | None:
    """A bare JSON document of a page era (the blob saved alone), or None for anything else."""
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("__DEFAULT_SCOPE__"), dict):
        return PageData({UNIVERSAL: document})
    if any(isinstance(document.get(key), dict) for key in _SIGI_KEYS):
        return PageData({SIGI: document})
    props = document.get("props")
    if isinstance(props, dict) and isinstance(props.get("pageProps"), dict):
        return PageData({NEXT_DATA: document})
    return None


def script_blob(html: str, script_id: str) -> Any | None:
    """The parsed JSON of ``<script id="script_id">`` (the first one), or None when absent or
    malformed. For the scripts of other pages than the three eras' (SIGI_STATE on a live page,
    ``__FRONTITY_CONNECT_STATE__`` on an embed)."""
    opening = re.compile(r"<script\b[^>]*?\sid\s*=\s*[\"']?" + re.escape(script_id) + r"(?=[\"'\s>])[^>]*>")
    match = opening.search(html)
    if match is None:
        return None
    end = html.find("</script>", match.end())
    try:
        return json.loads(html[match.end() : end if end >= 0 else len(html)])
    except (ValueError, RecursionError):
        return None


def canonical_url(page: PageData) -> str | None:
    """The page's own URL as its rehydration JSON names it (``seo.abtest.canonical``)."""
    scope = page.blobs.get(UNIVERSAL)
    scope = scope.get("__DEFAULT_SCOPE__") if isinstance(scope, dict) else None
    seo = scope.get("seo.abtest") if isinstance(scope, dict) else None
    canonical = seo.get("canonical") if isinstance(seo, dict) else None
    return canonical if isinstance(canonical, str) and canonical.strip() else None


def has_challenge_markup(html: str) -> bool:
    """True when the HTML renders a captcha / verify / WAF challenge container."""
    for marker in _CHALLENGE_MARKERS:
        pos = html.find(marker)
        while pos >= 0:
            name = _CHALLENGE_NAME.search(html, max(0, pos - 7), pos + 40)  # 7: "secsdk-"
            if name is not None and name.start() <= pos:
                if name.group(1):  # the WAF challenge script's token
                    return True
                if _INSIDE_ID_OR_CLASS.search(html, max(0, name.start() - 300), name.start()):
                    return True
            pos = html.find(marker, pos + 1)
    return False


def looks_like_json(text: str) -> bool:
    stripped = text.lstrip("\ufeff \t\r\n")
    return stripped[:1] in ("{", "[")

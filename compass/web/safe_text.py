"""Showing text that someone else wrote (captions, bios, nicknames, sound titles) as text, and only text.

Streamlit renders Markdown in ``st.write``, ``st.markdown``, ``st.caption``, titles, labels and
help texts, and HTML where ``unsafe_allow_html`` is set. Scraped text goes through these helpers:
:func:`text` shows it verbatim (``st.text``), :func:`md` escapes it for use inside a Markdown string
we write ourselves. Tables (``st.dataframe``) already show cells as text; never give scraped text
to a ``LinkColumn``, ``st.html`` or ``unsafe_allow_html``.
"""

from __future__ import annotations

import re

import streamlit as st

# CommonMark lets a backslash escape any ASCII punctuation: escaping all of it leaves no link, image,
# emphasis, HTML tag, entity, nor Streamlit directive (:color[...], :material/icon:, $math$).
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured autolinks (www.x, http://x, a@b.c) are found even through escapes; an invisible
# word joiner (U+2060) inside their trigger keeps them text.
_WORD_JOINER = "\u2060"
_AUTOLINK_TRIGGERS = (
    (re.compile(r"://"), ":" + _WORD_JOINER + "//"),
    (re.compile(r"(?i)\b(www)\."), r"\1" + _WORD_JOINER + "."),
    (re.compile(r"@"), _WORD_JOINER + "@"),
)


def md(value: object) -> str:
    """``value`` escaped so that Markdown shows it literally: no link, image, emphasis or HTML."""
    text = "" if value is None else str(value)
    for trigger, replacement in _AUTOLINK_TRIGGERS:
        text = trigger.sub(replacement, text)
    text = _ASCII_PUNCTUATION.sub(r"\\\1", text)
    # A line break in a caption must not start a heading or a list in the surrounding Markdown.
    return text.replace("\r", " ").replace("\n", "  \n")


def text(value: object) -> None:
    """Shows ``value`` verbatim, in the app's body font, with no interpretation at all."""
    st.text("" if value is None else str(value))

"""Caption features: length and hooks (question, number, imperative, emoji, POV, hashtags only).

Vectorized with Arrow's RE2 regular expressions: a million captions take about a second. The frame
loader calls this once per batch of rows and keeps only the features, not the caption text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from compass.analytics.definitions import IMPERATIVE_VERBS, LONG_CAPTION_CHARS

HOOK_COLUMNS = (
    "hook_question",
    "hook_number",
    "hook_imperative",
    "hook_emoji",
    "hook_pov",
    "hashtags_only",
    "long_caption",
)
CAPTION_COLUMNS = ("caption_known", "caption_len", *HOOK_COLUMNS)

# First sentence = text before the first . ! ? line break or #; a question when it holds a word and ends in ?
_QUESTION = r"^[^.!?\n#\w]*\w[^.!?\n#]*\?"
_NUMBER = r"^\s*[0-9]"
_IMPERATIVE = r"^[^\w#]*(" + "|".join(v.replace("'", "['’]?") for v in IMPERATIVE_VERBS) + r")\b"
_POV = r"^[^\w#]*pov\b"
_EMOJI = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
_HASHTAG = r"#[^\s#]*"


def _flag(result: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool)


def caption_features(captions: Sequence[str | None] | pa.Array) -> dict[str, np.ndarray]:
    """One array per column of ``CAPTION_COLUMNS``; an unknown caption (None) is False everywhere and
    has length -1 (an empty caption is known: length 0)."""
    array = captions if isinstance(captions, pa.Array) else pa.array(list(captions), type=pa.string())
    if array.type != pa.string():
        array = array.cast(pa.string())
    known = _flag(pc.is_valid(array))
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(array, _HASHTAG, ""))
    length = np.asarray(pc.fill_null(pc.utf8_length(text), -1).to_numpy(zero_copy_only=False), dtype=np.int32)
    has_tag = _flag(pc.match_substring(array, "#"))
    has_word = _flag(pc.match_substring_regex(text, r"\w"))
    return {
        "caption_known": known,
        "caption_len": length,
        "hook_question": _flag(pc.match_substring_regex(array, _QUESTION)),
        "hook_number": _flag(pc.match_substring_regex(array, _NUMBER)),
        "hook_imperative": _flag(pc.match_substring_regex(array, _IMPERATIVE, ignore_case=True)),
        "hook_emoji": _flag(pc.match_substring_regex(array, _EMOJI)),
        "hook_pov": _flag(pc.match_substring_regex(array, _POV, ignore_case=True)),
        "hashtags_only": known & has_tag & ~has_word,
        "long_caption": length > LONG_CAPTION_CHARS,
    }

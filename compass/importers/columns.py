"""Which field a column (or a flattened JSON key) holds, from its name alone.

A column name is cut into words (``authorMeta/fans`` -> author, meta, fans; ``n_total_vids`` ->
n, total, vids; ``statsV2.playCount`` -> stats, v2, play, count). Its first word may name the
entity it describes: author/user/creator -> the creator, music/song/sound -> the sound,
video/vid/item/stats -> the video; the remaining words are looked up in that entity's names
(``vocabulary``), so ``author_id`` is the creator's id and ``music_id`` the sound's. A column without
such a prefix is looked up among the general names (video fields, plus the creator and sound
fields whose names say what they are: ``followers``, ``username``, ``song``). List elements
(``hashtags/0/name``, ``challenges.1.title``, ``contents.0.textExtra.2.hashtagName``) are hashtag
sources. Several columns may hold one field: the most exact one wins (``statsV2`` over ``stats``,
then vocabulary order, then file order), except hashtags, where every source is merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from compass.importers.advice import Option
from compass.importers.model import ImportFileError
from compass.importers.vocabulary import (
    AMBIGUOUS,
    DROPPED_WORDS,
    ENTITY_WORDS,
    FIELDS,
    GENERAL_NAMES,
    HASHTAG_LISTS,
    HASHTAG_NAMES,
    IGNORE,
    LISTS_IGNORED,
    NAMES,
    NOISE_AFTER_ENTITY,
    VIDEO,
)

_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")
_SEGMENT_RE = re.compile(r"[./]")
# mentions/0 and mentions/1 are reported once, as mentions/*
_INDEX_RE = re.compile(r"(?<=[./])\d+(?=[./]|$)")
_INDEX_COLUMN_RE = re.compile(r"^(?:|unnamed:?\s*\d+|index|level_\d+)$", re.IGNORECASE)


def _word(token: str) -> str:
    word = token.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    return word


def words(name: str) -> list[str]:
    """``authorStatsV2.followerCount`` -> ``['author', 'stat', 'v2', 'follower', 'count']``."""
    return [_word(t) for t in _WORD_RE.findall(name)]


def _key(tokens: Iterable[str]) -> str:
    kept = [t for t in tokens if t not in DROPPED_WORDS]
    if kept and kept[0] in ("is", "has") and len(kept) > 1:
        kept = kept[1:]
    return "".join(kept)


def _vocabulary(table: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, int]]:
    """``{field: [names, most exact first]}`` -> ``{key: (field, rank)}``, with ``...count`` forms."""
    vocab: dict[str, tuple[str, int]] = {}
    for name, synonyms in table.items():
        for rank, synonym in enumerate(synonyms):
            key = _key(words(synonym))
            for variant in (key, key + "count") if key else (key,):
                vocab.setdefault(variant, (name, rank))
    return vocab


_VOCAB = {entity: _vocabulary(names) for entity, names in NAMES.items()}
_GENERAL = {**_VOCAB[VIDEO], **_vocabulary(GENERAL_NAMES)}


@dataclass(frozen=True, slots=True)
class Recognition:
    """What one column holds: a field (with a rank: lower is more exact), or why it holds none."""

    field: str | None  # a FIELDS name; None when unknown or ambiguous
    rank: tuple[int, ...] = ()
    ambiguous: str | None = None  # the fields it could be


def _recognize_list(segments: list[str]) -> Recognition:
    """A list element: ``hashtags/0/name``, ``contents.0.textExtra.1.hashtagName``, ``mentions/0``."""
    path = [_key(words(s)) for s in segments if not s.isdigit()]
    indices = tuple(int(s) for s in segments if s.isdigit())
    for position, base in enumerate(path):
        if base in HASHTAG_LISTS:
            tail = path[position + 1 :]
            title = base == "challenge" and tail == ["title"]  # a challenge's title is its name
            named = len(tail) == 1 and tail[0] in HASHTAG_NAMES
            element = named or title or (not tail and segments[-1].isdigit())
            if not element:
                return Recognition(IGNORE)
            return Recognition("hashtags", (HASHTAG_LISTS[base] + (1 if position else 0), *indices))
    if path and path[0] in LISTS_IGNORED:
        return Recognition(IGNORE)
    return Recognition(None)


@lru_cache(maxsize=8192)
def recognize(column: str) -> Recognition:
    """The field ``column`` holds, from its name alone."""
    if _INDEX_COLUMN_RE.match(column.strip()):
        return Recognition(IGNORE)
    segments = [s for s in _SEGMENT_RE.split(column) if s]
    if any(s.isdigit() for s in segments):
        return _recognize_list(segments)
    tokens = words(column)
    if not tokens:
        return Recognition(None)
    exact = 0 if "v2" in tokens else 1  # statsV2 / authorStatsV2 hold exact counts; stats round them
    entity = ENTITY_WORDS.get(tokens[0])
    if entity is not None:
        rest = tokens[1:]
        while rest and rest[0] in NOISE_AFTER_ENTITY:
            rest = rest[1:]
        if entity != VIDEO:
            while rest and ENTITY_WORDS.get(rest[0]) == entity and len(rest) > 1:
                rest = rest[1:]
        found = _VOCAB[entity].get(_key(rest))
        if found is not None:
            return Recognition(found[0], (exact, found[1]))
    key = _key(tokens)
    found = _GENERAL.get(key)
    if found is not None:
        return Recognition(found[0], (exact, found[1]))
    if key in AMBIGUOUS:
        return Recognition(None, ambiguous=AMBIGUOUS[key])
    if entity == VIDEO and _key(tokens[1:]) in ("", "stat"):
        return Recognition(None, ambiguous=AMBIGUOUS["stat"])
    return Recognition(None)


@dataclass
class Plan:
    """Which columns a file's rows are read from: ``fields[name]`` lists columns, best first."""

    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    unmatched_map: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.fields


def column_pair(text: str) -> tuple[str, str]:
    """``COLUMN=FIELD`` as its two stripped halves; ``ValueError`` unless both are there."""
    column, sep, name = text.partition("=")
    if not sep or not column.strip() or not name.strip():
        raise ValueError(f"{text!r} is not COLUMN=FIELD")
    return column.strip(), name.strip()


def check_map(column_map: Mapping[str, str]) -> None:
    for column, name in column_map.items():
        if name not in FIELDS:
            raise ImportFileError(
                f"{column}={name}: {name!r} is not a field; the fields are {', '.join(FIELDS)}",
                Option.MAP,
                f"{column}=FIELD",
            )


def make_plan(columns: Iterable[str], column_map: Mapping[str, str] | None = None) -> Plan:
    """Recognize every column; ``column_map`` (COLUMN=FIELD) settles what recognition cannot."""
    column_map = dict(column_map or {})
    check_map(column_map)
    columns = list(dict.fromkeys(columns))
    by_lower = {c.lower(): c for c in columns}
    mapped: dict[str, str] = {}
    plan = Plan()
    for wanted, name in column_map.items():
        column = wanted if wanted in columns else by_lower.get(wanted.lower())
        if column is None:
            plan.unmatched_map.append(wanted)
        else:
            mapped[column] = name
    chosen: dict[str, list[tuple[tuple[int, ...], str]]] = {}
    unknown: dict[str, None] = {}
    for order, column in enumerate(columns):
        if column in mapped:
            continue
        found = recognize(column)
        if found.field is None:
            if found.ambiguous:
                plan.ambiguous.append((column, found.ambiguous))
            else:
                unknown.setdefault(_INDEX_RE.sub("*", column), None)
        elif found.field != IGNORE and found.field not in mapped.values():
            chosen.setdefault(found.field, []).append(((*found.rank, order), column))
    for column, name in mapped.items():
        if name != IGNORE:
            chosen.setdefault(name, []).append(((columns.index(column),), column))
    plan.fields = {name: tuple(c for _, c in sorted(found)) for name, found in chosen.items()}
    plan.unknown = list(unknown)
    return plan

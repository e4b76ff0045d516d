"""A generated corpus of broken and hostile files for `import`, by category.

Each case is a file (its name and bytes) and what a user must get: ``refused`` (exit 1, one line,
nothing written) or ``imported`` (exit 0, the rows it could read, each other row reported). The
cases are built from a few good rows and then broken the ways files break in use: wrong format,
wrong encoding, quoting, shapes, values the database cannot hold, values TikTok cannot have made.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["refused", "imported"]
HEADER = [
    "id",
    "create_time",
    "user_name",
    "n_plays",
    "n_likes",
    "duration",
    "text",
    "hashtags",
    "music_id",
    "music_title",
    "author_id",
    "nickname",
]
FIRST_ID = 7_310_000_000_000_000_000


@dataclass(frozen=True)
class HostileFile:
    category: str
    name: str
    content: bytes
    outcome: Outcome
    says: str = ""  # words the error (refused) or a skipped reason or note (imported) must hold
    skipped: int = 0  # rows reported as skipped, for an imported file

    @property
    def id(self) -> str:
        return f"{self.category}: {self.name}"


def _row(n: int, **values: str) -> dict[str, str]:
    row = {
        "id": str(FIRST_ID + n),
        "create_time": "1717000000",
        "user_name": "hostile_case",
        "n_plays": "1000",
        "n_likes": "100",
        "duration": "20",
        "text": f"video {n} #fyp",
        "hashtags": "fyp",
        "music_id": "7000000000000000009",
        "music_title": "original sound",
        "author_id": "6900000000000000001",
        "nickname": "Hostile",
    }
    return {**row, **values}


def _csv(rows: list[dict[str, str]], delimiter: str = ",", line: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER, delimiter=delimiter, lineterminator=line)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _item(n: int, **values: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": str(FIRST_ID + n),
        "createTime": 1717000000,
        "desc": f"item {n}",
        "author": {"uniqueId": "hostile_json", "id": "6900000000000000002"},
        "stats": {"playCount": 10, "diggCount": 1},
        "video": {"duration": 12},
    }
    return {**item, **values}


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("utf-8")


def _refused(category: str, name: str, content: bytes, says: str) -> HostileFile:
    return HostileFile(category, name, content, "refused", says)


def _imported(category: str, name: str, content: bytes, says: str = "", skipped: int = 0) -> HostileFile:
    return HostileFile(category, name, content, "imported", says, skipped)


def _formats() -> Iterator[HostileFile]:
    noise = random.Random(13)
    yield _refused("format", "empty.csv", b"", "the file is empty")
    yield _refused("format", "blank.csv", b"  \n\n \t\n", "the file is empty")
    yield _refused(
        "format", "noise.csv", bytes(noise.randrange(256) for _ in range(5000)), "not a CSV or JSON"
    )
    yield _refused("format", "image.json", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a CSV or JSON")
    yield _refused("format", "sheet.csv", b"PK\x03\x04" + bytes(200), "zip or Excel")
    yield _refused("format", "page.csv", b"<!DOCTYPE html><html><body>hi</body></html>", "HTML or XML page")
    yield _refused("format", "feed.json", b"<?xml version='1.0'?><rss></rss>", "HTML or XML page")
    yield _refused("format", "no-columns.csv", b"Mood,Weather\nhappy,sunny\n", "no column holds a video id")
    yield _refused("format", "header-typo.csv", b"vid,who\n1,2\n", "no column holds a video id")


def _json_shapes() -> Iterator[HostileFile]:
    yield _refused("json", "truncated.json", _json([_item(1)])[:-7], "not valid JSON")
    yield _refused("json", "trailing-comma.json", b'[{"id": "1",}]', "not valid JSON")
    yield _refused("json", "nested.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply")
    yield _refused("json", "scalar.json", b"5", "holds a single value")
    yield _refused("json", "null.json", b"null\n", "holds a single value")
    yield _refused("json", "object-of-nothing.json", b'{"hello": "world"}', "not an export I know")
    yield _refused("json", "numbers.json", b"[1, 2, 3]", "holds no objects")
    yield _refused(
        "json", "error-answer.json", _json({"statusCode": 10201, "statusMsg": "bad"}), "status 10201"
    )
    yield _refused("json", "comments.json", _json([{"cid": "1", "aweme_id": "2", "text": "hi"}]), "comments")
    yield _refused(
        "json",
        "page-state.json",
        _json({"__DEFAULT_SCOPE__": {"webapp.user-detail": {}}}),
        "state a TikTok page embeds",
    )
    yield _imported("json", "empty-list.json", b"[]", "empty list")
    bad_items = [
        _item(101, author=[]),
        _item(102, author=5),
        _item(103, id=True),
        _item(104, id=1.5),
        _item(105, id=None),
        _item(106, createTime="soon"),
        _item(107, createTime=-5, id="100"),
    ]
    odd_values = [
        _item(110, desc={"text": "x"}),
        _item(111, stats="many"),
        _item(112, stats={"playCount": [1], "diggCount": {"a": 1}}),
        _item(113, video={"duration": "forever"}),
        _item(114, music=[]),
        _item(115, challenges="fyp"),
        _item(116, textExtra=[{"hashtagName": 5}, None, "x"]),
        _item(117, stats={"playCount": 1e308 * 10}),
    ]
    yield _imported("json", "odd-items.json", _json(bad_items + odd_values), skipped=len(bad_items))
    yield _imported(
        "json",
        "nan-counts.json",
        b'[{"id": "7310000000000000120", "createTime": 1717000000, '
        b'"author": {"uniqueId": "hostile_json"}, "stats": {"playCount": NaN, "diggCount": Infinity}}]',
    )
    profile = {
        "userInfo": {
            "user": {"uniqueId": "hostile_profile", "id": "6900000000000000003"},
            "stats": {"followerCount": "lots"},
            "itemList": 5,
        }
    }
    yield _imported("json", "profile-itemlist-number.json", _json(profile))
    lines = b"\n".join(_json(_item(n)) for n in range(130, 133)) + b"\n{broken"
    yield _refused("json", "lines-one-broken.jsonl.json", lines, "not valid JSON")


def _quoting() -> Iterator[HostileFile]:
    good = _csv([_row(200), _row(201)]).decode()
    yield _refused(
        "quoting",
        "unclosed-at-end.csv",
        (good + f'{FIRST_ID + 202},1717000000,hostile_case,1,1,1,"oops\n').encode(),
        "never closed",
    )
    rows = good.splitlines()
    rows.insert(2, f'{FIRST_ID + 203},1717000000,hostile_case,5,1,1,"swallows,fyp,,,,')
    rows.append(f'{FIRST_ID + 204},1717000000,hostile_case,5,1,1,"a ""quoted"" caption" trailing,fyp,,,,')
    yield _refused(
        "quoting", "unclosed-mid-file.csv", ("\n".join(rows) + "\n").encode(), "cannot be read past line"
    )
    yield _refused(
        "quoting",
        "huge-field.csv",
        (good + f'{FIRST_ID + 205},1,a,1,1,1,"{"x" * 200_000}\n').encode(),
        "over 128 KiB",
    )
    ragged = (
        good
        + f"{FIRST_ID + 206},1717000000,hostile_case,5\n"
        + f"{FIRST_ID + 207},1717000000,hostile_case,5,1,1,a,b,c,d,e,f,g,h\n"
    )
    yield _imported("quoting", "ragged.csv", ragged.encode(), "fields where the header has 12", skipped=2)
    yield _imported("quoting", "trailing-empties.csv", (good.rstrip("\n") + ",,,\n").encode())
    yield _imported("quoting", "crlf.csv", _csv([_row(208)], line="\r\n"))
    yield _imported("quoting", "semicolons.csv", _csv([_row(209)], delimiter=";"))
    yield _imported("quoting", "tabs.csv", _csv([_row(210)], delimiter="\t"))
    yield _imported("quoting", "header-only.csv", _csv([]))
    yield _imported(
        "quoting", "duplicate-headers.csv", b"id,id,user_name\n7310000000000000211,x,hostile_case\n"
    )


def _encodings() -> Iterator[HostileFile]:
    rows = [_row(300, text="café ✨ #fyp")]
    yield _imported("encoding", "bom.csv", b"\xef\xbb\xbf" + _csv(rows))
    yield _imported("encoding", "utf16.csv", _csv(rows).decode().encode("utf-16"))
    yield _imported(
        "encoding", "cp1252.csv", _csv([_row(301, text="café")]).decode().encode("cp1252"), "not UTF-8"
    )
    yield _imported(
        "encoding", "nul-in-caption.csv", _csv([_row(302, text="bad\x00caption", music_title="s\x00")])
    )
    yield _imported("encoding", "surrogate.json", _json([_item(303, desc="lone \ud800 half")]))
    yield _imported("encoding", "controls.csv", _csv([_row(304, text="bell\x07 and \x1b[31mred")]))


def _values() -> Iterator[HostileFile]:
    unknown = {
        "long-creator-id": {"author_id": "1" * 40},
        "duration-11-digits": {"duration": "9" * 11},
        "duration-20-digits": {"duration": "9" * 20},
        "long-hashtag": {"hashtags": "h" * 300},
        "long-nickname": {"nickname": "n" * 300},
        "long-sound-title": {"music_title": "t" * 600},
        "long-sound-id": {"music_id": "4" * 40},
        "count-past-2^63": {"n_plays": str(2**63)},
        "negative-count": {"n_likes": "-5"},
        "count-in-words": {"n_plays": "many"},
        "huge-caption": {"text": "c" * 30_000},
    }
    for n, (name, values) in enumerate(unknown.items()):
        yield _imported("values", f"{name}.csv", _csv([_row(400 + n, **values)]), "could not be read")
    skipped = {
        "posted-1900": ({"create_time": "1900-01-01 00:00:00"}, "before TikTok's first video"),
        "posted-9999": ({"create_time": "9999-01-01 00:00:00"}, "after the capture"),
        "posted-9999-negative-offset": ({"create_time": "9999-12-31T23:00:00-05:00"}, "outside the calendar"),
        "posted-year-1-positive-offset": (
            {"create_time": "0001-01-01T00:00:00+05:00"},
            "outside the calendar",
        ),
        "id-past-64-bits": ({"id": str(2**64)}, "not a TikTok video id"),
        "id-in-letters": ({"id": "73100000000000abc"}, "not a TikTok video id"),
        "id-in-float-notation": ({"id": "7.31e+18"}, "float notation"),
        "handle-with-spaces": ({"user_name": "two words"}, "not a TikTok handle"),
        "handle-too-long": ({"user_name": "h" * 65}, "not a TikTok handle"),
    }
    for n, (name, (values, says)) in enumerate(skipped.items()):
        rows = [_row(450 + 2 * n), _row(451 + 2 * n, **values)]
        yield _imported("values", f"{name}.csv", _csv(rows), says, skipped=1)
    wide = str(FIRST_ID + 200).translate({ord(d): ord(d) - ord("0") + 0xFF10 for d in "0123456789"})
    yield _imported("values", "full-width-id.csv", _csv([_row(0, id=wide)]))
    every_row_bad = [_row(490 + n, id="not-an-id") for n in range(3)]
    yield _imported("values", "every-row-bad.csv", _csv(every_row_bad), "not a TikTok video id", skipped=3)


def hostile_files() -> list[HostileFile]:
    return [*_formats(), *_json_shapes(), *_quoting(), *_encodings(), *_values()]

"""Format detection from content (never from the file name), and files that cannot be imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compass.importers import ImportFileError, ImportOptions, read_file

ID1, ID2 = "7513039993741397256", "7498337886933191943"
WEB_ITEM = {
    "id": ID1,
    "desc": "hi #a",
    "createTime": "1749265942",
    "author": {"uniqueId": "zed", "id": "1"},
    "stats": {"playCount": 1900000},
    "statsV2": {"playCount": "1912345"},
    "music": {"id": "2", "title": "x"},
}
APIFY_ITEM = {"id": ID1, "authorMeta": {"name": "zed"}, "createTimeISO": "2025-06-07T03:12:22.000Z"}


def write(tmp_path: Path, content: object, name: str = "file.txt") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"headers": {}, "collector": [APIFY_ITEM], "zip": ""}, "drawrowfly-json"),
        ([APIFY_ITEM], "apify-json"),
        ({"itemList": [WEB_ITEM], "cursor": "1", "hasMore": True, "statusCode": 0}, "tiktok-web-json"),
        ({"data": {"itemList": [WEB_ITEM], "cursor": "1", "hasMore": False}}, "tiktok-web-json"),
        ([WEB_ITEM], "tiktok-web-json"),
        ({"itemInfo": {"itemStruct": WEB_ITEM}}, "tiktok-web-json"),
        ({"userInfo": {"user": {"uniqueId": "zed"}, "stats": {"followerCount": 5}}}, "tiktok-web-json"),
        ([{"user": {"uniqueId": "zed"}, "stats": {"followerCount": 5}, "itemList": []}], "tiktok-web-json"),
        ([{"video_id": ID1, "username": "zed"}], "videos-json"),
    ],
)
def test_read_file_json_shapes_detected(tmp_path, document, expected):
    batch = read_file(write(tmp_path, document, "no-extension"))
    assert batch.format == expected
    assert batch.observations[0].creator.handle == "zed"


def test_read_file_web_json_prefers_exact_stats_v2_and_reads_string_times(tmp_path):
    batch = read_file(write(tmp_path, [WEB_ITEM]))
    video = batch.observations[0].videos[0]
    assert video.stats.views == 1912345
    assert int(video.posted_at.timestamp()) == 1749265942
    assert video.is_photo is False and video.hashtags == ("a",)


def test_read_file_web_photo_post_flagged(tmp_path):
    item = {**WEB_ITEM, "imagePost": {"images": [{"imageURL": {"urlList": ["u"]}}]}, "video": {"duration": 0}}
    batch = read_file(write(tmp_path, [item]))
    assert batch.observations[0].videos[0].is_photo is True


def test_read_file_web_response_capture_time_from_extra_now(tmp_path):
    document = {"data": {"itemList": [WEB_ITEM], "extra": {"now": 1760940141000}}}
    batch = read_file(write(tmp_path, document))
    assert int(batch.observations[0].captured_at.timestamp()) == 1760940141
    assert not any("capture time" in n for n in batch.notes)


def test_read_file_json_lines_read_as_items(tmp_path):
    lines = "\n".join(json.dumps({**WEB_ITEM, "id": i}) for i in (ID1, ID2))
    batch = read_file(write(tmp_path, lines))
    assert batch.rows_read == 2 and batch.format == "tiktok-web-json"


def test_read_file_csv_detected_from_content_not_name(tmp_path):
    batch = read_file(write(tmp_path, f"id,user_name\n{ID1},zed\n", "data.json"))
    assert batch.format == "videos-csv"


def test_read_file_comments_raise_not_supported(tmp_path):
    comments = [{"cid": "7198708872234664710", "text": "hi", "aweme_id": ID1, "create_time": 1676080038}]
    with pytest.raises(ImportFileError, match="comments are not supported"):
        read_file(write(tmp_path, comments))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("<html><body>hi</body></html>", "HTML"),
        ("{not json", "not valid JSON"),
        ({"statusCode": 10204, "statusMsg": "item doesn't exist"}, "status 10204"),
        ({"__DEFAULT_SCOPE__": {"webapp.app-context": {}}}, "page embeds"),
        ({"weather": "sunny"}, "not an export I know"),
        ([1, 2, 3], "holds no objects"),
        ("colour,shape\nred,round\n", "no column holds a video id"),
        ([{"colour": "red"}], "no video id, video URL or creator handle"),
    ],
)
def test_read_file_unimportable_content_raises_one_sentence(tmp_path, content, message):
    with pytest.raises(ImportFileError, match=message):
        read_file(write(tmp_path, content))


def test_read_file_zip_or_excel_raises(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(ImportFileError, match="save the sheet as CSV"):
        read_file(path)


def test_read_file_missing_file_raises(tmp_path):
    with pytest.raises(ImportFileError, match="cannot read the file"):
        read_file(tmp_path / "absent.csv")


def test_read_file_empty_json_list_imports_nothing(tmp_path):
    batch = read_file(write(tmp_path, []), ImportOptions())
    assert batch.observations == [] and batch.rows_read == 0
    assert "the file holds an empty list" in batch.notes


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # every byte value, NULs included
        b"\x89PNG\r\n\x1a\n" + bytes((n * 37 + 11) % 256 for n in range(3000)),  # an image
        bytes((n * 131 + 7) % 256 for n in range(3000) if (n * 131 + 7) % 256),  # noise without NUL
    ],
)
def test_read_file_binary_data_is_refused_in_words_not_its_bytes(tmp_path, data: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as raised:
        read_file(path)
    assert str(raised.value) == "this is not a CSV or JSON export: it holds binary data"


def test_read_file_json_nested_too_deeply_is_an_input_error(tmp_path) -> None:
    path = write(tmp_path, '{"a":' * 100_000 + "1" + "}" * 100_000, "deep.json")
    with pytest.raises(ImportFileError, match="nested too deeply"):
        read_file(path)


def test_read_file_a_windows_1252_csv_is_still_text(tmp_path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(f"id,user_name,text\n{ID1},zed,caf\xe9 cr\xe8me\n".encode("latin-1"))
    assert read_file(path).rows_read == 1

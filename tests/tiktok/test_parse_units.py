"""parse_page on small hand-made pages: each era, each status path, nothing raises."""

from __future__ import annotations

import json

import pytest

from compass.tiktok import StatusKind, parse_page
from tests.tiktok.helpers import wrap_universal

VID = "7526770564367748360"
VID2 = "7526770564367748361"
USER = {"id": "1", "uniqueId": "Alice", "secUid": "MS4w", "nickname": "Alice", "privateAccount": False}


def _item(video_id: str = VID, **extra) -> dict:
    item = {
        "id": video_id,
        "createTime": 1752462842,
        "desc": "x #Tag",
        "author": {"uniqueId": "alice"},
        "stats": {"playCount": 100, "diggCount": 5},
        "textExtra": [{"hashtagName": "Tag"}],
    }
    item.update(extra)
    return item


def _profile_page(user_info: dict, *, status_code: int = 0, before: str = "", after: str = "") -> str:
    scope = {
        "webapp.app-context": {},
        "webapp.user-detail": {"userInfo": user_info, "statusCode": status_code},
    }
    return wrap_universal(scope, before=before, after=after)


# ---- profiles --------------------------------------------------------------------------------


def test_parse_page_profile_stats_v2_missing_uses_stats():
    html = _profile_page({"user": USER, "stats": {"followerCount": 1200, "heartCount": 99, "videoCount": 3}})
    result = parse_page(html)
    assert result.status.ok and result.era == "universal"
    assert result.profile.handle == "alice"
    assert (result.profile.stats.followers, result.profile.stats.likes, result.profile.stats.video_count) == (
        1200,
        99,
        3,
    )
    assert result.profile.stats.following is None


def test_parse_page_profile_stats_v2_present_wins():
    html = _profile_page(
        {"user": USER, "stats": {"followerCount": 1200}, "statsV2": {"followerCount": "1234"}}
    )
    assert parse_page(html).profile.stats.followers == 1234


def test_parse_page_captcha_and_private_interface_text_on_normal_profile_is_ok():
    i18n = "<div><span>Verify to continue: solve the captcha</span><p>This account is private</p></div>"
    html = _profile_page(
        {"user": USER, "stats": {"followerCount": 5}},
        before=i18n,
        after='<script>window.t={"captcha":"captcha","private":"This account is private"}</script>',
    )
    result = parse_page(html)
    assert result.status.kind is StatusKind.OK
    assert result.profile.handle == "alice"


def test_parse_page_private_profile_code_keeps_the_account():
    html = _profile_page({"user": {**USER, "privateAccount": True}, "stats": {}}, status_code=10222)
    result = parse_page(html)
    assert result.status.kind is StatusKind.PRIVATE and result.status.code == 10222
    assert result.profile.private is True


@pytest.mark.parametrize(("code", "kind"), [(10202, StatusKind.NOT_FOUND), (10221, StatusKind.BANNED)])
def test_parse_page_user_scope_error_code_is_that_status(code, kind):
    html = wrap_universal({"webapp.user-detail": {"statusCode": code, "statusMsg": ""}})
    result = parse_page(html, url="https://www.tiktok.com/@alice")
    assert result.status.kind is kind and result.status.code == code
    assert result.profile is None


def test_parse_page_unknown_status_code_is_unknown_with_code():
    html = wrap_universal({"webapp.user-detail": {"statusCode": 10987, "statusMsg": "new thing"}})
    result = parse_page(html)
    assert result.status.kind is StatusKind.UNKNOWN
    assert result.status.code == 10987


def test_parse_page_user_scope_lacking_user_info_is_no_data():
    result = parse_page(wrap_universal({"webapp.user-detail": {"statusCode": 0, "statusMsg": ""}}))
    assert result.status.kind is StatusKind.NO_DATA
    assert "userInfo" in result.status.message
    assert result.profile is None


def test_parse_page_user_info_lacking_the_user_key_is_no_data():
    result = parse_page(wrap_universal({"webapp.user-detail": {"statusCode": 0, "userInfo": {"stats": {}}}}))
    assert result.status.kind is StatusKind.NO_DATA and "user" in result.status.message
    assert result.profile is None


def test_parse_page_video_scope_lacking_item_struct_is_no_data():
    result = parse_page(wrap_universal({"webapp.video-detail": {"statusCode": 0, "itemInfo": {}}}))
    assert result.status.kind is StatusKind.NO_DATA
    assert "itemStruct" in result.status.message


def test_parse_page_profile_without_handle_is_unknown_and_named():
    result = parse_page(_profile_page({"user": {"id": "1"}, "stats": {}}))
    assert result.status.kind is StatusKind.UNKNOWN
    assert result.profile is None
    assert any("uniqueId" in p for p in result.problems)


def test_parse_page_item_list_bad_item_skipped_and_reported():
    html = _profile_page({"user": USER, "stats": {}, "itemList": [_item(), _item(VID2, createTime=None)]})
    result = parse_page(html)
    assert result.status.ok
    assert [v.tiktok_id for v in result.videos] == [VID]
    assert result.problems == [f"video {VID2} has no createTime"]


# ---- videos ----------------------------------------------------------------------------------


def test_parse_page_video_page_maps_item_and_author():
    item = _item(authorStats={"followerCount": 7})
    html = wrap_universal({"webapp.video-detail": {"itemInfo": {"itemStruct": item}, "statusCode": 0}})
    result = parse_page(html, url=f"https://www.tiktok.com/@alice/video/{VID}")
    assert result.status.ok
    [video] = result.videos
    assert video.hashtags == ("tag",) and video.stats.views == 100 and video.stats.saves is None
    assert result.profile.handle == "alice" and result.profile.stats.followers == 7


def test_parse_page_video_page_without_author_fails_loudly_as_unknown():
    item = _item()
    del item["author"]
    html = wrap_universal({"webapp.video-detail": {"itemInfo": {"itemStruct": item}, "statusCode": 0}})
    result = parse_page(html)
    assert result.status.kind is StatusKind.UNKNOWN
    assert "no author" in result.status.message


def test_parse_page_video_page_without_time_fails_loudly_as_unknown():
    item = _item(createTime=None)
    html = wrap_universal({"webapp.video-detail": {"itemInfo": {"itemStruct": item}, "statusCode": 0}})
    result = parse_page(html)
    assert result.status.kind is StatusKind.UNKNOWN
    assert result.videos == []
    assert "createTime" in result.status.message


def test_parse_page_reflow_status_message_key_is_read():
    html = wrap_universal({"webapp.reflow.video.detail": {"statusCode": 10216, "statusMessage": "private"}})
    result = parse_page(html)
    assert result.status.kind is StatusKind.PRIVATE and "private" in result.status.message


def test_parse_page_not_found_scope_is_not_found():
    assert parse_page(wrap_universal({"webapp.not-found": {}})).status.kind is StatusKind.NOT_FOUND


# ---- pages without data ----------------------------------------------------------------------


def test_parse_page_challenge_page_without_json_is_blocked():
    html = (
        "<html><head><title>Security Check</title></head><body>"
        '<div id="captcha-verify-container-main-page" class="captcha-verify-container">'
        '<div class="captcha_verify_bar">Drag the slider to fit the puzzle</div></div></body></html>'
    )
    result = parse_page(html)
    assert result.status.kind is StatusKind.BLOCKED
    assert result.status.code is None
    assert result.profile is None


def test_parse_page_html_without_json_or_challenge_is_unknown():
    result = parse_page("<html><body><p>Something went wrong</p></body></html>")
    assert result.status.kind is StatusKind.UNKNOWN
    assert result.era == "none"


def test_parse_page_malformed_json_in_script_is_broken():
    html = (
        '<html><script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">{"__DEFAULT_SCOPE__": {"webapp</script></html>'
    )
    result = parse_page(html)
    assert result.status.kind is StatusKind.BROKEN
    assert "malformed JSON" in result.status.message
    assert result.era == "universal"


def test_parse_page_scope_without_data_kind_is_ok_and_empty():
    result = parse_page(wrap_universal({"webapp.app-context": {}, "seo.abtest": {"canonical": "x"}}))
    assert result.status.kind is StatusKind.OK
    assert result.era == "universal" and result.profile is None and result.videos == []


def test_parse_page_profile_url_but_no_profile_data_is_no_data():
    html = wrap_universal({"webapp.app-context": {}})
    result = parse_page(html, url="https://www.tiktok.com/@alice")
    assert result.status.kind is StatusKind.NO_DATA
    assert parse_page(html, url="https://www.tiktok.com/tag/x").status.kind is StatusKind.OK


def test_parse_page_photo_url_whose_state_has_no_item_is_no_data():
    html = wrap_universal({"webapp.app-context": {}})
    result = parse_page(html, url=f"https://www.tiktok.com/@alice/photo/{VID}")
    assert result.status.kind is StatusKind.NO_DATA and "video" in result.status.message


def test_parse_page_without_url_reads_the_canonical_url_of_the_page():
    html = wrap_universal(
        {"webapp.app-context": {}, "seo.abtest": {"canonical": f"https://www.tiktok.com/@alice/photo/{VID}"}}
    )
    result = parse_page(html)
    assert result.canonical == f"https://www.tiktok.com/@alice/photo/{VID}"
    assert result.status.kind is StatusKind.NO_DATA


def test_parse_page_tiles_without_page_json_is_era_tiles():
    html = (
        f'<div data-e2e="user-post-item"><a href="/@alice/video/{VID}">'
        '<strong data-e2e="video-views">1K</strong></a></div>'
    )
    result = parse_page(html, url="https://www.tiktok.com/@alice")
    assert result.status.ok and result.era == "tiles"
    assert [(t.tiktok_id, t.views) for t in result.tile_videos] == [(VID, 1000)]


@pytest.mark.parametrize("text", ["", "   \n", "\ufeff"])
def test_parse_page_empty_text_is_unknown(text):
    assert parse_page(text).status.kind is StatusKind.UNKNOWN


def test_parse_page_not_text_is_unknown():
    assert parse_page(b"<html>").status.kind is StatusKind.UNKNOWN  # type: ignore[arg-type]


# ---- SIGI_STATE and __NEXT_DATA__ ------------------------------------------------------------


def _sigi_page(state: dict) -> str:
    return f'<html><script id="SIGI_STATE" type="application/json">{json.dumps(state)}</script></html>'


def test_parse_page_sigi_user_page_error_code_is_that_status():
    result = parse_page(
        _sigi_page({"UserModule": {"users": {}, "stats": {}}, "UserPage": {"statusCode": 10202}})
    )
    assert result.status.kind is StatusKind.NOT_FOUND and result.status.code == 10202 and result.era == "sigi"


def test_parse_page_sigi_only_listed_author_videos_in_list_order():
    other = {**_item("7526770564367748362"), "author": "bob"}
    state = {
        "UserModule": {"users": {"alice": USER}, "stats": {"alice": {"followerCount": 3}}},
        "UserPage": {"uniqueId": "alice", "statusCode": 0},
        "ItemModule": {
            VID: {**_item(), "author": "alice"},
            VID2: {**_item(VID2), "author": "alice"},
            "7526770564367748362": other,
        },
        "ItemList": {"user-post": {"list": [VID2, VID], "hasMore": False, "cursor": "0"}},
    }
    result = parse_page(_sigi_page(state))
    assert result.status.ok
    assert [v.tiktok_id for v in result.videos] == [VID2, VID]
    assert result.profile.stats.followers == 3
    assert (result.cursor, result.has_more) == ("0", False)


def test_parse_page_sigi_state_next_to_empty_universal_blob_is_sigi():
    html = wrap_universal({"webapp.app-context": {}}) + _sigi_page(
        {
            "UserModule": {"users": {"alice": USER}, "stats": {}},
            "UserPage": {"uniqueId": "alice", "statusCode": 0},
        }
    )
    result = parse_page(html)
    assert result.era == "sigi" and result.profile.handle == "alice"


def test_parse_page_next_data_error_code_is_that_status():
    doc = {"props": {"pageProps": {"statusCode": 10222, "serverCode": 200}}}
    html = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(doc)}</script>'
    result = parse_page(html)
    assert result.status.kind is StatusKind.PRIVATE and result.era == "next_data"


# ---- API JSON --------------------------------------------------------------------------------


def test_parse_page_api_item_list_wrapped_and_unwrapped_are_the_same():
    body = {"itemList": [_item(), _item(VID2)], "cursor": "123", "hasMore": True, "statusCode": 0}
    for text in (json.dumps(body), json.dumps({"data": body})):
        result = parse_page(text)
        assert result.status.ok and result.era == "api"
        assert [v.tiktok_id for v in result.videos] == [VID, VID2]
        assert (result.cursor, result.has_more) == ("123", True)
        assert result.profile.handle == "alice"


def test_parse_page_api_item_list_mixed_authors_has_no_profile():
    body = {"itemList": [_item(), _item(VID2, author={"uniqueId": "bob"})], "statusCode": 0}
    assert parse_page(json.dumps(body)).profile is None


def test_parse_page_api_empty_item_list_without_item_list_key_is_ok():
    result = parse_page(json.dumps({"cursor": "0", "hasMore": False, "statusCode": 0}))
    assert result.status.ok and result.videos == [] and result.has_more is False


def test_parse_page_api_verify_answer_is_blocked():
    result = parse_page(json.dumps({"statusCode": 10000, "verifyConfig": {"code": 10000}}))
    assert result.status.kind is StatusKind.BLOCKED and result.status.code == 10000


def test_parse_page_api_snake_case_status_code_is_read():
    result = parse_page(json.dumps({"status_code": 10221, "status_msg": "banned"}))
    assert result.status.kind is StatusKind.BANNED


def test_parse_page_malformed_json_text_is_broken():
    result = parse_page('{"itemList": [')
    assert result.status.kind is StatusKind.BROKEN and "malformed JSON" in result.status.message


def test_parse_page_unrelated_json_is_unknown():
    assert parse_page('{"hello": "world"}').status.kind is StatusKind.UNKNOWN
    assert parse_page("[1, 2, 3]").status.kind is StatusKind.UNKNOWN


def test_parse_page_defect_in_a_finder_is_a_status_not_an_exception(monkeypatch):
    import compass.tiktok.parse as parse_module

    def broken(blob):
        raise KeyError("boom")

    monkeypatch.setattr(
        parse_module, "PAGE_FINDERS", (("universal", "__UNIVERSAL_DATA_FOR_REHYDRATION__", broken),)
    )
    result = parse_page(wrap_universal({}))
    assert result.status.kind is StatusKind.UNKNOWN
    assert "parser error" in result.status.message and "KeyError" in result.status.message


def test_parse_page_api_items_without_author_have_no_profile_and_no_problem():
    items = [{k: v for k, v in _item(i).items() if k != "author"} for i in (VID, VID2)]
    result = parse_page(json.dumps({"itemList": items, "statusCode": 0}))
    assert result.status.ok and len(result.videos) == 2
    assert result.profile is None and result.problems == []


def test_parse_page_malformed_sigi_next_to_good_universal_is_parsed_and_reported():
    html = _profile_page({"user": USER, "stats": {}}) + '<script id="SIGI_STATE">{"oops"</script>'
    result = parse_page(html)
    assert result.status.ok and result.profile.handle == "alice"
    assert len(result.problems) == 1 and "SIGI_STATE holds malformed JSON" in result.problems[0]


def test_parse_page_deeply_nested_json_is_a_status_with_its_reason_not_a_traceback(caplog):
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    result = parse_page(deep)
    assert result.status.kind is StatusKind.UNKNOWN and "nested too deeply" in result.status.message
    html = (
        '<html><script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">'
        + "[" * 100_000
        + "]" * 100_000
        + "</script></html>"
    )
    assert "nested too deeply" in parse_page(html).status.message
    assert not any(record.exc_info for record in caplog.records)

"""The fields an import reads, and the column names real exports give them.

Names are written as the exports write them (camelCase, snake_case, plural); ``columns`` cuts
both these names and a file's columns into the same words before comparing, so ``playCount``
here also matches ``play_count``, ``PlayCount`` and ``n_plays``-style forms. Within each list the
most exact name comes first: when a file holds several, the earlier one wins.
"""

from __future__ import annotations

VIDEO_FIELDS = {
    "video_id": "the video's TikTok id (15-20 digits)",
    "posted_at": "when the video was posted (unix seconds/ms or date text)",
    "caption": "the video's description text",
    "duration": "length in seconds, or as 00:15 / 1:02:03",
    "views": "play count of the video",
    "likes": "like (digg) count of the video",
    "comments": "comment count of the video",
    "shares": "share count of the video",
    "saves": "save (collect/favorite) count of the video",
    "hashtags": "the video's hashtags (list, list text, or '#a #b')",
    "video_url": "the video's page URL (its id is read from /video/<id>)",
    "pinned": "whether the video is pinned on the profile",
    "ad": "whether the video is an ad",
    "photo": "whether the post is a photo slideshow",
    "cover_url": "URL of the video's cover image",
}
CREATOR_FIELDS = {
    "handle": "the author's @handle",
    "creator_id": "the author's numeric TikTok id",
    "sec_uid": "the author's secUid",
    "nickname": "the author's display name",
    "bio": "the author's profile text (signature)",
    "verified": "whether the author is verified",
    "private": "whether the author's account is private",
    "avatar_url": "URL of the author's avatar",
    "followers": "the author's follower count",
    "following": "how many accounts the author follows",
    "total_likes": "likes across all of the author's videos (the profile's heart count)",
    "video_count": "how many videos the author has posted",
}
SOUND_FIELDS = {
    "sound_id": "the sound's TikTok id",
    "sound_title": "the sound's title",
    "sound_author": "the sound's author name",
    "sound_original": "whether the sound is the creator's original sound",
}
IGNORE = "ignore"
FIELDS: dict[str, str] = {**VIDEO_FIELDS, **CREATOR_FIELDS, **SOUND_FIELDS, IGNORE: "skip this column"}
# Per-video figures, in VideoStats order; in a file without videos they are not a profile's totals.
VIDEO_FIGURES = ("views", "likes", "comments", "shares", "saves")

CREATOR, SOUND, VIDEO = "creator", "sound", "video"
# A column's first word that names the entity the rest of the name describes.
ENTITY_WORDS = {
    **dict.fromkeys(["author", "user", "creator", "owner", "profile", "account"], CREATOR),
    **dict.fromkeys(["music", "song", "sound", "audio", "track"], SOUND),
    **dict.fromkeys(["video", "vid", "item", "post", "aweme", "stat", "clip"], VIDEO),
}
# Words between the entity and the attribute that say nothing (authorMeta.fans, authorStatsV2.heart).
NOISE_AFTER_ENTITY = frozenset(["meta", "stat", "v2", "info", "data", "detail"])
# Words that only say "a count of" (n_plays, num_likes, number_of_views).
DROPPED_WORDS = frozenset(["n", "num", "nb", "number", "of"])

NAMES = {
    VIDEO: {
        "video_id": ["id"],
        "posted_at": ["createTime", "createTimeISO", "created", "createdAt", "creationTime", "createDate",
                      "time", "date", "datetime", "timestamp", "posted", "postedAt", "postTime",
                      "publishTime", "publishedAt", "published", "uploadDate", "uploadTime", "uploaded"],
        "caption": ["desc", "text", "caption", "description", "title"],
        "duration": ["duration", "length", "durationSec", "durationSeconds", "lengthSec", "seconds"],
        "views": ["playCount", "plays", "views", "viewCount"],
        "likes": ["diggCount", "likes", "likeCount", "diggs"],
        "comments": ["commentCount", "comments"],
        "shares": ["shareCount", "shares"],
        "saves": ["collectCount", "saves", "collects", "favorites", "favourites", "bookmarks"],
        "hashtags": ["hashtags", "tags", "challenges", "hashtagNames"],
        "video_url": ["webVideoUrl", "url", "link", "webUrl", "shareUrl", "permalink", "pageUrl"],
        "pinned": ["isPinned", "isPinnedItem", "pinned"],
        "ad": ["isAd", "isSponsored", "sponsored", "ads"],
        "photo": ["imagePost", "isSlideshow", "slideshow", "isPhoto", "photo"],
        "cover_url": ["cover", "coverUrl", "covers.default", "originCover", "originalCoverUrl", "thumbnail",
                      "thumbnailUrl"],
        IGNORE: ["height", "width", "ratio", "definition", "format", "quality", "videoQuality", "bitrate",
                 "codecType", "encodedType", "encodeUserTag", "size", "playAddr", "downloadAddr",
                 "originalDownloadAddr", "videoUrlNoWaterMark", "videoApiUrlNoWaterMark", "urlNoWaterMark",
                 "apiUrlNoWaterMark", "mediaUrls", "mentions", "detailedMentions", "effectStickers",
                 "originalItem", "officialItem", "officalItem", "secret", "forFriend", "stitchEnabled",
                 "shareEnabled", "duetEnabled", "privateItem", "digged", "collected", "duetDisplay",
                 "stitchDisplay", "itemCommentStatus", "textLanguage", "textTranslatable",
                 "locationCreated", "downloaded", "isReviewing", "AIGCDescription", "categoryType",
                 "repostCount", "dynamicCover", "covers.origin", "covers.dynamic", "subtitleLinks",
                 "diversificationId", "diversificationLabels", "suggestedWords", "searchHashtag", "input",
                 "fromProfileSection", "videoID", "VQScore", "region", "language", "lang", "secretID",
                 "status"],
    },
    CREATOR: {
        "handle": ["", "uniqueId", "unique", "name", "username", "handle", "login", "screenName",
                   "uniqueName"],
        "creator_id": ["id", "userId", "uid"],
        "sec_uid": ["secUid", "secId", "secUserId"],
        "nickname": ["nickname", "displayName", "fullName", "nick"],
        "bio": ["signature", "bio", "biography", "description", "desc"],
        "verified": ["verified", "verification"],
        "private": ["privateAccount", "private", "secret"],
        "avatar_url": ["avatarLarger", "originalAvatarUrl", "avatar", "avatarUrl", "avatarMedium",
                       "avatarThumb", "avatarThumbnail", "profilePic", "profilePicture", "pic", "picture"],
        "followers": ["followerCount", "followers", "fans", "subscribers"],
        "following": ["followingCount", "following", "follows"],
        "total_likes": ["heartCount", "heart", "hearts", "totalLikes", "likes", "totalHearts"],
        "video_count": ["videoCount", "videos", "vids", "totalVids", "totalVideos", "postCount", "posts"],
        IGNORE: ["digg", "diggCount", "friendCount", "friends", "region", "roomId", "ttSeller", "bioLink",
                 "bioLinkLink", "bioLinkRisk", "profileUrl", "url", "link", "commerceUserInfoCommerceUser",
                 "commerceUserInfoCategory", "commerceUserInfoCategoryButton", "commerceUser", "relation",
                 "openFavorite", "commentSetting", "duetSetting", "stitchSetting", "downloadSetting", "ftc",
                 "ADVirtual", "embedBanned", "storyStatus", "createTime", "language", "shortId",
                 "nickNameModifyTime", "uniqueIdModifyTime", "followingVisibility", "canExpPlaylist",
                 "profileEmbedPermission", "organization", "recommendReason", "nowInvitationCardUrl",
                 "suggestAccountBind", "eventList", "profileTab"],
    },
    SOUND: {
        "sound_id": ["id"],
        "sound_title": ["", "title", "name"],
        "sound_author": ["authorName", "author", "artist", "owner", "ownerNickname"],
        "sound_original": ["original", "originality", "originalSound"],
        IGNORE: ["playUrl", "url", "link", "coverThumb", "coverMedium", "coverLarge", "coverMediumUrl",
                 "originalCoverMediumUrl", "cover", "coverUrl", "duration", "album", "private",
                 "copyrighted", "preciseDuration", "shootDuration", "scheduleSearchTime", "collected",
                 "tt2dsp", "lang"],
    },
}
# Names without an entity prefix that still say which entity they belong to; with the video names,
# they make the vocabulary of unprefixed columns.
GENERAL_NAMES = {
    "video_id": ["videoid"],
    "handle": ["username", "handle", "uniqueId", "screenName", "login", "userName"],
    "creator_id": ["uid", "authorId", "userId"],
    "sec_uid": ["secUid"],
    "nickname": ["nickname", "displayName"],
    "bio": ["signature", "bio"],
    "verified": ["verified", "isVerified", "verification"],
    "private": ["privateAccount", "isPrivate"],
    "avatar_url": ["avatar", "avatarUrl", "avatarLarger", "avatarMedium", "avatarThumb", "avatarThumbnail",
                   "originalAvatarUrl", "profilePic"],
    "followers": ["followerCount", "followers", "fans", "subscribers"],
    "following": ["followingCount", "following"],
    "total_likes": ["totalLikes", "heartCount", "heart", "hearts", "totalHearts"],
    "video_count": ["videoCount", "totalVids", "totalVideos", "postCount"],
    "sound_id": ["musicId", "soundId", "songId"],
    "sound_title": ["musicName", "soundName", "songName", "musicTitle", "songTitle"],
    "sound_author": ["musicAuthor", "artist", "songArtist"],
    "sound_original": ["musicOriginal", "originalSound"],
}
# Names (as joined words) that could be several fields: reported, never guessed.
AMBIGUOUS = {
    "name": "handle, nickname or sound_title",
    "stat": "views, likes, comments, shares or saves",
    "videostat": "views, likes, comments, shares or saves",
    "video": "video_id, video_url or video_count",
    "count": "views, likes, comments, shares, saves or video_count",
    "total": "a count of some kind",
    "value": "any field",
}
# Lists whose elements hold hashtags, and their rank among hashtag sources (all are merged, in rank order).
HASHTAG_LISTS = {"hashtag": 0, "tag": 0, "textextra": 1, "challenge": 3}
HASHTAG_NAMES = frozenset({"name", "hashtagname", "hashtag", "tag"})
# Lists known to hold nothing an import reads (their elements are not reported as unknown).
LISTS_IGNORED = frozenset(
    ["content", "mention", "detailedmention", "mediaurl", "effectsticker", "subtitlelink",
     "diversificationlabel", "suggestedword", "searchhashtag", "imagepost", "bitrateinfo", "eventlist",
     "anchor", "pointclubcard", "warninfo", "stickersonitem"]
)

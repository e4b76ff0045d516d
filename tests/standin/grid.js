/* The stand-in's page script: what TikTok's web app does on a profile, hashtag, sound or user-search
   page, in plain JS without external resources. It reads the page's rehydration JSON, fetches the
   page's list from the web API with cursor paging, and renders each entry as a tile the way TikTok's
   DOM shows it. The next page is fetched when the visitor scrolls near the bottom (scroll listener
   and IntersectionObserver), until the API answers hasMore false. A failed call (network error,
   HTTP error, a broken body, a statusCode other than 0) shows TikTok's "Something went wrong" box
   (a captcha box for statusCode 10000); scrolling again or its Refresh button retries the same
   cursor. It signs each call as the stand-in's rules ask (tests/standin/signing.py: the page's
   token and secret come in window.__ttConf, never in the page JSON), and a signed-out visitor
   under a login wall gets the first page, then TikTok's "Log in" modal and nothing more. */
(function () {
  "use strict";
  var blob = document.getElementById("__UNIVERSAL_DATA_FOR_REHYDRATION__");
  var scope;
  try {
    scope = JSON.parse(blob.textContent).__DEFAULT_SCOPE__ || {};
  } catch (e) {
    return;
  }
  var COMMON = "aid=1988&app_language=en&app_name=tiktok_web&browser_language=en-US&device_platform=web_pc";
  var CONF = window.__ttConf || { sign: false, signedIn: false, wall: null, size: 35 };
  var walled = CONF.wall !== null && CONF.wall !== undefined && !CONF.signedIn;
  var feed = pickFeed();
  if (!feed) return;
  var list = document.querySelector('[data-e2e="' + feed.list + '"]');
  if (!list) return;
  var sentinel = el("div", { "class": "css-1wlo3ap-DivLoadMore", "aria-hidden": "true" });
  sentinel.style.height = "1px";
  list.parentNode.insertBefore(sentinel, list.nextSibling);
  var loading = el("div", { "class": "css-1u7fa5r-DivLoadingContainer", "data-e2e": "loading" }, "Loading...");
  loading.hidden = true;
  list.parentNode.insertBefore(loading, sentinel);
  var state = { cursor: "0", hasMore: true, busy: false, failed: false, seen: {}, wall: false };

  // The stand-in's signature (tests/standin/signing.py): two FNV-1a passes over ASCII text.
  function fnv(text, basis) {
    var h = basis >>> 0;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function mix(text) {
    return fnv(text, 0x811c9dc5) + fnv(text, 0x050c5d1f);
  }

  function signed(url) {
    if (!CONF.sign) return url;
    var withToken = url + "&msToken=" + enc(CONF.t);
    var seconds = Math.floor(Date.now() / 1000);
    return withToken + "&X-Gnarly=" + seconds + "." + mix(CONF.k + "|" + seconds + "|" + withToken);
  }

  function showWall() {
    state.wall = true;
    if (document.getElementById("loginContainer")) return;
    var modal = el("div", { "id": "loginContainer", "data-e2e": "login-modal", "class": "TUXModal css-login-modal",
                            "role": "dialog", "aria-modal": "true" });
    modal.appendChild(el("h2", { "data-e2e": "login-title" }, "Log in to TikTok"));
    modal.appendChild(el("p", {}, "Manage your account, check notifications, comment on videos, and more."));
    modal.appendChild(el("a", { "data-e2e": "channel-item", "href": "/login" }, "Use phone / email / username"));
    document.body.appendChild(modal);
  }

  function enc(v) {
    return encodeURIComponent(v);
  }

  function pickFeed() {
    var user = scope["webapp.user-detail"];
    if (user) {
      var u = (user.userInfo || {}).user || {};
      if (user.statusCode !== 0 || u.privateAccount || !u.secUid) return null;
      return { url: "/api/post/item_list/?" + COMMON + "&secUid=" + enc(u.secUid) + "&count=" + CONF.size + "&coverFormat=2",
               list: "user-post-item-list", tile: "user-post-item", items: true };
    }
    var ch = scope["webapp.challenge-detail"];
    if (ch) {
      if (ch.statusCode !== 0) return null;
      return { url: "/api/challenge/item_list/?" + COMMON + "&challengeID=" + enc(ch.challengeInfo.challenge.id) + "&count=30",
               list: "challenge-item-list", tile: "challenge-item", items: true };
    }
    var mu = scope["webapp.music-detail"];
    if (mu) {
      if (mu.statusCode !== 0) return null;
      return { url: "/api/music/item_list/?" + COMMON + "&musicID=" + enc(mu.musicInfo.music.id) + "&count=30",
               list: "music-item-list", tile: "music-item", items: true };
    }
    if (location.pathname.replace(/\/$/, "") === "/search/user") {
      var q = new URLSearchParams(location.search).get("q");
      if (!q) return null;
      return { url: "/api/search/user/full/?" + COMMON + "&keyword=" + enc(q) + "&search_source=normal_search",
               list: "search-user-list", tile: "search-user-container", items: false };
    }
    return null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // TikTok's display of a count: exact below 10,000, then 0.1K / 0.1M / 0.1B rounded half up.
  function roundCount(n) {
    if (n < 10000) return n;
    var r = Math.floor((n + 50) / 100) * 100;
    if (r < 1e6) return r;
    r = Math.floor((n + 5e4) / 1e5) * 1e5;
    if (r < 1e9) return r;
    return Math.floor((n + 5e7) / 1e8) * 1e8;
  }

  function formatCount(n) {
    var r = roundCount(Number(n) || 0);
    if (r < 10000) return String(r);
    if (r < 1e6) return (r / 1e3).toFixed(1) + "K";
    if (r < 1e9) return (r / 1e6).toFixed(1) + "M";
    return (r / 1e9).toFixed(1) + "B";
  }

  function renderItem(item) {
    if (!item || !item.id || state.seen[item.id]) return;
    state.seen[item.id] = true;
    var author = item.author || {};
    var music = item.music || {};
    var kind = item.imagePost ? "photo" : "video";
    var href = location.origin + "/@" + author.uniqueId + "/" + kind + "/" + item.id;
    var outer = el("div", { "class": "css-1uqux2o-DivItemContainerV2 e19c29qe7" });
    var card = el("div", { "data-e2e": feed.tile, "class": "css-8dx572-DivContainer-StyledDivContainerV2 eq741c50",
                           "tabindex": "0", "role": "button", "aria-label": "Watch in full screen" });
    var pad = el("div", { "style": "padding-top: 132.653%;" });
    var wrap = el("div", { "class": "css-1j167yi-DivWrapper e1cg0wnj1" });
    var link = el("a", { "href": href, "tabindex": "-1", "class": "css-1mdo0pl-AVideoContainer e19c29qe4" });
    var player = el("div", { "class": "css-pth5ka-DivPlayerContainer e19c29qe5" });
    player.appendChild(el("img", { "alt": (item.desc || "") + " created by " + (author.nickname || "") +
                                          " with " + (music.title || ""),
                                   "src": (item.video || {}).cover || "", "loading": "lazy" }));
    var footer = el("div", { "class": "css-11u47i-DivCardFooter e148ts220" });
    footer.appendChild(el("strong", { "data-e2e": "video-views", "class": "video-count css-dirst9-StrongVideoCount e148ts222" },
                          formatCount((item.stats || {}).playCount)));
    link.appendChild(player);
    link.appendChild(footer);
    if (item.isPinnedItem) {
      var header = el("div", { "class": "css-1xwoghb-DivHeaderContainer e1ario2k0" });
      header.appendChild(el("div", { "data-e2e": "video-card-badge", "class": "css-3on00d-DivBadge e1txrytm0" }, "Pinned"));
      link.appendChild(header);
    }
    wrap.appendChild(link);
    pad.appendChild(wrap);
    card.appendChild(pad);
    outer.appendChild(card);
    if (feed.tile !== "user-post-item") {
      outer.appendChild(el("div", { "data-e2e": feed.tile + "-desc", "class": "css-1h8ubbu-DivDesContainer" }, item.desc || ""));
      var user = el("a", { "href": "/@" + author.uniqueId, "data-e2e": feed.tile + "-avatar" });
      user.appendChild(el("p", { "data-e2e": feed.tile + "-username", "class": "user-name" }, author.uniqueId || ""));
      outer.appendChild(user);
    }
    list.appendChild(outer);
  }

  function renderUser(entry) {
    var u = (entry || {}).user_info || {};
    if (!u.unique_id || state.seen[u.unique_id]) return;
    state.seen[u.unique_id] = true;
    var box = el("div", { "data-e2e": "search-user-container", "class": "css-1h2r5e1-DivItemContainer e10wilco0" });
    var link = el("a", { "href": "/@" + u.unique_id, "data-e2e": "search-user-info-container", "class": "css-1l9wbx1-StyledLink" });
    var thumb = (u.avatar_thumb || {}).url_list || [];
    link.appendChild(el("img", { "data-e2e": "search-user-avatar", "alt": u.nickname || "", "src": thumb[0] || "", "loading": "lazy" }));
    link.appendChild(el("p", { "data-e2e": "search-user-unique-id", "class": "css-1ri2r9t-PTitle" }, u.unique_id));
    link.appendChild(el("div", { "data-e2e": "search-user-nickname", "class": "css-1n12ktr-DivSubTitle" }, u.nickname || ""));
    var counts = el("div", { "class": "css-1ov3ptw-DivSubTitleWrapper" });
    counts.appendChild(el("strong", { "data-e2e": "search-follow-count" }, formatCount(u.follower_count)));
    counts.appendChild(el("span", {}, " Followers"));
    link.appendChild(counts);
    link.appendChild(el("p", { "data-e2e": "search-user-desc", "class": "css-1ry5zpo-PDesc" }, u.signature || ""));
    box.appendChild(link);
    list.appendChild(box);
  }

  function clearError() {
    var old = document.querySelector('[data-e2e="' + feed.list + '-error"]');
    if (old) old.parentNode.removeChild(old);
    var captcha = document.getElementById("captcha-verify-container-main-page");
    if (captcha) captcha.parentNode.removeChild(captcha);
  }

  function showError(verify) {
    clearError();
    var box = el("div", { "class": "css-1osbocj-DivErrorContainer", "data-e2e": feed.list + "-error" });
    box.appendChild(el("p", { "class": "css-1y4x9xk-PTitle" }, "Something went wrong"));
    box.appendChild(el("p", { "class": "css-1ynw6x2-PDesc" }, "Sorry about that! Please try again later."));
    var retry = el("button", { "type": "button", "class": "TUXButton TUXButton--primary", "data-e2e": "refresh-button" }, "Refresh");
    retry.addEventListener("click", load);
    box.appendChild(retry);
    list.parentNode.insertBefore(box, sentinel);
    if (verify) {
      var captcha = el("div", { "id": "captcha-verify-container-main-page", "class": "TUXModal captcha-verify-container" });
      captcha.appendChild(el("div", { "class": "captcha_verify_bar" }, "Drag the slider to fit the puzzle"));
      var again = el("button", { "type": "button", "id": "captcha_refresh_button" }, "Refresh");
      again.addEventListener("click", load);
      captcha.appendChild(again);
      document.body.appendChild(captcha);
    }
  }

  function load() {
    if (state.busy || !state.hasMore || state.wall) return;
    state.busy = true;
    loading.hidden = false;
    fetch(signed(feed.url + "&cursor=" + enc(state.cursor)), { credentials: "same-origin", headers: { "Accept": "application/json, text/plain, */*" } })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.text();
      })
      .then(function (text) {
        var body = JSON.parse(text);
        var code = feed.items ? body.statusCode : body.status_code;
        if (code === 10000) throw { verify: true };
        if (code !== 0) throw new Error("statusCode " + code);
        var rows = (feed.items ? body.itemList : body.user_list) || [];
        rows.forEach(feed.items ? renderItem : renderUser);
        state.cursor = String(body.cursor);
        state.hasMore = feed.items ? body.hasMore === true : Number(body.has_more) === 1;
        state.busy = false;
        state.failed = false;
        loading.hidden = true;
        clearError();
        if (walled && state.hasMore) {
          showWall();
          return;
        }
        setTimeout(maybeLoad, 0); // keep filling while the bottom is in view
      })
      .catch(function (err) {
        state.busy = false;
        state.failed = true;
        loading.hidden = true;
        showError(Boolean(err && err.verify));
      });
  }

  function nearBottom() {
    return sentinel.getBoundingClientRect().top <= window.innerHeight + 400;
  }

  // Loads when the bottom comes into view; after a failure, only a new scroll (or Refresh) retries.
  function maybeLoad(fromScroll) {
    if (state.failed && fromScroll !== true) return;
    if (nearBottom()) load();
  }

  window.addEventListener("scroll", function () { maybeLoad(true); }, { passive: true });
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) maybeLoad(false);
    }, { rootMargin: "0px 0px 400px 0px" }).observe(sentinel);
  }
  load();
})();

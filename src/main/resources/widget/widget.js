/*! linkback widget: shows the backlinks of the page it is on.
 * <script src="https://LINKBACK/widget.js" data-target="ARTICLE-URL" async></script>
 * Renders into <div id="linkbacks"> if the page has one (and no other widget took it),
 * else right after the script tag. Remote text only ever goes in as text; remote images (authors'
 * avatars) only from http(s) URLs, without a referrer, hidden when they fail to load, and not at
 * all when the server says so (linkback.widget.avatars) or the tag has data-avatars="false". */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, location.href).origin;
  var canonical = document.querySelector('link[rel="canonical"]');
  var target = script.getAttribute('data-target') || (canonical && canonical.href) || location.href.split('#')[0];
  var LABELS = { pingback: 'Pingback', trackback: 'Trackback', webmention: 'Mention', activitypub: 'Fediverse' };
  // the server writes false here when linkback.widget.avatars is off
  var AVATARS = /*linkback:avatars*/true;
  var avatars = AVATARS && script.getAttribute('data-avatars') !== 'false';
  // how each type is counted in the heading, in this order; likes, reposts and bookmarks show as faces
  var TYPES = [['reply', 'reply', 'replies'], ['like', 'like', 'likes'], ['repost', 'repost', 'reposts'],
               ['bookmark', 'bookmark', 'bookmarks'], ['rsvp', 'RSVP', 'RSVPs'], ['mention', 'mention', 'mentions']];
  var FACES = { like: 'liked this', repost: 'reposted this', bookmark: 'bookmarked this' };
  var CSS =
    ':host{display:block;--_text:var(--linkback-text,#1c1917);--_muted:var(--linkback-muted,#57534e);' +
    '--_link:var(--linkback-link,#1d4ed8);--_bg:var(--linkback-background,#fff);' +
    '--_rule:var(--linkback-rule,#e7e5e4);font-family:var(--linkback-font,inherit);color:var(--_text);background:var(--_bg);' +
    'padding:.75em 1em;border-radius:.5em}' +
    // Its own background in either scheme keeps it legible whatever the page's colours are.
    '@media (prefers-color-scheme:dark){:host{--_text:var(--linkback-text-dark,#e7e5e4);--_muted:var(--linkback-muted-dark,#a8a29e);' +
    '--_link:var(--linkback-link-dark,#93c5fd);--_bg:var(--linkback-background-dark,#1c1917);--_rule:var(--linkback-rule-dark,#44403c)}}' +
    'h2{font-size:1.1em;margin:0 0 .5em}ol{list-style:none;margin:0;padding:0}' +
    'li{padding:.6em 0;border-top:1px solid var(--_rule)}' +
    '.kind{font-weight:600}a{color:var(--_link)}.meta{color:var(--_muted);font-size:.85em}' +
    '.excerpt{margin:.3em 0 0}.quiet{color:var(--_muted);font-size:.9em;margin:0}' +
    '.faces{display:flex;flex-wrap:wrap;gap:.35em;margin:.4em 0 .6em;padding:0;list-style:none}.faces li{border:0;padding:0}' +
    '.face{display:inline-flex;width:2.2em;height:2.2em;border-radius:50%;overflow:hidden;background:var(--_rule);' +
    'align-items:center;justify-content:center;text-decoration:none;color:var(--_text);font-weight:600}' +
    '.face img,.avatar{width:100%;height:100%;object-fit:cover}' +
    '.avatar{width:1.6em;height:1.6em;border-radius:50%;vertical-align:middle;margin-right:.4em}' +
    '.author{font-weight:600}.text{margin:.3em 0 0;white-space:pre-line}';

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  function isHttp(url) {
    try { var p = new URL(url).protocol; return p === 'http:' || p === 'https:'; } catch (e) { return false; }
  }

  function mount() {
    var host = document.getElementById('linkbacks');
    if (!host || host.shadowRoot) {
      host = document.createElement('div');
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    host.setAttribute('data-linkback-target', target);
    var root = host.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent = CSS;
    root.appendChild(style);
    var box = el('section', 'linkbacks');
    box.setAttribute('aria-label', 'Backlinks');
    root.appendChild(box);
    return box;
  }

  /** A link to url (http(s) only, nofollow) with this text, else the text alone. */
  function linkOrText(url, className, text) {
    if (!isHttp(url)) { return el('span', className, text); }
    var a = el('a', className, text);
    a.href = url;
    a.rel = 'nofollow ugc';
    return a;
  }

  function typeOf(item) {
    var type = (item._linkback || {}).type;
    for (var i = 0; i < TYPES.length; i++) { if (TYPES[i][0] === type) { return type; } }
    return 'mention';
  }

  function authorOf(item) {
    return (item.authors && item.authors[0]) || {};
  }

  /** The author's picture, or null: only http(s), no referrer, removed if it does not load. */
  function avatar(author, className, onFail) {
    if (!avatars || !author.avatar || !isHttp(author.avatar)) { return null; }
    var img = el('img', className);
    img.alt = '';
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', function () { img.remove(); if (onFail) { onFail(); } });
    img.src = author.avatar;
    return img;
  }

  function face(item, type) {
    var author = authorOf(item);
    var name = author.name || item.url;
    var link = isHttp(author.url) ? author.url : (isHttp(item.url) ? item.url : null);
    var f = el(link ? 'a' : 'span', 'face');
    if (link) { f.href = link; f.rel = 'nofollow ugc'; }
    f.title = name + ' ' + FACES[type];
    var initial = function () { f.textContent = (name.trim().charAt(0) || '?').toUpperCase(); };
    var img = avatar(author, '', initial);
    if (img) { f.appendChild(img); } else { initial(); }
    var li = el('li', 'face-item');
    li.appendChild(f);
    return li;
  }

  function entry(item) {
    var li = el('li', 'entry');
    var ext = item._linkback || {};
    var type = typeOf(item);
    var head = el('div', 'head');
    var author = authorOf(item);
    if (type === 'reply' || type === 'rsvp') {
      var pic = avatar(author, 'avatar');
      if (pic) { head.appendChild(pic); }
      head.appendChild(linkOrText(author.url, 'author', author.name || item.url));
      head.appendChild(linkOrText(item.url, 'title', type === 'rsvp' ? ' RSVPed ' + (ext.rsvp || '') : ' replied'));
      li.appendChild(head);
      if (item.content_text) { li.appendChild(el('p', 'text', item.content_text)); }
    } else {
      var face = avatar(author, 'avatar');
      if (face) { head.appendChild(face); }
      head.appendChild(el('span', 'kind', (LABELS[ext.kind] || 'Link') + ': '));
      head.appendChild(linkOrText(item.url, 'title', item.title || item.url));
      if (author.name) { head.appendChild(el('span', 'blog', ' | ' + author.name)); }
      li.appendChild(head);
      if (item.summary) { li.appendChild(el('p', 'excerpt', item.summary)); }
    }
    var when = new Date(item.date_published);
    if (!isNaN(when)) {
      var time = el('time', 'meta', when.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }));
      time.dateTime = item.date_published;
      li.appendChild(time);
    }
    return li;
  }

  /** "3 replies · 12 likes · 2 reposts"; only plain mentions: "N backlinks", as before types existed. */
  function heading(groups, total) {
    if (groups.mention.length === total) {
      return total === 1 ? '1 backlink' : total + ' backlinks';
    }
    var parts = [];
    TYPES.forEach(function (t) {
      var n = groups[t[0]].length;
      if (n) { parts.push(n + ' ' + (n === 1 ? t[1] : t[2])); }
    });
    return parts.join(' \u00b7 ');
  }

  function render(box, feed) {
    var items = (feed && feed.items) || [];
    if (!items.length) {
      box.appendChild(el('p', 'quiet', 'No backlinks yet.'));
      return;
    }
    var groups = {};
    TYPES.forEach(function (t) { groups[t[0]] = []; });
    items.forEach(function (item) { groups[typeOf(item)].push(item); });
    box.appendChild(el('h2', 'count', heading(groups, items.length)));
    Object.keys(FACES).forEach(function (type) {
      if (!groups[type].length) { return; }
      var faces = el('ul', 'faces ' + type);
      faces.setAttribute('aria-label', TYPES.filter(function (t) { return t[0] === type; })[0][2]);
      groups[type].forEach(function (item) { faces.appendChild(face(item, type)); });
      box.appendChild(faces);
    });
    var listed = items.filter(function (item) { return !FACES[typeOf(item)]; });
    if (listed.length) {
      var list = el('ol', 'entries');
      listed.forEach(function (item) { list.appendChild(entry(item)); });
      box.appendChild(list);
    }
  }

  var box = mount();
  fetch(origin + '/backlinks.json?target=' + encodeURIComponent(target), { mode: 'cors', credentials: 'omit' })
    .then(function (res) { if (!res.ok) { throw new Error(res.status); } return res.json(); })
    .then(function (feed) { render(box, feed); })
    .catch(function () { box.appendChild(el('p', 'quiet', 'Backlinks could not be loaded.')); });
}());

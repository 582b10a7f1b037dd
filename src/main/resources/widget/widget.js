/*! linkback widget: shows the backlinks of the page it is on.
 * <script src="https://LINKBACK/widget.js" data-target="ARTICLE-URL" async></script>
 * Renders into <div id="linkbacks"> if the page has one (and no other widget took it),
 * else right after the script tag. Remote text only ever goes in as text. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, location.href).origin;
  var canonical = document.querySelector('link[rel="canonical"]');
  var target = script.getAttribute('data-target') || (canonical && canonical.href) || location.href.split('#')[0];
  var LABELS = { pingback: 'Pingback', trackback: 'Trackback', webmention: 'Mention' };
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
    '.excerpt{margin:.3em 0 0}.quiet{color:var(--_muted);font-size:.9em;margin:0}';

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

  function entry(item) {
    var li = el('li', 'entry');
    var ext = item._linkback || {};
    var head = el('div', 'head');
    head.appendChild(el('span', 'kind', (LABELS[ext.kind] || 'Link') + ': '));
    var title = item.title || item.url;
    if (isHttp(item.url)) {
      var a = el('a', 'title', title);
      a.href = item.url;
      a.rel = 'nofollow ugc';
      head.appendChild(a);
    } else {
      head.appendChild(el('span', 'title', title));
    }
    var blog = item.authors && item.authors[0] && item.authors[0].name;
    if (blog) { head.appendChild(el('span', 'blog', ' | ' + blog)); }
    li.appendChild(head);
    var when = new Date(item.date_published);
    if (!isNaN(when)) {
      var time = el('time', 'meta', when.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }));
      time.dateTime = item.date_published;
      li.appendChild(time);
    }
    if (item.summary) { li.appendChild(el('p', 'excerpt', item.summary)); }
    return li;
  }

  function render(box, feed) {
    var items = (feed && feed.items) || [];
    if (!items.length) {
      box.appendChild(el('p', 'quiet', 'No backlinks yet.'));
      return;
    }
    box.appendChild(el('h2', 'count', items.length === 1 ? '1 backlink' : items.length + ' backlinks'));
    var list = el('ol', 'entries');
    items.forEach(function (item) { list.appendChild(entry(item)); });
    box.appendChild(list);
  }

  var box = mount();
  fetch(origin + '/backlinks.json?target=' + encodeURIComponent(target), { mode: 'cors', credentials: 'omit' })
    .then(function (res) { if (!res.ok) { throw new Error(res.status); } return res.json(); })
    .then(function (feed) { render(box, feed); })
    .catch(function () { box.appendChild(el('p', 'quiet', 'Backlinks could not be loaded.')); });
}());

/*! linkback widget: shows the backlinks of the page it is on, in the reader's language.
 * <script src="https://LINKBACK/widget.js" data-target="ARTICLE-URL" data-lang="de" async></script>
 * Renders into <div id="linkbacks"> if the page has one (and no other widget took it), else right
 * after the script tag, inside a shadow root so the page's styles and ours stay apart.
 * The server renders the section (every remote string escaped, no script, no event handler, only
 * http(s) links and pictures); this script puts it in place. Language: data-lang, else the site's
 * language, else the reader's browser, else English. Authors' pictures: not when the server says so
 * (linkback.widget.avatars) or the tag has data-avatars="false"; one that fails to load gives way
 * to the author's initial. Theme it with the --linkback-* custom properties (see docs/site-owners.md). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, location.href).origin;
  var canonical = document.querySelector('link[rel="canonical"]');
  var target = script.getAttribute('data-target') || (canonical && canonical.href) || location.href.split('#')[0];
  var lang = script.getAttribute('data-lang') || '';
  // the server writes false here when linkback.widget.avatars is off
  var AVATARS = /*linkback:avatars*/true;
  var avatars = AVATARS && script.getAttribute('data-avatars') !== 'false';
  // "could not be loaded" in every language, written here by the server: said when it cannot be reached
  var FAILED = /*linkback:failed*/{};

  function mount() {
    var host = document.getElementById('linkbacks');
    if (!host || host.shadowRoot) {
      host = document.createElement('div');
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    host.setAttribute('data-linkback-target', target);
    var root = host.attachShadow({ mode: 'open' });
    // a picture that does not load: a face shows the initial instead, an avatar goes
    root.addEventListener('error', function (event) {
      var img = event.target;
      if (!img || img.tagName !== 'IMG') { return; }
      var face = img.closest('.face');
      if (face) { face.textContent = face.getAttribute('data-initial'); return; }
      var name = img.parentNode.querySelector('.author[aria-hidden]');
      if (name) { name.removeAttribute('aria-hidden'); } // the picture said the name; now the text does
      img.remove();
    }, true);
    return root;
  }

  function failed(root) {
    var tags = [lang, document.documentElement.lang, navigator.language, 'en'];
    var text = null;
    for (var i = 0; i < tags.length && !text; i++) {
      var tag = (tags[i] || '').toLowerCase();
      text = FAILED[tags[i]] || FAILED[tag.split('-')[0]] || (tag.indexOf('zh') === 0 && !/tw|hk|mo|hant/.test(tag) && FAILED['zh-Hans']);
    }
    var p = document.createElement('p');
    p.className = 'quiet';
    p.setAttribute('role', 'status');
    p.textContent = text || 'Responses could not be loaded.';
    root.appendChild(p);
  }

  // pages that enforce Trusted Types must allow the policy "linkback" (require-trusted-types-for)
  var policy = window.trustedTypes && window.trustedTypes.createPolicy
    ? window.trustedTypes.createPolicy('linkback', { createHTML: function (html) { return html; } }) : null;

  var root = mount();
  var query = 'target=' + encodeURIComponent(target) + (lang ? '&lang=' + encodeURIComponent(lang) : '') +
              (avatars ? '' : '&avatars=false');
  fetch(origin + '/widget/backlinks?' + query, { mode: 'cors', credentials: 'omit' })
    .then(function (res) { if (!res.ok) { throw new Error(res.status); } return res.text(); })
    // our own server's HTML, built as a DOM there: remote text in it is only ever text
    .then(function (html) { root.innerHTML = policy ? policy.createHTML(html) : html; })
    .catch(function () { failed(root); });
}());

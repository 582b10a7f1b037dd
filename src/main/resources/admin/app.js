// linkback admin page: a thin client of /admin/api. Everything that came from a remote
// page is put in the DOM with textContent or as an attribute, never as HTML.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name=csrf-token]').content;
  var mentionCursor = null;
  var auditCursor = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function say(text) { $('message').textContent = text; }

  function api(method, path, body) {
    var options = { method: method, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch('/admin/api' + path, options).then(function (res) {
      if (res.status === 401) { location.reload(); throw new Error('signed out'); }
      if (res.status === 204) { return null; }
      return res.json().then(function (json) {
        if (!res.ok) { throw new Error(json.error || res.statusText); }
        return json;
      });
    });
  }

  function isHttp(url) { return /^https?:\/\//i.test(url); }

  // ---- backlinks ----
  function mentionQuery() {
    var q = new URLSearchParams();
    if ($('status-filter').value) { q.set('status', $('status-filter').value); }
    if ($('host-filter').value.trim()) { q.set('source-host', $('host-filter').value.trim()); }
    if ($('type-filter').value) { q.set('type', $('type-filter').value); }
    return q;
  }

  function loadMentions(more) {
    var q = mentionQuery();
    $('csv').href = '/admin/api/mentions?format=csv&' + q.toString();
    q.set('limit', '50');
    if (more && mentionCursor) { q.set('cursor', mentionCursor); }
    if (!more) { $('mention-list').replaceChildren(); $('select-all').checked = false; }
    return api('GET', '/mentions?' + q.toString()).then(function (page) {
      page.items.forEach(function (m) { $('mention-list').appendChild(card(m)); });
      if (!more && page.items.length === 0) { $('mention-list').appendChild(el('p', {}, 'Nothing here.')); }
      mentionCursor = page.nextCursor;
      $('more-mentions').hidden = !mentionCursor;
    }).catch(function (e) { say(e.message); });
  }

  function card(m) {
    var c = el('article', { 'class': 'card', 'data-id': m.id, 'data-source': m.source });
    var head = el('header');
    head.appendChild(el('input', { type: 'checkbox', 'class': 'pick', 'aria-label': 'select' }));
    var title = isHttp(m.source) ? el('a', { href: m.source, rel: 'nofollow noopener noreferrer', target: '_blank', 'class': 'title' },
                                      m.title || m.source)
                                 : el('span', { 'class': 'title' }, m.title || m.source);
    head.appendChild(title);
    head.appendChild(el('span', { 'class': 'status' }, m.status));
    c.appendChild(head);
    c.appendChild(el('div', { 'class': 'meta type' }, m.type + (m.authorName ? ' by ' + m.authorName : '') +
                                                      (isHttp(m.authorUrl) ? ' (' + m.authorUrl + ')' : '')));
    c.appendChild(el('div', { 'class': 'meta' }, m.kind + ' from ' + m.sourceHost + (m.author ? ' (' + m.author + ')' : '') +
                                                 ' to ' + m.target + ' · ' + new Date(m.receivedAt).toLocaleString() +
                                                 ' · IP ' + (m.clientIp || '?')));
    if (m.excerpt) { c.appendChild(el('p', { 'class': 'excerpt' }, m.excerpt)); }
    var score = el('div', { 'class': 'meta' });
    score.appendChild(el('span', { 'class': 'score' + (m.spamScore >= 0.5 ? ' high' : '') }, 'spam score ' + m.spamScore));
    c.appendChild(score);
    if (m.spamReasons.length) {
      var reasons = el('ul', { 'class': 'reasons' });
      m.spamReasons.forEach(function (r) { reasons.appendChild(el('li', {}, r)); });
      c.appendChild(reasons);
    }
    var actions = el('div', { 'class': 'actions' });
    [['approved', 'Approve', 'approve'], ['spam', 'Spam', 'spam'], ['rejected', 'Reject', '']].forEach(function (a) {
      var b = el('button', { type: 'button', 'class': a[2], 'data-status': a[0] }, a[1]);
      b.addEventListener('click', function () { setStatus([m.id], a[0]); });
      actions.appendChild(b);
    });
    var del = el('button', { type: 'button', 'data-action': 'delete' }, 'Delete');
    del.addEventListener('click', function () {
      api('DELETE', '/mentions/' + m.id).then(function () { c.remove(); say('Deleted.'); }).catch(function (e) { say(e.message); });
    });
    actions.appendChild(del);
    var block = el('button', { type: 'button', 'class': 'block', 'data-action': 'block' }, 'Block ' + m.sourceHost);
    block.addEventListener('click', function () {
      if (confirm('Block ' + m.sourceHost + ' and mark all its backlinks as spam?')) { blockHost(m.sourceHost); }
    });
    actions.appendChild(block);
    c.appendChild(actions);
    return c;
  }

  function setStatus(ids, status) {
    var call = ids.length === 1 ? api('POST', '/mentions/' + ids[0] + '/status', { status: status })
                                : api('POST', '/mentions/status', { ids: ids, status: status });
    return call.then(function () {
      say(ids.length + ' backlink(s) marked ' + status + '.');
      return loadMentions(false);
    }).catch(function (e) { say(e.message); });
  }

  function blockHost(pattern) {
    return api('POST', '/blocklist', { pattern: pattern }).then(function (r) {
      say('Blocked ' + r.pattern + '; ' + r.markedSpam + ' backlink(s) marked spam.');
      return loadMentions(false);
    }).catch(function (e) { say(e.message); });
  }

  function selectedIds() {
    return Array.prototype.map.call(document.querySelectorAll('#mention-list .pick:checked'), function (box) {
      return Number(box.closest('.card').dataset.id);
    });
  }

  // ---- blocklist ----
  function loadBlocklist() {
    return api('GET', '/blocklist').then(function (r) {
      var body = $('block-list');
      body.replaceChildren();
      r.items.forEach(function (entry) {
        var row = el('tr');
        row.appendChild(el('td', {}, entry.pattern));
        row.appendChild(el('td', {}, new Date(entry.createdAt).toLocaleString()));
        var cell = el('td');
        var undo = el('button', { type: 'button' }, 'Unblock');
        undo.addEventListener('click', function () {
          var path = '/blocklist/' + encodeURIComponent(entry.pattern);
          api('GET', path + '/restorable').then(function (r) {
            var restore = r.restorable > 0 && confirm('Unblock ' + entry.pattern + ' and restore the ' + r.restorable +
                                                      ' backlink(s) this block marked spam?\n(Cancel: unblock only; they stay spam.)');
            return api('DELETE', path + (restore ? '?restore=true' : ''));
          }).then(function (r) {
            say(r && r.restored !== undefined ? 'Unblocked ' + entry.pattern + '; ' + r.restored + ' backlink(s) restored.'
                                              : 'Unblocked ' + entry.pattern + '. Its backlinks stay spam until you approve them.');
            loadBlocklist();
          }).catch(function (e) { say(e.message); });
        });
        cell.appendChild(undo);
        row.appendChild(cell);
        body.appendChild(row);
      });
    }).catch(function (e) { say(e.message); });
  }

  // shared lists: what each says, when it was last read, and why a refresh failed (its last good copy stays)
  function loadLists() {
    return api('GET', '/blocklist/subscriptions').then(function (r) {
      var body = $('list-list');
      body.replaceChildren();
      r.items.forEach(function (list) {
        var row = el('tr');
        row.appendChild(el('td', {}, list.url));
        row.appendChild(el('td', {}, String(list.hosts)));
        row.appendChild(el('td', {}, list.checkedAt ? new Date(list.checkedAt).toLocaleString() : 'never'));
        row.appendChild(el('td', {}, list.lastError || ''));
        var cell = el('td');
        var refresh = el('button', { type: 'button' }, 'Refresh');
        refresh.addEventListener('click', function () {
          api('POST', '/blocklist/subscriptions/' + list.id + '/refresh').then(function (r) {
            say(r.lastError ? 'Kept the last good copy: ' + r.lastError : 'Read ' + list.url + ': ' + r.hosts + ' host(s).');
            loadLists();
          }).catch(function (e) { say(e.message); });
        });
        var stop = el('button', { type: 'button' }, 'Unfollow');
        stop.addEventListener('click', function () {
          api('DELETE', '/blocklist/subscriptions/' + list.id).then(function () {
            say('Unfollowed ' + list.url + '; its hosts are unblocked and what it marked spam restored.');
            loadLists();
          }).catch(function (e) { say(e.message); });
        });
        cell.appendChild(refresh);
        cell.appendChild(stop);
        row.appendChild(cell);
        body.appendChild(row);
      });
    }).catch(function (e) { say(e.message); });
  }

  // ---- audit ----
  function loadAudit(more) {
    var q = new URLSearchParams({ limit: '50' });
    if (more && auditCursor) { q.set('cursor', auditCursor); }
    if (!more) { $('audit-list').replaceChildren(); }
    return api('GET', '/audit?' + q.toString()).then(function (page) {
      page.items.forEach(function (a) {
        var row = el('tr');
        row.appendChild(el('td', {}, new Date(a.at).toLocaleString()));
        row.appendChild(el('td', {}, a.actor + (a.clientIp ? ' ' + a.clientIp : '')));
        row.appendChild(el('td', {}, a.action + (a.kind ? ' (' + a.kind + ')' : '')));
        row.appendChild(el('td', {}, a.source ? a.source + ' → ' + a.target : ''));
        row.appendChild(el('td', {}, (a.oldStatus || '') + (a.oldStatus || a.newStatus ? ' → ' : '') + (a.newStatus || '')));
        row.appendChild(el('td', {}, a.detail || ''));
        $('audit-list').appendChild(row);
      });
      auditCursor = page.nextCursor;
      $('more-audit').hidden = !auditCursor;
    }).catch(function (e) { say(e.message); });
  }

  // ---- overview ----
  var SVG = 'http://www.w3.org/2000/svg';
  var OUTCOMES = ['accepted', 'held', 'spam', 'refused'];

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function loadOverview() {
    var q = new URLSearchParams({ days: $('overview-days').value });
    if ($('overview-site').value) { q.set('site', $('overview-site').value); }
    return api('GET', '/overview?' + q.toString()).then(function (o) {
      var select = $('overview-site');
      if (select.options.length === 1) {
        o.sites.forEach(function (name) { select.appendChild(el('option', { value: name }, name)); });
      }
      var totals = { accepted: 0, held: 0, spam: 0, refused: 0 };
      o.perDay.forEach(function (d) { OUTCOMES.forEach(function (k) { totals[k] += d[k]; }); });
      var figures = $('overview-figures');
      figures.replaceChildren();
      [['accepted', totals.accepted], ['held for review', totals.held], ['spam', totals.spam], ['refused', totals.refused],
       ['spam share', Math.round(o.spamShare * 1000) / 10 + ' %'],
       ['check queue', o.queue.depth + (o.queue.oldestJobAgeSeconds ? ' (oldest ' + o.queue.oldestJobAgeSeconds + ' s)' : '')],
       ['learned filter', o.learned.spam + ' spam, ' + o.learned.ham + ' ham examples'
                          + (o.learned.spam >= o.learned.minExamples && o.learned.ham >= o.learned.minExamples
                             ? '' : ' (scores from ' + o.learned.minExamples + ' of each)')]]
        .forEach(function (f) {
          var box = el('div', { 'class': 'figure' });
          box.appendChild(el('strong', {}, f[1]));
          box.appendChild(document.createTextNode(f[0]));
          figures.appendChild(box);
        });
      // stacked bars, one per day; the tallest day fills the height
      var chart = $('overview-chart');
      chart.replaceChildren();
      var most = Math.max(1, Math.max.apply(null, o.perDay.map(function (d) { return d.accepted + d.held + d.spam + d.refused; })));
      var width = 600 / o.perDay.length;
      o.perDay.forEach(function (d, i) {
        var y = 190;
        var group = svg('g', {});
        var title = svg('title', {});
        title.textContent = d.date + ': ' + OUTCOMES.map(function (k) { return d[k] + ' ' + k; }).join(', ');
        group.appendChild(title);
        OUTCOMES.forEach(function (k) {
          var h = 180 * d[k] / most;
          if (h > 0) {
            y -= h;
            group.appendChild(svg('rect', { 'class': k, x: (i * width + width * 0.1).toFixed(1), y: y.toFixed(1),
                                            width: (width * 0.8).toFixed(1), height: h.toFixed(1) }));
          }
        });
        chart.appendChild(group);
      });
      chart.appendChild(svg('line', { x1: 0, y1: 190.5, x2: 600, y2: 190.5, stroke: '#a8a29e' }));
      var hosts = $('overview-hosts');
      hosts.replaceChildren();
      o.topSourceHosts.forEach(function (t) {
        var row = el('tr');
        row.appendChild(el('td', {}, t.host));
        row.appendChild(el('td', {}, t.backlinks));
        hosts.appendChild(row);
      });
      var refusals = $('overview-refusals');
      refusals.replaceChildren();
      Object.keys(o.refusedByCause).forEach(function (cause) {
        var row = el('tr');
        row.appendChild(el('td', {}, cause));
        row.appendChild(el('td', {}, o.refusedByCause[cause]));
        refusals.appendChild(row);
      });
    }).catch(function (e) { say(e.message); });
  }

  // ---- wiring ----
  function show(view) {
    ['overview', 'mentions', 'blocklist', 'audit'].forEach(function (v) { $(v).hidden = v !== view; });
    document.querySelectorAll('header nav button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.view === view));
    });
    say('');
    if (view === 'overview') { loadOverview(); }
    if (view === 'mentions') { loadMentions(false); }
    if (view === 'blocklist') { loadBlocklist(); loadLists(); }
    if (view === 'audit') { loadAudit(false); }
  }

  document.querySelectorAll('header nav button').forEach(function (b) {
    b.addEventListener('click', function () { show(b.dataset.view); });
  });
  $('overview-site').addEventListener('change', loadOverview);
  $('overview-days').addEventListener('change', loadOverview);
  $('status-filter').addEventListener('change', function () { loadMentions(false); });
  $('host-filter').addEventListener('change', function () { loadMentions(false); });
  $('type-filter').addEventListener('change', function () { loadMentions(false); });
  $('more-mentions').addEventListener('click', function () { loadMentions(true); });
  $('more-audit').addEventListener('click', function () { loadAudit(true); });
  $('select-all').addEventListener('change', function () {
    document.querySelectorAll('#mention-list .pick').forEach(function (box) { box.checked = $('select-all').checked; });
  });
  document.querySelectorAll('[data-bulk]').forEach(function (b) {
    b.addEventListener('click', function () {
      var ids = selectedIds();
      if (ids.length === 0) { say('Select some backlinks first.'); return; }
      setStatus(ids, b.dataset.bulk);
    });
  });
  $('block-form').addEventListener('submit', function (event) {
    event.preventDefault();
    blockHost($('block-pattern').value.trim()).then(function () { $('block-pattern').value = ''; loadBlocklist(); });
  });
  $('list-form').addEventListener('submit', function (event) {
    event.preventDefault();
    api('POST', '/blocklist/subscriptions', { url: $('list-url').value.trim() }).then(function (r) {
      say(r.lastError ? 'Following ' + r.url + ', but it could not be read: ' + r.lastError
                      : 'Following ' + r.url + ': ' + r.hosts + ' host(s) blocked.');
      $('list-url').value = '';
      loadLists();
    }).catch(function (e) { say(e.message); });
  });
  // signed in with an owner token: one site, no switcher
  var ownerSite = document.querySelector('meta[name=owner-site]').content;
  if (ownerSite) {
    $('overview-site').closest('label').hidden = true;
    $('signed-in-site').textContent = 'Site: ' + ownerSite;
    $('signed-in-site').hidden = false;
  }
  show('overview');
}());

// linkback admin page: a thin client of /admin/api. Everything that came from a remote
// page is put in the DOM with textContent or as an attribute, never as HTML.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name=csrf-token]').content;
  var mentionCursor = null;
  var auditCursor = null;
  // this page's sentences in the reader's language, written into the page by the server
  var MESSAGES = JSON.parse(document.getElementById('messages').textContent);
  var lang = document.documentElement.lang;

  function $(id) { return document.getElementById(id); }

  /** The message of this key with its {name}s filled in: t('admin.said.read', { url: u, count: 3 }). */
  function t(key, args) {
    return (MESSAGES[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
      return args && args[name] !== undefined ? String(args[name]) : all;
    });
  }

  function when(iso) { return new Date(iso).toLocaleString(lang); }

  /**
   * Asks in a modal dialog (keyboard: Tab between the buttons, Enter to choose, Escape to cancel).
   * Resolves 'yes', 'other' or 'cancel'.
   */
  function ask(text, yes, other) {
    var dialog = $('ask');
    $('ask-text').textContent = text;
    $('ask-yes').textContent = yes;
    $('ask-other').hidden = !other;
    $('ask-other').textContent = other || '';
    dialog.returnValue = 'cancel';
    return new Promise(function (resolve) {
      dialog.addEventListener('close', function () { resolve(dialog.returnValue || 'cancel'); }, { once: true });
      dialog.showModal();
      $('ask-cancel').focus(); // a stray Enter does nothing harmful; Tab reaches the action
    });
  }

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
      page.items.forEach(function (m) {
        var c = card(m);
        c.dataset.index = String($('mention-list').children.length);
        $('mention-list').appendChild(c);
      });
      if (!more && page.items.length === 0) { $('mention-list').appendChild(el('p', {}, t('admin.empty'))); }
      mentionCursor = page.nextCursor;
      $('more-mentions').hidden = !mentionCursor;
    }).catch(function (e) { say(e.message); });
  }

  function card(m) {
    var c = el('article', { 'class': 'card', 'data-id': m.id, 'data-source': m.source });
    var head = el('div', { 'class': 'head' });
    head.appendChild(el('input', { type: 'checkbox', 'class': 'pick', 'aria-label': t('admin.card.select', { title: m.title || m.source }) }));
    var title = isHttp(m.source) ? el('a', { href: m.source, rel: 'nofollow noopener noreferrer', target: '_blank', 'class': 'title' },
                                      m.title || m.source)
                                 : el('span', { 'class': 'title' }, m.title || m.source);
    head.appendChild(title);
    head.appendChild(el('span', { 'class': 'status', 'data-status': m.status }, t('admin.status.' + m.status)));
    c.appendChild(head);
    var type = t('admin.typeName.' + m.type);
    c.appendChild(el('div', { 'class': 'meta type' }, (m.authorName ? t('admin.card.by', { type: type, author: m.authorName }) : type) +
                                                      (isHttp(m.authorUrl) ? ' (' + m.authorUrl + ')' : '')));
    c.appendChild(el('div', { 'class': 'meta' }, t('admin.card.from', { kind: t('widget.kind.' + m.kind), host: m.sourceHost, target: m.target }) +
                                                 (m.author ? ' (' + m.author + ')' : '') +
                                                 ' · ' + when(m.receivedAt) + ' · IP ' + (m.clientIp || '?')));
    if (m.excerpt) { c.appendChild(el('p', { 'class': 'excerpt' }, m.excerpt)); }
    var score = el('div', { 'class': 'meta' });
    score.appendChild(el('span', { 'class': 'score' + (m.spamScore >= 0.5 ? ' high' : '') }, t('admin.card.score', { score: m.spamScore })));
    c.appendChild(score);
    if (m.spamReasons.length) {
      var reasons = el('ul', { 'class': 'reasons', 'aria-label': t('admin.card.reasons') });
      m.spamReasons.forEach(function (r) { reasons.appendChild(el('li', {}, r)); });
      c.appendChild(reasons);
    }
    var actions = el('div', { 'class': 'actions' });
    [['approved', 'admin.action.approve', 'approve'], ['spam', 'admin.action.spam', 'spam'], ['rejected', 'admin.action.reject', '']]
      .forEach(function (a) {
      var b = el('button', { type: 'button', 'class': a[2], 'data-status': a[0] }, t(a[1]));
      b.addEventListener('click', function () { setStatus([m.id], a[0]).then(function () { focusCardAt(c); }); });
      actions.appendChild(b);
    });
    var del = el('button', { type: 'button', 'data-action': 'delete' }, t('admin.action.delete'));
    del.addEventListener('click', function () {
      api('DELETE', '/mentions/' + m.id).then(function () {
        say(t('admin.said.deleted'));
        return loadMentions(false);
      }).then(function () { focusCardAt(c); }).catch(function (e) { say(e.message); });
    });
    actions.appendChild(del);
    var blockLabel = t('admin.action.block', { host: m.sourceHost });
    var block = el('button', { type: 'button', 'class': 'block', 'data-action': 'block' }, blockLabel);
    block.addEventListener('click', function () {
      ask(t('admin.ask.block', { host: m.sourceHost }), blockLabel).then(function (answer) {
        if (answer === 'yes') { blockHost(m.sourceHost).then(function () { focusCardAt(c); }); } else { block.focus(); }
      });
    });
    actions.appendChild(block);
    c.appendChild(actions);
    return c;
  }

  /**
   * After acting on a card the list is read again and that card may be gone: a keyboard user
   * goes on from the card now in its place (or the last one, or the filter when none is left).
   */
  function focusCardAt(card) {
    var index = Number(card.dataset.index);
    var cards = document.querySelectorAll('#mention-list .card');
    var next = cards[Math.min(index, cards.length - 1)];
    if (next) { next.querySelector('.pick').focus(); } else { $('status-filter').focus(); }
  }

  /** The same for a table's rows: the row now at that place, else the last, else this field. */
  function focusRowAt(body, index, fallback) {
    var rows = body.querySelectorAll('tr');
    var row = rows[Math.min(index, rows.length - 1)];
    var button = row && row.querySelector('button');
    (button || fallback).focus();
  }

  function setStatus(ids, status) {
    var call = ids.length === 1 ? api('POST', '/mentions/' + ids[0] + '/status', { status: status })
                                : api('POST', '/mentions/status', { ids: ids, status: status });
    return call.then(function () {
      say(t('admin.said.marked', { status: t('admin.status.' + status), count: ids.length }));
      return loadMentions(false);
    }).catch(function (e) { say(e.message); });
  }

  function blockHost(pattern) {
    return api('POST', '/blocklist', { pattern: pattern }).then(function (r) {
      say(t('admin.said.blocked', { pattern: r.pattern, count: r.markedSpam }));
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
      r.items.forEach(function (entry, index) {
        var row = el('tr');
        row.appendChild(el('td', {}, entry.pattern));
        row.appendChild(el('td', {}, when(entry.createdAt)));
        var cell = el('td');
        var undo = el('button', { type: 'button', 'aria-label': t('admin.action.unblock') + ' ' + entry.pattern }, t('admin.action.unblock'));
        undo.addEventListener('click', function () {
          var path = '/blocklist/' + encodeURIComponent(entry.pattern);
          api('GET', path + '/restorable').then(function (r) {
            if (r.restorable === 0) { return 'other'; }
            return ask(t('admin.ask.restore', { pattern: entry.pattern, count: r.restorable }),
                       t('admin.action.unblockRestore'), t('admin.action.unblockOnly'));
          }).then(function (answer) {
            if (answer === 'cancel') { return 'cancelled'; }
            return api('DELETE', path + (answer === 'yes' ? '?restore=true' : ''));
          }).then(function (r) {
            if (r === 'cancelled') { return; }
            say(r && r.restored !== undefined ? t('admin.said.unblockedRestored', { pattern: entry.pattern, count: r.restored })
                                              : t('admin.said.unblocked', { pattern: entry.pattern }));
            return loadBlocklist().then(function () { focusRowAt(body, index, $('block-pattern')); });
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
      r.items.forEach(function (list, index) {
        var row = el('tr');
        row.appendChild(el('td', {}, list.url));
        row.appendChild(el('td', {}, String(list.hosts)));
        row.appendChild(el('td', {}, list.checkedAt ? when(list.checkedAt) : t('admin.lists.never')));
        row.appendChild(el('td', {}, list.lastError || ''));
        var cell = el('td');
        var refresh = el('button', { type: 'button' }, t('admin.action.refresh'));
        refresh.addEventListener('click', function () {
          api('POST', '/blocklist/subscriptions/' + list.id + '/refresh').then(function (r) {
            say(r.lastError ? t('admin.said.keptCopy', { error: r.lastError }) : t('admin.said.read', { url: list.url, count: r.hosts }));
            return loadLists().then(function () { focusRowAt(body, index, $('list-url')); });
          }).catch(function (e) { say(e.message); });
        });
        var stop = el('button', { type: 'button' }, t('admin.action.unfollow'));
        stop.addEventListener('click', function () {
          api('DELETE', '/blocklist/subscriptions/' + list.id).then(function () {
            say(t('admin.said.unfollowed', { url: list.url }));
            return loadLists().then(function () { focusRowAt(body, index, $('list-url')); });
          }).catch(function (e) { say(e.message); });
        });
        cell.appendChild(refresh);
        cell.appendChild(stop);
        row.appendChild(cell);
        body.appendChild(row);
      });
    }).catch(function (e) { say(e.message); });
  }

  // ---- sending: queued at once, then watched until each link is done ----
  var sendWatch = null;

  function showSending(source) {
    clearTimeout(sendWatch);
    return api('GET', '/outbound?source=' + encodeURIComponent(source)).then(function (r) {
      var body = $('send-list');
      body.replaceChildren();
      r.items.forEach(function (link) {
        var row = el('tr', { 'data-target': link.target, 'data-outcome': link.outcome });
        row.appendChild(el('td', {}, link.target));
        row.appendChild(el('td', {}, link.protocol || '–'));
        var progress = t('admin.sendOutcome.' + link.outcome);
        if (link.outcome === 'pending-retry' && link.nextAttemptAt) {
          progress += ' (' + t('admin.send.retryAt', { time: new Date(link.nextAttemptAt).toLocaleTimeString(lang) }) + ')';
        }
        row.appendChild(el('td', {}, progress));
        row.appendChild(el('td', {}, link.message || ''));
        body.appendChild(row);
      });
      if (r.items.length === 0) { say(t('admin.send.noLinks')); }
      // watch while something is due within a minute; a retry hours ahead is shown with its time
      var soon = Date.now() + 60000;
      var due = r.items.some(function (l) {
        return (l.outcome === 'pending' || l.outcome === 'pending-retry') && (!l.nextAttemptAt || Date.parse(l.nextAttemptAt) <= soon);
      });
      if (due) {
        sendWatch = setTimeout(function () { showSending(source); }, 1000);
      } else if (r.settled && r.items.length) {
        say(t('admin.send.done'));
      }
    }).catch(function (e) { say(e.message); });
  }

  // ---- email: who hears of a site's backlinks, and of what ----
  function loadEmail() {
    var owner = document.querySelector('meta[name=owner-site]').content;
    var sites = owner ? Promise.resolve([owner])
      : api('GET', '/sites').then(function (r) { return r.items.map(function (s) { return s.name; }); });
    return sites.then(function (names) {
      var select = $('email-site');
      var chosen = select.value;
      select.replaceChildren();
      names.forEach(function (n) { select.appendChild(el('option', { value: n }, n)); });
      if (names.indexOf(chosen) >= 0) { select.value = chosen; }
      $('email-site-field').hidden = !!owner;
      $('email-admin').hidden = !!owner;
      return names.length ? showEmail(select.value) : null;
    }).catch(function (e) { say(e.message); });
  }

  function showEmail(name) {
    return api('GET', '/sites/' + encodeURIComponent(name)).then(function (site) {
      $('email-notify').value = site.notify || '';
      document.querySelectorAll('#email-form input[type=checkbox]').forEach(function (box) {
        var events = box.name === 'owner' ? site.notifyEvents : site.adminEvents || [];
        box.checked = events.indexOf(box.value) >= 0;
      });
    }).catch(function (e) { say(e.message); });
  }

  function checked(name) {
    return Array.prototype.map.call(document.querySelectorAll('#email-form input[name=' + name + ']:checked'),
                                    function (box) { return box.value; });
  }

  // ---- audit ----
  function loadAudit(more) {
    var q = new URLSearchParams({ limit: '50' });
    if (more && auditCursor) { q.set('cursor', auditCursor); }
    if (!more) { $('audit-list').replaceChildren(); }
    return api('GET', '/audit?' + q.toString()).then(function (page) {
      page.items.forEach(function (a) {
        var row = el('tr');
        row.appendChild(el('td', {}, when(a.at)));
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
      var number = new Intl.NumberFormat(lang);
      [['admin.figure.accepted', number.format(totals.accepted)], ['admin.figure.held', number.format(totals.held)],
       ['admin.figure.spam', number.format(totals.spam)], ['admin.figure.refused', number.format(totals.refused)],
       ['admin.figure.spamShare', new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(o.spamShare)],
       ['admin.figure.queue', number.format(o.queue.depth) +
                              (o.queue.oldestJobAgeSeconds ? ' (' + t('admin.figure.oldest', { seconds: o.queue.oldestJobAgeSeconds }) + ')' : '')],
       ['admin.figure.learned', t('admin.figure.learnedExamples', { spam: o.learned.spam, ham: o.learned.ham })
                          + (o.learned.spam >= o.learned.minExamples && o.learned.ham >= o.learned.minExamples
                             ? '' : ' (' + t('admin.figure.learnedWaiting', { min: o.learned.minExamples }) + ')')]]
        .forEach(function (f) {
          var box = el('li', { 'class': 'figure' });
          box.appendChild(el('strong', String(f[1]).length > 12 ? { 'class': 'long' } : {}, f[1]));
          box.appendChild(document.createTextNode(t(f[0])));
          figures.appendChild(box);
        });
      // stacked bars, one per day; the tallest day fills the height
      var chart = $('overview-chart');
      chart.replaceChildren(chart.querySelector('title'));
      var days = $('overview-days-table');
      days.replaceChildren();
      var most = Math.max(1, Math.max.apply(null, o.perDay.map(function (d) { return d.accepted + d.held + d.spam + d.refused; })));
      var width = 600 / o.perDay.length;
      o.perDay.forEach(function (d, i) {
        var y = 190;
        var group = svg('g', {});
        var title = svg('title', {});
        title.textContent = d.date + ': ' + OUTCOMES.map(function (k) { return t('admin.outcome.' + k) + ' ' + d[k]; }).join(', ');
        group.appendChild(title);
        // the same figures as text, for anyone who cannot see the bars
        var row = el('tr');
        row.appendChild(el('th', { scope: 'row' }, new Date(d.date + 'T00:00:00Z').toLocaleDateString(lang, { timeZone: 'UTC' })));
        OUTCOMES.forEach(function (k) { row.appendChild(el('td', {}, d[k])); });
        days.appendChild(row);
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
      chart.appendChild(svg('line', { x1: 0, y1: 190.5, x2: 600, y2: 190.5 }));
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
    ['overview', 'mentions', 'blocklist', 'send', 'email', 'audit'].forEach(function (v) { $(v).hidden = v !== view; });
    if (view !== 'send') { clearTimeout(sendWatch); }
    document.querySelectorAll('header nav button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.view === view));
    });
    document.title = t('admin.title') + ': ' + document.querySelector('header nav button[data-view=' + view + ']').textContent;
    say('');
    if (view === 'overview') { loadOverview(); }
    if (view === 'mentions') { loadMentions(false); }
    if (view === 'blocklist') { loadBlocklist(); loadLists(); }
    if (view === 'audit') { loadAudit(false); }
    if (view === 'email') { loadEmail(); }
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
      if (ids.length === 0) { say(t('admin.said.selectFirst')); return; }
      setStatus(ids, b.dataset.bulk);
    });
  });
  $('block-form').addEventListener('submit', function (event) {
    event.preventDefault();
    blockHost($('block-pattern').value.trim()).then(function () { $('block-pattern').value = ''; loadBlocklist(); });
  });
  $('send-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var source = $('send-source').value.trim();
    api('POST', '/send', { source: source }).then(function (r) {
      say(t('admin.said.queued', { count: r.items.filter(function (l) { return l.outcome === 'pending'; }).length }));
      return showSending(source);
    }).catch(function (e) { say(e.message); });
  });
  $('email-site').addEventListener('change', function () { showEmail($('email-site').value); });
  $('email-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var name = $('email-site').value;
    var change = { notify: $('email-notify').value.trim(), notifyEvents: checked('owner') };
    if (!$('email-admin').hidden) { change.adminEvents = checked('admin'); }
    api('PATCH', '/sites/' + encodeURIComponent(name), change).then(function () {
      say(t('admin.said.emailSaved', { site: name }));
    }).catch(function (e) { say(e.message); });
  });
  $('list-form').addEventListener('submit', function (event) {
    event.preventDefault();
    api('POST', '/blocklist/subscriptions', { url: $('list-url').value.trim() }).then(function (r) {
      say(r.lastError ? t('admin.said.followingUnread', { url: r.url, error: r.lastError })
                      : t('admin.said.following', { url: r.url, count: r.hosts }));
      $('list-url').value = '';
      loadLists();
    }).catch(function (e) { say(e.message); });
  });
  // signed in with an owner token: one site, no switcher
  var ownerSite = document.querySelector('meta[name=owner-site]').content;
  if (ownerSite) {
    $('overview-site').closest('label').hidden = true;
    $('signed-in-site').textContent = t('admin.signedInSite', { site: ownerSite });
    $('signed-in-site').hidden = false;
  }
  // an email's "Open in admin" link: /admin/#mentions opens what waits for review
  show(location.hash === '#mentions' ? 'mentions' : 'overview');
}());

/* Duplex demo page: chat, ticker and echo over three channels, and a live view of their transports.
 * ES5, no framework. Everything the page shows comes from the public client API: Duplex.connect, ch.on,
 * ch.send, ch.subscribe, ch.unsubscribe, ch.close, ch.state, ch.transport, ch.rtt, ch.id.
 * For tests: <html data-transport data-state> follow the chat channel, and window.demo exposes the channels. */
(function () {
  'use strict';

  var NICK_COOKIE = 'duplex-nick';
  var MAX_LOG = 200;
  var MAX_TIMELINE = 100;
  var SPARK_POINTS = 40;

  var root = document.documentElement;
  var $ = function (id) { return document.getElementById(id); };

  var demo = window.demo = {
    channel: null,            // the chat channel: the one <html data-transport/data-state> follow
    channels: {},             // chat, ticker, echo
    longPollingOnly: /[?&]transport=long-polling(&|$)/.test(location.search),
    stats: { messages: 0, resets: 0, switches: 0 },
    reconnect: reconnect      // reconnect(longPollingOnly)
  };

  var counts = {};            // messages received, per channel name
  var room = 'lobby';
  var me = readNick();
  var priceHistory = {};      // symbol -> recent prices, for the sparklines
  var joined = '';            // the room the chat channel is subscribed to
  var pendingEchoes = [];     // send times of echoes not yet back, for their round trip
  var lastQuotesAt = 0;

  /* ---------- small helpers ---------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function clock(t) {
    var d = t ? new Date(t) : new Date();
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function pad(n) { return n < 10 ? '0' + n : '' + n; }

  function append(list, item, max) {
    var stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    list.appendChild(item);
    while (list.children.length > max) list.removeChild(list.firstChild);
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function prepend(list, item, max) {
    list.insertBefore(item, list.firstChild);
    while (list.children.length > max) list.removeChild(list.lastChild);
  }

  function readNick() {
    var m = /(?:^|;\s*)duplex-nick=([A-Za-z0-9_\-]{1,20})/.exec(document.cookie);
    return m ? m[1] : '';
  }

  /* The chat handler reads this cookie from the handshake, so a brand-new session (after a long outage)
   * rejoins under the same name. */
  function saveNick(nick) {
    document.cookie = NICK_COOKIE + '=' + nick + '; path=/; max-age=31536000; SameSite=Lax';
  }

  /* ---------- connecting ---------- */

  function options() {
    return demo.longPollingOnly ? { transports: ['long-polling'] } : {};
  }

  function open(name) {
    var ch = Duplex.connect(name, options());
    counts[name] = 0;
    ch.on('message', function () { counted(name); });
    ch.on('transport', function (e) {
      demo.stats.switches++;
      timeline(e.from ? 'move' : 'state', name,
        (e.from || 'start') + ' \u2192 ' + e.to, e.reason + (e.code ? ' (' + e.code + ')' : ''));
      refresh();
    });
    ch.on('state', function (e) {
      if (e.to !== 'connecting') timeline(e.to === 'reconnecting' ? 'down' : 'state', name, e.to, 'was ' + e.from);
      refresh();
    });
    ch.on('reset', function (e) {
      demo.stats.resets++;
      var what = e.reason === 'expired'
        ? 'new session; ' + (e.lost || 0) + ' unsent frame(s) dropped'
        : 'frames ' + e.from + '\u2013' + e.to + ' lost' + (e.topics && e.topics.length ? ' on ' + e.topics.join(', ') : '');
      timeline('reset', name, 'reset: ' + e.reason, what);
      refresh();
    });
    ch.on('error', function (e) { timeline('reset', name, 'error ' + e.code, e.message || ''); });
    ch.on('close', function (e) {
      timeline('state', name, 'closed', e.code + (e.reason ? ' ' + e.reason : ''));
      refresh();
    });
    demo.channels[name] = ch;
    return ch;
  }

  function counted(name) {
    counts[name]++;
    demo.stats.messages++;
  }

  function connectAll() {
    var chat = demo.channel = open('chat');
    joined = '';
    pendingEchoes = [];
    chat.on('message', onChatMessage);
    if (me) chat.send({ type: 'nick', nick: me });
    joinRoom(room);

    var ticker = open('ticker');
    ticker.subscribe('prices', function (update) { counted('ticker'); showQuotes(update); });

    var echo = open('echo');
    echo.on('message', onEcho);
    refresh();
  }

  function reconnect(longPollingOnly) {
    var name;
    demo.longPollingOnly = !!longPollingOnly;
    $('force-lp').checked = demo.longPollingOnly;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', location.pathname + (demo.longPollingOnly ? '?transport=long-polling' : ''));
    }
    timeline('move', 'all', 'reconnecting', demo.longPollingOnly ? 'long-polling only' : 'WebSocket allowed');
    for (name in demo.channels) demo.channels[name].close();
    demo.channels = {};
    $('chat-log').textContent = '';
    connectAll();
  }

  /* ---------- chat ---------- */

  function joinRoom(next) {
    var chat = demo.channel;
    if (joined) chat.unsubscribe('chat/' + joined);
    joined = next;
    room = next;
    $('chat-room-label').textContent = '#' + next;
    $('room').value = next;
    $('chat-members').textContent = '';
    chat.subscribe('chat/' + next, function (event) { counted('chat'); onRoomEvent(event); });
  }

  function onChatMessage(m) {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'you') {
      me = m.nick;
      $('nick').value = m.nick;
      saveNick(m.nick);
    } else if (m.type === 'error') {
      chatLine('error', null, m.message);
    }
  }

  function onRoomEvent(e) {
    if (!e || e.room !== room) return;
    if (e.type === 'say') {
      chatLine('', e.nick, e.text, e.at);
    } else if (e.type === 'join') {
      chatLine('system', null, e.nick + ' joined');
    } else if (e.type === 'leave') {
      chatLine('system', null, e.nick + ' left');
    } else if (e.type === 'rename') {
      chatLine('system', null, e.from + ' is now ' + e.nick);
    }
    if (e.members) showMembers(e.members);
  }

  function chatLine(cls, who, text, at) {
    var li = el('li', cls);
    li.appendChild(el('span', 'time', clock(at)));
    if (who) li.appendChild(el('span', 'who', who));
    li.appendChild(document.createTextNode(text));
    append($('chat-log'), li, MAX_LOG);
  }

  function showMembers(members) {
    var list = $('chat-members'), i, li;
    list.textContent = '';
    for (i = 0; i < members.length; i++) {
      li = el('li', members[i] === me ? 'me' : '', members[i]);
      list.appendChild(li);
    }
    $('chat-count').textContent = members.length + ' here';
  }

  /* ---------- ticker ---------- */

  function showQuotes(update) {
    var body = $('quotes'), quotes = update && update.quotes, i, q, row, h, prev, dir;
    if (!quotes) return;
    lastQuotesAt = new Date().getTime();
    for (i = 0; i < quotes.length; i++) {
      q = quotes[i];
      row = $('q-' + q.symbol);
      if (!row) {
        row = el('tr');
        row.id = 'q-' + q.symbol;
        row.appendChild(el('td', '', q.symbol));
        row.appendChild(el('td', 'num price'));
        row.appendChild(el('td', 'num change'));
        row.appendChild(el('td', 'trend'));
        body.appendChild(row);
      }
      h = priceHistory[q.symbol] = priceHistory[q.symbol] || [];
      prev = h.length ? h[h.length - 1] : q.price;
      h.push(q.price);
      if (h.length > SPARK_POINTS) h.shift();
      dir = q.price > prev ? 'up' : q.price < prev ? 'down' : '';
      row.children[1].textContent = q.price.toFixed(2);
      if (dir) {
        row.children[1].className = 'num price';
        void row.children[1].offsetWidth; // restart the flash animation
        row.children[1].className = 'num price flash-' + dir;
      }
      row.children[2].textContent = (q.change >= 0 ? '+' : '') + q.change.toFixed(2);
      row.children[2].appendChild(el('span', 'pct',
        ' (' + (q.changePct >= 0 ? '+' : '') + q.changePct.toFixed(2) + '%)'));
      row.children[2].className = 'num change ' + (q.change >= 0 ? 'up' : 'down');
      spark(row.children[3], h, q.change >= 0 ? 'up' : 'down');
    }
  }

  function spark(cell, values, cls) {
    var w = 90, hgt = 24, min = Math.min.apply(null, values), max = Math.max.apply(null, values);
    var range = max - min || 1, pts = [], i, svg, line;
    for (i = 0; i < values.length; i++) {
      pts.push((i * w / Math.max(values.length - 1, 1)).toFixed(1) + ',' + (hgt - 2 - (values[i] - min) / range * (hgt - 4)).toFixed(1));
    }
    svg = cell.firstChild;
    if (!svg) {
      svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
      svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'polyline'));
      cell.appendChild(svg);
    }
    svg.setAttribute('class', 'spark ' + cls);
    line = svg.firstChild;
    line.setAttribute('points', pts.join(' '));
  }

  /* ---------- echo ---------- */

  function sendEcho(text) {
    var data = text;
    try { data = JSON.parse(text); } catch (ignored) { /* plain text */ }
    pendingEchoes.push(new Date().getTime());
    demo.channels.echo.send(data);
  }

  function onEcho(data) {
    var sent = pendingEchoes.shift(), li = el('li', '', JSON.stringify(data));
    if (sent) li.insertBefore(el('span', 'rtt', (new Date().getTime() - sent) + ' ms'), li.firstChild);
    prepend($('echo-log'), li, 20);
  }

  /* ---------- transport panel ---------- */

  function timeline(kind, name, what, why) {
    var li = el('li', kind);
    li.appendChild(el('span', 'time', clock()));
    li.appendChild(el('span', 'tag', name));
    li.appendChild(document.createTextNode(what + ' '));
    if (why) li.appendChild(el('span', 'why', why));
    prepend($('timeline'), li, MAX_TIMELINE);
  }

  function short(t) {
    return t === 'websocket' ? 'ws' : t === 'long-polling' ? 'lp' : '';
  }

  function refresh() {
    var chat = demo.channel, body = $('channels'), name, ch, row, total = 0;
    if (!chat) return;
    root.setAttribute('data-transport', chat.transport || '');
    root.setAttribute('data-state', chat.state);
    $('t-badge').textContent = chat.state !== 'open' ? chat.state
      : chat.transport === 'websocket' ? 'WebSocket' : 'Long-polling';
    $('t-state').textContent = chat.state;
    $('t-rtt').textContent = chat.rtt == null ? '\u2013' : Math.round(chat.rtt) + ' ms';
    $('t-resets').textContent = demo.stats.resets;
    $('session').textContent = chat.id ? 'chat session ' + chat.id : '\u00a0';
    body.textContent = '';
    for (name in demo.channels) {
      ch = demo.channels[name];
      total += counts[name];
      row = el('tr');
      row.appendChild(el('td', '', '/' + name));
      row.appendChild(el('td', short(ch.transport), ch.transport || '\u2013'));
      row.appendChild(el('td', ch.state === 'open' ? '' : 'bad', ch.state));
      row.appendChild(el('td', 'num', ch.rtt == null ? '\u2013' : Math.round(ch.rtt) + ''));
      row.appendChild(el('td', 'num', counts[name] + ''));
      body.appendChild(row);
    }
    $('t-messages').textContent = total;
    $('ticker-age').textContent = !lastQuotesAt ? 'waiting'
      : new Date().getTime() - lastQuotesAt < 3000 ? 'live' : 'stale';
  }

  /* ---------- wiring ---------- */

  $('force-lp').checked = demo.longPollingOnly;
  $('force-lp').addEventListener('change', function () { reconnect(this.checked); });

  $('nick-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var nick = $('nick').value.replace(/^\s+|\s+$/g, '');
    if (nick) demo.channel.send({ type: 'nick', nick: nick });
  });

  $('room-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var next = $('room').value.replace(/^\s+|\s+$/g, '').toLowerCase();
    if (next && next !== room) {
      $('chat-log').textContent = '';
      joinRoom(next);
    }
  });

  $('say-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('say').value.replace(/^\s+|\s+$/g, '');
    if (!text) return;
    demo.channel.send({ type: 'say', room: room, text: text });
    $('say').value = '';
  });

  $('echo-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('echo-text').value;
    if (!text) return;
    sendEcho(text);
    $('echo-text').value = '';
  });

  if (me) $('nick').value = me;
  if (demo.longPollingOnly) timeline('move', 'all', 'long-polling only', '?transport=long-polling');
  connectAll();
  setInterval(refresh, 1000);
})();

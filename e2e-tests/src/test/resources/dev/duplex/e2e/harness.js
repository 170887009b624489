/* Injected into the page under test (ES5: HtmlUnit runs it too). Opens channels with the public client API and
 * records, per channel, a timeline of transport/state/open/reset/error/close events and every message. */
(function () {
  if (window.__e2e) return true;
  var t0 = Date.now();
  var E = { ch: {} };

  function at() {
    return (Date.now() - t0) + 'ms ';
  }

  function text(d) {
    return typeof d == 'string' ? d : JSON.stringify(d);
  }

  E.open = function (name, url, opts) {
    var r = { tl: [], got: [], topic: [], errors: [], resets: [], opens: 0, sent: 0, start: Date.now(), firstAt: -1 };
    var ch = Duplex.connect(url, opts || {});
    r.ch = ch;
    ch.on('transport', function (e) {
      r.tl.push(at() + 'transport ' + e.from + '>' + e.to + ' ' + e.reason + (e.code ? ' ' + e.code : ''));
    });
    ch.on('state', function (e) { r.tl.push(at() + 'state ' + e.from + '>' + e.to); });
    ch.on('open', function () { r.opens++; r.tl.push(at() + 'open'); });
    ch.on('message', function (d) {
      if (r.firstAt < 0) r.firstAt = Date.now() - r.start;
      r.got.push(d);
    });
    ch.on('reset', function (e) { r.resets.push(e); r.tl.push(at() + 'reset ' + text(e)); });
    ch.on('error', function (e) { r.errors.push(e); r.tl.push(at() + 'error ' + text(e)); });
    ch.on('close', function (e) { r.tl.push(at() + 'close ' + text(e)); });
    E.ch[name] = r;
    return true;
  };

  E.subscribe = function (name, topic) {
    var r = E.ch[name];
    r.ch.subscribe(topic, function (d) { r.topic.push(d); });
    return true;
  };

  E.send = function (name, d) {
    E.ch[name].ch.send(d);
    E.ch[name].sent++;
    return true;
  };

  E.close = function (name) {
    E.ch[name].ch.close();
    return true;
  };

  E.sendRange = function (name, prefix, from, to) {
    for (var i = from; i < to; i++) E.send(name, prefix + i);
    return to - from;
  };

  /* Sends prefix0..prefix(total-1), at most perTick every 20 ms and at most `window` unechoed. */
  E.pump = function (name, prefix, total, window, perTick) {
    var r = E.ch[name];
    var timer = setInterval(function () {
      for (var n = 0; n < perTick && r.sent < total && r.sent - r.got.length < window; n++) {
        E.send(name, prefix + r.sent);
      }
      if (r.sent >= total) clearInterval(timer);
    }, 20);
    return true;
  };

  E.status = function (name) {
    var r = E.ch[name], root = document.documentElement;
    return {
      transport: r.ch.transport || null, state: r.ch.state, id: r.ch.id || null, got: r.got.length,
      topic: r.topic.length, sent: r.sent, opens: r.opens, errors: r.errors.length, resets: r.resets.length,
      firstAt: r.firstAt, page: root.getAttribute('data-transport'), pageState: root.getAttribute('data-state'),
      everWebSocket: r.tl.join('\n').indexOf('>websocket') > -1
    };
  };

  /* Whether this tab remembers a failed WebSocket for the mount (the client's sessionStorage memory). */
  E.wsFailed = function (mount) {
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var k = sessionStorage.key(i);
        if (k.indexOf('duplex.ws ') == 0 && k.indexOf(mount) > -1) return sessionStorage.getItem(k);
      }
    } catch (e) { /* no storage */ }
    return null;
  };

  E.got = function (name) {
    return E.ch[name].got;
  };

  E.topic = function (name) {
    return E.ch[name].topic;
  };

  E.report = function () {
    var out = [], k, r;
    for (k in E.ch) {
      r = E.ch[k];
      out.push('channel ' + k + ': transport=' + r.ch.transport + ' state=' + r.ch.state + ' id=' + r.ch.id
        + ' sent=' + r.sent + ' got=' + r.got.length + ' topic=' + r.topic.length + ' resets=' + r.resets.length
        + '\n  timeline:\n    ' + r.tl.join('\n    ')
        + '\n  last messages: ' + r.got.slice(-12).map(text).join(' | ')
        + '\n  last topic messages: ' + r.topic.slice(-4).map(text).join(' | '));
    }
    out.push('page: data-transport=' + document.documentElement.getAttribute('data-transport')
      + ' data-state=' + document.documentElement.getAttribute('data-state'));
    return out.join('\n');
  };

  window.__e2e = E;
  return true;
})()

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

  /* An ArrayBuffer as {bytes: '0,1,255'}, which WebDriver can hand back; anything else as it is. */
  function plain(d) {
    return typeof ArrayBuffer != 'undefined' && d instanceof ArrayBuffer
      ? { bytes: Array.prototype.slice.call(new Uint8Array(d)).join(',') } : d;
  }

  E.open = function (name, url, opts) {
    var r = { tl: [], got: [], topic: [], errors: [], resets: [], opens: 0, resumes: 0, sent: 0, start: Date.now(),
      firstAt: -1, pressures: 0, drains: 0, maxBuffered: 0, closes: [], transports: 0, states: 0 };
    opts = opts || {};
    // Debug lines go to the timeline, so a failure report shows the client's transport decisions.
    if (opts.debug) opts.console = { log: function (line) { r.tl.push(at() + line); } };
    var ch = Duplex.connect(url, opts);
    r.ch = ch;
    ch.on('transport', function (e) {
      r.transports++;
      r.tl.push(at() + 'transport ' + e.from + '>' + e.to + ' ' + e.reason + (e.code ? ' ' + e.code : ''));
    });
    ch.on('state', function (e) { r.states++; r.tl.push(at() + 'state ' + e.from + '>' + e.to); });
    ch.on('open', function () { r.opens++; r.tl.push(at() + 'open'); });
    ch.on('resumed', function () { r.resumes++; r.tl.push(at() + 'resumed'); });
    ch.on('pressure', function (e) {
      if (r.pressures++ < 5) r.tl.push(at() + 'pressure ' + text(e) + ' buffered=' + ch.bufferedAmount);
    });
    ch.on('drain', function () { r.drains++; });
    ch.on('message', function (d) {
      if (r.firstAt < 0) r.firstAt = Date.now() - r.start;
      r.got.push(plain(d));
    });
    ch.on('reset', function (e) { r.resets.push(e); r.tl.push(at() + 'reset ' + text(e)); });
    ch.on('error', function (e) {
      // A flood refused by a full queue raises one queue_full per refused send: keep the first few.
      if (e.code != 'queue_full' || r.errors.length < 5) { r.errors.push(e); r.tl.push(at() + 'error ' + text(e)); }
    });
    ch.on('close', function (e) { r.closes.push(e); r.tl.push(at() + 'close ' + text(e)); });
    E.ch[name] = r;
    return true;
  };

  /* On pagehide (after the channel's own listener, which parks the session with resume: 'tab'), keeps the
   * channel's id and topic messages in sessionStorage for the tab's next page: what this page had when it left. */
  E.keepOnLeave = function (name) {
    window.addEventListener('pagehide', function () {
      var r = E.ch[name];
      sessionStorage.setItem('e2e.left ' + name, JSON.stringify({ id: r.ch.id, topic: r.topic, resets: r.resets, tl: r.tl }));
    });
    return true;
  };

  E.startedAt = function (name) {
    return E.ch[name].start;
  };

  E.left = function (name) {
    return JSON.parse(sessionStorage.getItem('e2e.left ' + name));
  };

  /* Makes the session this tab parked for url unknown to the server, as past its resume window. */
  E.forgetParked = function (url) {
    var key = 'duplex.tab ' + location.protocol + '//' + location.host + url, parked = JSON.parse(sessionStorage.getItem(key));
    parked.h.sid = parked.h.sid + 'x';
    sessionStorage.setItem(key, JSON.stringify(parked));
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

  /* Sends a string of n characters; returns send()'s answer. */
  E.sendBig = function (name, n) {
    return E.ch[name].ch.send(new Array(n + 1).join('x'));
  };

  E.errors = function (name) {
    return E.ch[name].errors;
  };

  E.closes = function (name) {
    return E.ch[name].closes;
  };

  /* Tries to send prefix0, prefix1... at perSecond for seconds, in ticks of 20 ms. A refused send (queue full:
   * the application sees the pressure) is tried again on the next tick, so every accepted message is the next
   * in order. Records the largest bufferedAmount seen. */
  E.flood = function (name, prefix, perSecond, seconds) {
    var r = E.ch[name], perTick = perSecond / 50, end = Date.now() + seconds * 1000;
    r.refused = 0;
    r.floodDone = false;
    var timer = setInterval(function () {
      for (var n = 0; n < perTick; n++) {
        if (!r.ch.send(prefix + r.sent)) {
          r.refused++;
          break;
        }
        r.sent++;
      }
      if (r.ch.bufferedAmount > r.maxBuffered) r.maxBuffered = r.ch.bufferedAmount;
      if (Date.now() >= end) {
        clearInterval(timer);
        r.floodDone = true;
      }
    }, 20);
    return true;
  };

  /* How many requests this page made to URLs containing fragment (Resource Timing: XHRs included). */
  E.requests = function (fragment) {
    var n = 0, all = performance.getEntriesByType('resource');
    for (var i = 0; i < all.length; i++) if (all[i].name.indexOf(fragment) > -1) n++;
    return n;
  };

  /* A Duplex.WebSocket named name, recording its events in order with readyState. */
  E.openWs = function (name, url, opts) {
    var r = E.ch[name] = { tl: [], got: [], ev: [], topic: [], resets: [], sent: 0, ch: null };
    var ws = new Duplex.WebSocket(url, opts || {});
    r.ws = ws;
    r.ch = ws.channel;
    r.ch.on('transport', function (e) { r.tl.push(at() + 'transport ' + e.from + '>' + e.to + ' ' + e.reason); });
    ws.onopen = function () { r.ev.push({ type: 'open', readyState: ws.readyState }); };
    ws.onerror = function (e) { r.ev.push({ type: 'error', code: e.code, message: e.message, readyState: ws.readyState }); };
    ws.onclose = function (e) {
      r.ev.push({ type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean, readyState: ws.readyState });
    };
    ws.onmessage = function (e) { r.got.push(e.data); };
    return true;
  };

  E.wsEvents = function (name) {
    var r = E.ch[name];
    return { events: r.ev, transport: r.ws.transport, readyState: r.ws.readyState, got: r.got };
  };

  E.wsSend = function (name, text) {
    E.ch[name].ws.send(text);
    return true;
  };

  /* The Channel API beyond messages: binary sends, requests both ways, the chosen subprotocol. */
  E.sendBytes = function (name, bytes) {
    return E.ch[name].ch.send(new Uint8Array(bytes));
  };

  /* Asks the server; the answer (or the failure's code) lands in the channel's answers, in order of arrival. */
  E.request = function (name, data, timeout, asBytes) {
    var r = E.ch[name];
    r.answers = r.answers || [];
    r.ch.request(asBytes ? new Uint8Array(data).buffer : data, { timeout: timeout }).then(
      function (a) { r.answers.push({ answer: plain(a) }); },
      function (e) { r.answers.push({ code: e.code, message: e.message }); });
    return true;
  };

  /* Answers the server's requests: bytes reversed, 'no' refused with code 'denied', anything else quoted. */
  E.answerRequests = function (name) {
    E.ch[name].ch.onRequest(function (q) {
      if (typeof ArrayBuffer != 'undefined' && q instanceof ArrayBuffer) {
        return new Uint8Array(Array.prototype.slice.call(new Uint8Array(q)).reverse()).buffer;
      }
      if (q == 'no') { var e = new Error('not on this page'); e.code = 'denied'; throw e; }
      return 'page says ' + q;
    });
    return true;
  };

  E.api = function (name) {
    var r = E.ch[name];
    return { answers: r.answers || [], protocol: r.ch.protocol, transport: r.ch.transport || null, got: r.got,
      errors: r.errors, closes: r.closes, state: r.ch.state };
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
      resumes: r.resumes, pressures: r.pressures, drains: r.drains, buffered: r.ch.bufferedAmount,
      maxBuffered: r.maxBuffered, refused: r.refused || 0, floodDone: !!r.floodDone, transports: r.transports,
      states: r.states,
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
        + (r.ev ? '\n  WebSocket events: ' + text(r.ev) : '')
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

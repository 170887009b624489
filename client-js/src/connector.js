/* The connector: the transport policy, in one place apart from both transports and from the channel
 * (PROTOCOL.md section 5). Start with the handshake and long-polling so messages flow at once; upgrade to
 * WebSocket in the background and trust it only after its welcome; downgrade to long-polling in the same
 * session when it dies; re-upgrade later with backoff; when everything fails, reconnect with backoff and
 * resume, up to maxAttempts; when the session expired, say so and start a new one. A refusal that retrying
 * cannot mend (a wrong mount, a foreign origin, a forbidden user) closes the channel with its reason. */

/** @param {Channel} channel the channel it connects */
function Connector(channel) {
  var o = channel._options;
  this._channel = channel;
  this._options = o;
  this._timers = new Timers(o);
  this._reconnects = new Backoff(o.reconnectMin, o.reconnectMax, o.random);
  this._upgrades = new Backoff(o.upgradeMin, o.upgradeMax, o.random);
  this._failures = 0; // connection attempts failed in a row
  this._current = this._pending = this._params = null;
}

var L = Connector.prototype;

L._log = function (text) {
  debug(this._options, this._channel._base, text);
};

L._allows = function (kind) {
  return this._options.transports.indexOf(kind) > -1 && (kind != 'websocket' || !!(this._options.WebSocket && this._params.ws));
};

/* The first connection: a new session, or with resume: 'tab' the one this tab's previous page parked. */
L._start = function () {
  var parked = this._options.resume == 'tab' && tabTake(this._options, this._channel._base);
  if (!parked || !parked.h) return this._handshake();
  this._session(parked.h);
  this._channel._unpark(parked);
  this._attach(); // a resume: open on its first 200, or unknown_session past the window
};

/* POST M/handshake: a new session. */
L._handshake = function () {
  var self = this, o = this._options, ch = this._channel;
  if (ch.state == 'closed') return;
  if (this._hs) this._hs.abort();
  this._hs = request(o, 'POST', ch._base + '/handshake', {}, JSON.stringify({ v: 1, protocols: o.protocols }), o.requestTimeout, function (status, text, xhr) {
    var h = 0;
    self._hs = 0;
    try { h = JSON.parse(text); } catch (e) { /* refused below */ }
    if (status != 200 || !h || !h.sid) return self._refused(status, text, xhr);
    self._session(h);
    self._attach(1);
  });
};

/* Takes the session the handshake h describes. */
L._session = function (h) {
  var o = this._options, ch = this._channel;
  ch.id = h.sid;
  ch.protocol = h.protocol || '';
  this._h = h;
  this._params = {
    hb: o.hb || h.hb, hbTimeout: o.hbTimeout || h.hbTimeout, poll: o.poll || h.poll, ws: h.ws,
    maxMessage: h.maxMessage, maxBatch: h.maxBatch || 100, maxPostBytes: h.maxPostBytes || 1048576
  };
  this._ticket = {
    base: ch._base, sid: h.sid, token: h.token, protocol: h.protocol, // the token is a secret: never shown to the app
    received: function () { return ch._received; },
    hb: this._params.hb, hbTimeout: this._params.hbTimeout, poll: this._params.poll,
    maxBatch: this._params.maxBatch, maxPostBytes: this._params.maxPostBytes, o: o
  };
};

/* A handshake without a session. 4xx (but 408 and 429) is the server's final word: a wrong mount (404),
 * a foreign origin or a forbidden user (403). Anything else may pass: retry with backoff. */
L._refused = function (status, text, xhr) {
  var e = httpError(status, text, xhr), ch = this._channel;
  if (e.code == 'shutting_down') return this._lost(e, e.retry || 0);
  this._log('handshake refused: ' + e.code + ' (' + e.message + ')' + (
    e.code == 'not_found' ? ': is the mount path ' + ch._base + ' right?' :
    e.code == 'forbidden_origin' ? ': add this page\'s origin to the server\'s allowedOrigins' :
    !status && crossOrigin(ch._base + '/', this._options.location) ? ': the network failed, or the server refused this page\'s origin' : ''));
  if (status > 399 && status < 500 && status != 408 && status != 429) {
    return ch._fail(e.code, e.message, e.code == 'not_found' ? 4404 : 4000 + status);
  }
  if (status) ch._emit('error', { code: e.code, message: e.message });
  this._lost({ code: 1006, reason: e.code });
};

/* Attaches the first transport the options allow (long-polling unless it is excluded). fresh: right
 * after a handshake, which already proved the session open; otherwise a resume, open on its first 200. */
L._attach = function (fresh, reason, code) {
  var ch = this._channel, lp = this._allows('long-polling') || !this._allows('websocket'),
    t = lp ? new LongPoll(this._ticket) : new WsTransport(this._ticket);
  this._wire(t);
  if (!lp) return (this._pending = t);
  this._use(t, 'long-polling', reason || (fresh ? 'open' : 'reconnect'), code);
  if (fresh) {
    t.readyState = 1;
    this._tell(!this._options.WebSocket ? 'no_websocket' : memGet(this._options, ch._base) && 'remembered');
    this._opened(t);
  } else if (!ch._queue.items.length) t.send([{ t: 'ack', ack: ch._received }]); // probe the session at once
};

L._wire = function (t) {
  var self = this;
  t.onopen = function (welcome) { self._opened(t, welcome); };
  t.onmessage = function (frames) { self._channel._in(frames, t); };
  t.onclose = function (e) { self._closed(t, e); };
  t.onrtt = function (ms) { self._channel.rtt = ms; };
};

/* Makes t the carrier. */
L._use = function (t, kind, reason, code) {
  this._current = t;
  this._channel._carrier(kind, reason, code);
};

/* A transport proved itself: a long-poll got a 200, or a WebSocket got its welcome. */
L._opened = function (t, welcome) {
  var old = this._current, ch = this._channel;
  if (welcome) {
    this._timers._clear('welcome');
    this._pending = 0;
    memClear(this._options, ch._base);
    this._upgrades.reset();
    ch._queue.ack(welcome.ack); // the carrier below re-sends from here (and counts bufferedAmount)
    this._log('on websocket');
    this._use(t, 'websocket', old ? 'upgrade' : 'open');
    if (old) old.close(); // no send after this point: a long-poll POST would supersede the WebSocket
  }
  this._reconnects.reset();
  this._failures = 0;
  ch._connected();
  if (!welcome) this._upgradeLater();
};

/* Schedules the next upgrade: after the re-upgrade backoff and after any remembered failure. */
L._upgradeLater = function () {
  var self = this, m = memGet(this._options, this._channel._base), at = Math.max(this._upgradeAt || 0, m ? m.until : 0);
  if (this._allows('websocket') && this._channel.transport != 'websocket' && !this._pending) {
    this._timers._set('upgrade', Math.max(0, at - this._options.now()), function () { self._upgrade(); });
  }
};

L._upgrade = function () {
  var ws;
  if (this._channel.state != 'open' || this._channel._closing || !this._current || this._pending || this._channel.transport == 'websocket') return;
  this._current.probe(1); // polls go on meanwhile, marked so that none supersedes the WebSocket
  ws = this._pending = new WsTransport(this._ticket);
  this._wire(ws);
  this._timers._set('welcome', this._options.upgradeTimeout, function () {
    // A 101 then silence (or no answer at all): this WebSocket carries nothing.
    ws._end(4408, 'no_welcome');
  });
};

/* Tells the server why this session is on long-polling (PROTOCOL.md section 5.2): once per reason and
 * session, on the long-polling transport, unless the telemetry option is false. */
L._tell = function (why) {
  var k = this._ticket;
  if (why && this._options.telemetry !== false && !k['?' + why]) {
    k['?' + why] = 1;
    this._current.send([{ t: 'fallback', reason: why }]);
  }
};

/* A transport ended on its own. */
L._closed = function (t, e) {
  var now = this._options.now(), ch = this._channel;
  // Closing: the carrier's end (or the session's) ends the channel; no downgrade, no new session.
  if (ch._closing && (t == this._current || e.code == 4404)) return this._lost(e);
  if (e.code == 4404 && (t == this._current || t == this._pending)) return this._expire();
  if (t == this._pending) {
    this._timers._clear('welcome');
    this._pending = 0;
    if (!this._current) return this._lost(e); // WebSocket-only: nothing to fall back to
    if (e.code == 4409) {
      // Superseded before welcome: a poll sent just before the hello reached the server after it. That
      // says nothing about this network's WebSockets, so retry soon and remember nothing.
      this._upgradeAt = now + this._options.upgradeMin;
    } else if (e.code == 1013) {
      // Try again later: in a cluster the session's node was busy or the session moving. Transient, and
      // nothing about this network's WebSockets: back off, remember nothing.
      this._upgradeAt = now + this._upgrades.next();
    } else {
      e = e.reason || '' + e.code;
      this._log('websocket failed (' + e + '), staying on long-polling');
      memSet(this._options, ch._base, e); // the upgrade failed: remember it for this tab
      this._tell(e);
      this._upgradeAt = now + this._upgrades.next();
    }
    this._current.probe(0);
    return this._upgradeLater();
  }
  if (t != this._current) return; // a stale transport
  if (e.code == 1001) return this._lost(e, 0); // the node stops, without advice: come back in 1-5 s
  this._current = 0;
  // The server refused a message as too large: sending it again would be refused again, forever.
  if (e.code == 1009) return ch._fail('too_large', 'the server refused a message as too large', 1009);
  if (e.code == 4403 || e.code == 4400) ch._emit('error', { code: e.reason, message: 'transport refused' });
  if (ch.transport == 'websocket' && ch.state == 'open' && this._allows('long-polling')) {
    // Downgrade in the same session, invisible to the app; try the WebSocket again later.
    this._log('websocket closed (' + e.code + '), down to long-polling');
    this._upgradeAt = now + this._upgrades.next();
    return this._attach(0, 'downgrade', e.code);
  }
  this._lost(e);
};

/* Both transports failed (server down, network gone): reconnect with backoff, resuming the session, or
 * give up after maxAttempts failures in a row. With away, the ms a stopping node advised (0: none; an away
 * frame, 503 shutting_down, close 1001; PROTOCOL.md section 5.1): no failure, so no attempt counted and no
 * reset; resume the same session after the advice (else 1-5 s) plus up to half as much again. */
L._lost = function (e, away) {
  var self = this, ch = this._channel, o = this._options, max = o.maxAttempts, delay;
  if (ch._closing) return ch._end(); // the transport failed while closing: end now, no reconnect
  if (ch.state == 'closed') return;
  this._drop();
  if (away == null && max && ++this._failures >= max) {
    this._log('giving up after ' + max + ' attempts');
    return ch._fail(e.reason || 'network', 'gave up after ' + max + ' attempts', 1006);
  }
  ch._reconnecting();
  delay = away == null ? this._reconnects.next() : Math.floor((away || 1000 + 4000 * o.random()) * (1 + o.random() / 2));
  this._log('reconnecting in ' + delay + ' ms (' + (e.reason || e.code || e.t) + ')');
  this._timers._set('reconnect', delay, function () { self._resume(); });
};

L._drop = function () {
  if (this._current) this._current.close();
  if (this._pending) this._pending.close();
  this._current = this._pending = 0;
  this._timers._clear('upgrade');
  this._timers._clear('welcome');
};

L._resume = function () {
  this._timers._clear('reconnect');
  this._drop();
  if (this._channel.id) this._attach();
  else this._handshake();
};

/* The server no longer knows the session: the channel reports the loss, then a new session starts after a
 * random pause of up to reconnectMin, so that the clients of a node that died come back spread out. */
L._expire = function () {
  var self = this, o = this._options;
  this._drop();
  this._channel._expired();
  this._timers._set('reconnect', Math.floor(o.random() * o.reconnectMin), function () { self._handshake(); });
};

/* The channel closed: stop everything; long-polling still POSTs the close frame, best effort. */
L._stop = function () {
  this._timers._clearAll();
  if (this._hs) this._hs.abort();
  if (this._pending) this._pending.close();
  if (this._current) this._current.close(1);
  this._current = this._pending = this._hs = 0;
};

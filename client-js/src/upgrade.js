/* The transport policy, in one place apart from both transports (PROTOCOL.md section 5): start with the
 * handshake and long-polling so messages flow at once; upgrade to WebSocket in the background and trust it
 * only after its welcome; downgrade to long-polling in the same session when it dies; re-upgrade later
 * with backoff; when everything fails, reconnect with backoff and resume; when the session expired, say
 * so ('reset') and start a new one. */
var U = Channel.prototype;

U._can = function (k) {
  return this._o.transports.indexOf(k) > -1 && (k != 'websocket' || !!(this._o.WebSocket && this._h.ws));
};

/* POST M/handshake: a new session. */
U._hs = function () {
  var self = this, o = this._o;
  if (this.state == 'closed') return;
  if (this._hx) this._hx.abort();
  this._hx = request(o, 'POST', this._base + '/handshake', {}, '{"v":1}', o.requestTimeout, function (st, text) {
    var h = 0;
    self._hx = 0;
    try { h = JSON.parse(text); } catch (e) { /* refused below */ }
    if (st != 200 || !h.sid) return self._lost({ code: 1006, reason: httpError(st, text) });
    self.id = h.sid;
    self._token = h.token; // a secret: kept here, never shown to the application
    self._h = { hb: o.hb || h.hb, hbTimeout: o.hbTimeout || h.hbTimeout, poll: o.poll || h.poll, maxBatch: h.maxBatch, ws: h.ws };
    self._attach(1);
  });
};

/* Attaches the first transport the options allow (long-polling unless it is excluded). fresh: right
 * after a handshake, which already proved the session open; otherwise a resume, open on its first 200. */
U._attach = function (fresh, reason, code) {
  var lp = this._can('long-polling') || !this._can('websocket'), t = lp ? new LongPoll(this) : new WsTransport(this);
  this._wire(t);
  if (!lp) return (this._pend = t);
  this._use(t, 'long-polling', reason || (fresh ? 'open' : 'reconnect'), code);
  if (fresh) {
    t.readyState = 1;
    this._opened(t);
  } else if (!this._q.items.length) t.send([{ t: 'ack', ack: this._recv }]); // probe the session at once
};

U._wire = function (t) {
  var self = this;
  t.onopen = function (w) { self._opened(t, w); };
  t.onmessage = function (fs) { self._in(fs, t); };
  t.onclose = function (e) { self._closed(t, e); };
  t.onrtt = function (ms) { self.rtt = ms; };
};

/* Makes t the carrier. Everything the peer has not acked goes out again; the peer drops duplicates. */
U._use = function (t, kind, reason, code) {
  var from = this.transport;
  this._tr = t;
  this.transport = kind;
  this._sent = this._q.acked;
  this._un = 0;
  if (from != kind) this._emit('transport', { from: from, to: kind, reason: reason, code: code });
  this._flush();
};

/* A transport proved itself: a long-poll got a 200, or a WebSocket got its welcome. */
U._opened = function (t, welcome) {
  var old = this._tr;
  if (welcome) {
    later(this, 'ut', -1);
    this._pend = 0;
    memClear(this);
    this._wbo.reset();
    this._q.ack(welcome.ack);
    this._use(t, 'websocket', old ? 'upgrade' : 'open');
    if (old) old.close(); // no send after this point: a long-poll POST would supersede the WebSocket
  }
  this._bo.reset();
  if (this.state != 'open') {
    setState(this, 'open');
    this._emit('open');
  }
  if (!welcome) this._upgradeLater();
};

/* Schedules the next upgrade: after the re-upgrade backoff and after any remembered failure. */
U._upgradeLater = function () {
  var self = this, m = memGet(this), at = Math.max(this._upAt || 0, m ? m.until : 0);
  if (this._can('websocket') && this.transport != 'websocket' && !this._pend) {
    later(this, 'up', Math.max(0, at - this._o.now()), function () { self._upgrade(); });
  }
};

U._upgrade = function () {
  var self = this, ws;
  if (this.state != 'open' || !this._tr || this._pend || this.transport == 'websocket') return;
  this._tr.probe(1); // polls go on meanwhile, marked so that none supersedes the WebSocket
  ws = this._pend = new WsTransport(this);
  this._wire(ws);
  later(this, 'ut', this._o.upgradeTimeout, function () {
    // A 101 then silence (or no answer at all): this WebSocket carries nothing.
    ws._end(4408, 'no_welcome');
  });
};

/* A transport ended on its own. */
U._closed = function (t, e) {
  var now = this._o.now();
  if (e.code == 4404 && (t == this._tr || t == this._pend)) return this._expire();
  if (t == this._pend) {
    later(this, 'ut', -1);
    this._pend = 0;
    if (!this._tr) return this._lost(e); // WebSocket-only: nothing to fall back to
    if (e.code == 4409) {
      // Superseded before welcome: a poll sent just before the hello reached the server after it. That
      // says nothing about this network's WebSockets, so retry soon and remember nothing.
      this._upAt = now + this._o.upgradeMin;
    } else {
      memSet(this, e.reason || '' + e.code); // the upgrade failed: remember it for this tab
      this._upAt = now + this._wbo.next();
    }
    this._tr.probe(0);
    return this._upgradeLater();
  }
  if (t != this._tr) return; // a stale transport
  this._tr = 0;
  if (e.code == 4403 || e.code == 4400) this._emit('error', { code: e.reason, message: 'transport refused' });
  if (this.transport == 'websocket' && this.state == 'open' && this._can('long-polling')) {
    // Downgrade in the same session, invisible to the app; try the WebSocket again later.
    this._upAt = now + this._wbo.next();
    return this._attach(0, 'downgrade', e.code);
  }
  this._lost(e);
};

/* Both transports failed (server down, network gone): reconnect with backoff, resuming the session. */
U._lost = function () {
  var self = this;
  if (this.state == 'closed') return;
  this._drop();
  if (this.state != 'reconnecting') setState(this, 'reconnecting');
  later(this, 'rc', this._bo.next(), function () { self._resume(); });
};

U._drop = function () {
  if (this._tr) this._tr.close();
  if (this._pend) this._pend.close();
  this._tr = this._pend = 0;
  later(this, 'up', -1);
  later(this, 'ut', -1);
};

U._resume = function () {
  later(this, 'rc', -1);
  this._drop();
  if (this.id) this._attach();
  else this._hs();
};

/* The server no longer knows the session: tell the app what was lost, then start a new session and
 * subscribe again to every topic the app still listens to. */
U._expire = function () {
  var lost = this._q.items.length, k;
  this._drop();
  this.id = null;
  this._q.reset();
  this._recv = 0;
  for (k in this._subs) this._q.push({ t: 'sub', topic: k }, 1);
  if (this.state == 'open') setState(this, 'reconnecting');
  this._emit('reset', { reason: 'expired', lost: lost });
  this._hs();
};

/* The channel: the public API, its events, and the session's reliability (sequence numbers, cumulative
 * acks, dedupe, replay; PROTOCOL.md sections 3-4). Which transport carries it is upgrade.js's business:
 * transports are replaceable pipes, so a switch or a reconnect loses, duplicates and reorders nothing. */

/**
 * A channel to the handler mounted at url. Use Duplex.connect(url, options).
 * @param {string} url mount path, relative ("/app/echo") or absolute ("https://host/app/echo")
 * @param {Object=} opts options (see duplex.d.ts)
 * @constructor
 */
function Channel(url, opts) {
  var self = this, o = this._o = options(opts), w = o.window, k;
  /** 'connecting' | 'open' | 'reconnecting' | 'closed' */
  this.state = 'connecting';
  /** 'websocket' | 'long-polling' | null before the first transport */
  this.transport = this.id = this.rtt = null;
  this._ev = Object.create(null);
  this._subs = Object.create(null);
  this._tm = {};
  this._q = new Queue(o.maxQueue);
  this._recv = this._un = 0;
  this._base = resolve(url, o.location);
  this._bo = new Backoff(o.reconnectMin, o.reconnectMax, o.random);
  this._wbo = new Backoff(o.upgradeMin, o.upgradeMax, o.random);
  this._win = {
    online: function () { if (self.state == 'reconnecting') self._resume(); },
    offline: function () { if (self.state == 'open') self._lost({ code: 1006, reason: 'offline' }); },
    // Best effort: the close frame goes out on the current transport if the page lives long enough.
    pagehide: function () { self.close(); }
  };
  if (w) for (k in this._win) w.addEventListener(k, this._win[k]);
  this._hs();
}

var C = Channel.prototype;

/** Adds a listener: open, message, transport, state, reset, close, error. */
C.on = function (ev, fn) {
  (this._ev[ev] = this._ev[ev] || []).push(fn);
  return this;
};

/** Removes a listener added with on. */
C.off = function (ev, fn) {
  var a = this._ev[ev] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
  return this;
};

C._emit = function (ev, x, fns, t) {
  fns = (fns || this._ev[ev] || []).slice();
  for (var i = 0; i < fns.length; i++) {
    // A throwing listener must not break the protocol state; rethrow it outside.
    try { fns[i].call(this, x, t); } catch (e) { this._o.setTimeout(function () { throw e; }, 0); }
  }
};

/**
 * Sends data (any JSON value) to the server: exactly once and in order, across transport switches and
 * reconnects. Queued while not connected. False when the queue is full ('error' queue_full) or closed.
 */
C.send = function (data) {
  return this._push({ t: 'msg', d: data === undefined ? null : data });
};

/** Publishes data to a topic. Same guarantees and result as send. */
C.publish = function (topic, data) {
  return this._push({ t: 'pub', topic: topic, d: data === undefined ? null : data });
};

/** Subscribes fn(data, topic) to a topic; the first subscription of a topic sends 'sub'. */
C.subscribe = function (topic, fn) {
  var s = this._subs[topic];
  if (!s) {
    if (!this._push({ t: 'sub', topic: topic })) return false;
    s = this._subs[topic] = [];
  }
  if (fn) s.push(fn);
  return true;
};

/** Removes fn from a topic, or every listener without fn; the last one sends 'unsub'. */
C.unsubscribe = function (topic, fn) {
  var s = this._subs[topic];
  if (!s) return;
  if (fn && s.indexOf(fn) > -1) s.splice(s.indexOf(fn), 1);
  if (fn && s.length) return;
  delete this._subs[topic];
  this._push({ t: 'unsub', topic: topic });
};

/** Ends the session: a close frame follows every earlier frame (best effort), then 'close'. */
C.close = function (code, reason) {
  if (this.state == 'closed') return;
  this._push({ t: 'close', code: code, reason: reason }, 1);
  this._end(code || 1000, reason || '');
};

C._push = function (f, force) {
  if (this.state == 'closed') return false;
  if (!this._q.push(f, force)) {
    this._emit('error', { code: 'queue_full', message: 'send queue full' });
    return false;
  }
  this._flush();
  return true;
};

/* Hands the transport every queued frame it has not been given yet. */
C._flush = function () {
  var t = this._tr, fs;
  if (!t) return;
  fs = this._q.after(this._sent);
  if (fs.length) {
    this._sent = fs[fs.length - 1].seq;
    t.send(fs);
  }
};

/* Frames from transport t. Sequenced frames are accepted once, in order; transport frames act at once. */
C._in = function (fs, t) {
  var i, f, o = this._o;
  for (i = 0; i < fs.length && this._tr == t; i++) {
    f = fs[i];
    if (f.seq) {
      if (f.seq <= this._recv) continue; // a duplicate: harmless by design
      if (f.seq > this._recv + 1) return t._end(4400, 'sequence_gap'); // a broken peer: resume from our ack
      this._recv = f.seq;
      this._un++;
    }
    if (f.t == 'msg') {
      if (f.topic == null) this._emit('message', f.d);
      else this._emit('', f.d, this._subs[f.topic], f.topic);
    } else if (f.t == 'ack') this._q.ack(f.ack);
    else if (f.t == 'ping') t.send([{ t: 'pong', id: f.id }]);
    else if (f.t == 'reset') {
      if (f.to <= this._recv) continue; // a replayed reset (e.g. a topic gap at its seq): already told
      this._recv = f.to;
      this._emit('reset', { reason: f.reason, from: f.from, to: f.to, topics: f.topics });
    } else if (f.t == 'error') this._emit('error', { code: f.code, message: f.message, ref: f.ref });
    else if (f.t == 'close') this._end(f.code, f.reason);
  }
  // Long-polling acks in each poll's header; a WebSocket needs ack frames, batched but prompt.
  if (this.transport != 'websocket') this._un = 0;
  else if (this._un >= o.ackEvery) this._ack();
  else if (this._un) later(this, 'ack', o.ackDelay, this._ack.bind(this));
};

C._ack = function () {
  later(this, 'ack', -1);
  this._un = 0;
  if (this._tr) this._tr.send([{ t: 'ack', ack: this._recv }]);
};

/* The session is over (client close or server close frame): stop everything, then tell the app. */
C._end = function (code, reason) {
  var w = this._o.window, k;
  if (this.state == 'closed') return;
  setState(this, 'closed');
  stopTimers(this);
  if (this._hx) this._hx.abort();
  if (this._pend) this._pend.close();
  if (this._tr) this._tr.close(1); // long-polling keeps POSTing the close frame
  this._tr = this._pend = 0;
  if (w) for (k in this._win) w.removeEventListener(k, this._win[k]);
  this._emit('close', { code: code, reason: reason });
};

/*! duplex.mjs 0.1.0 | Apache-2.0 */
var Duplex = (function () {
'use strict';
// ---- src/options.js
/* Options and the environment. Every timeout and backoff value is an option, and so is every global the
 * client touches (timers, clock, randomness, WebSocket, XMLHttpRequest, storage, window), so tests can
 * inject fakes and never sleep. Values from the handshake (hb, hbTimeout, poll) apply unless set here. */
var G = typeof window != 'undefined' ? window : {};

var DEFAULTS = {
  transports: ['websocket', 'long-polling'],
  upgradeTimeout: 5000, // no welcome within this: the WebSocket is not carrying frames, fall back
  wsFailureMemoryMs: 300000, // how long a tab remembers that WebSocket failed here
  upgradeMin: 2000, // re-upgrade backoff
  upgradeMax: 60000,
  reconnectMin: 1000, // reconnect backoff (both transports failed)
  reconnectMax: 30000,
  maxQueue: 1000,
  ackEvery: 32, // WebSocket: ack at least every this many server frames...
  ackDelay: 250, // ...and within this many ms of receiving one
  rttInterval: 10000, // WebSocket ping period (also the keepalive; capped at hb)
  requestTimeout: 15000, // handshake and send POSTs
  pollMargin: 10000 // a poll may take poll + this before it counts as lost
};

function options(o) {
  var r = {}, k;
  o = o || {};
  for (k in DEFAULTS) r[k] = DEFAULTS[k];
  for (k in o) r[k] = o[k];
  // Wrapped because some browsers throw "Illegal invocation" when timers are called off window.
  r.setTimeout = r.setTimeout || function (f, ms) { return setTimeout(f, ms); };
  r.clearTimeout = r.clearTimeout || function (t) { clearTimeout(t); };
  r.now = r.now || function () { return new Date().getTime(); };
  r.random = r.random || Math.random;
  if (!('WebSocket' in o)) r.WebSocket = G.WebSocket;
  r.XMLHttpRequest = r.XMLHttpRequest || G.XMLHttpRequest;
  r.window = 'window' in o ? o.window : G.addEventListener && G;
  r.location = r.location || G.location;
  return r;
}

/* Resolves the mount path against the page; the endpoints hang below it. */
function resolve(url, loc) {
  url = url.replace(/\/+$/, '');
  if (/^https?:/i.test(url) || !loc) return url;
  if (url.charAt(0) == '/') return loc.protocol + '//' + loc.host + url;
  return loc.href.replace(/[?#].*$/, '').replace(/[^\/]*$/, '') + url;
}

/* Named one-shot timers on s._tm (one per name: arming a name cancels its previous timer). ms < 0 only
 * cancels. Keeping every timer in one map lets a close cancel them all. */
function later(s, k, ms, fn) {
  s._o.clearTimeout(s._tm[k]);
  s._tm[k] = ms < 0 ? 0 : s._o.setTimeout(fn, ms);
}

function stopTimers(s) {
  for (var k in s._tm) s._o.clearTimeout(s._tm[k]);
  s._tm = {};
}

// ---- src/codec.js
/* Codec: frames <-> wire text (PROTOCOL.md section 3).
 * Encoders write members in the protocol's order and omit absent ones, so every frame has exactly one
 * wire form (the golden vectors pin it). One order table serves both directions: where a member exists
 * in both (msg), its position agrees. */
var ORDER = {
  msg: 'seq topic d', sub: 'seq topic', unsub: 'seq topic', pub: 'seq topic d', close: 'seq code reason',
  ack: 'ack', ping: 'id', pong: 'id', hello: 'sid token ack', suback: 'seq ref topic',
  unsuback: 'seq ref topic', error: 'seq ref code message', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry'
};

/* Members a server frame must carry; the client decodes server-to-client frames only. */
var NEED = {
  msg: 'seq d', suback: 'seq ref topic', unsuback: 'seq ref topic', error: 'seq code message',
  close: 'seq code reason', ack: 'ack', ping: '', pong: '', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry'
};

/* Members that are protocol integers: 0 .. 2^53-1, seq at least 1. */
var NUMS = { seq: 1, ack: 0, ref: 0, from: 0, to: 0, retry: 1 };

/** Encodes one frame to its canonical wire text. */
function encode(f) {
  var s = '{"t":' + JSON.stringify(f.t), k = ORDER[f.t].split(' '), i;
  for (i = 0; i < k.length; i++) {
    if (f[k[i]] !== undefined) s += ',"' + k[i] + '":' + JSON.stringify(f[k[i]]);
  }
  return s + '}';
}

/** Encodes frames as a JSON array (a long-poll body or a batched WebSocket message). */
function encodeBatch(fs) {
  var a = [], i;
  for (i = 0; i < fs.length; i++) a.push(encode(fs[i]));
  return '[' + a.join(',') + ']';
}

function bad() {
  var e = new Error('bad_request');
  e.code = 'bad_request';
  throw e;
}

function check(f) {
  if (!f || typeof f != 'object' || f instanceof Array || typeof f.t != 'string' || !NEED.hasOwnProperty(f.t)) bad();
  var k = NEED[f.t] ? NEED[f.t].split(' ') : [], i, n;
  for (i = 0; i < k.length; i++) if (f[k[i]] === undefined) bad();
  for (n in NUMS) {
    var v = f[n];
    // JSON.parse turns 9007199254740992 and larger into unsafe doubles; refuse them like the server does.
    if (v !== undefined && (typeof v != 'number' || v % 1 || v < NUMS[n] || v > 9007199254740991)) bad();
  }
  if (f.id !== undefined && (typeof f.id != 'string' || f.id.length > 64)) bad();
  if (f.topic !== undefined && typeof f.topic != 'string') bad();
  return f;
}

/**
 * Decodes server wire text. mode 1: exactly one frame (returns it); mode 2: a batch (returns an array);
 * otherwise either (always returns an array). Throws an Error with code 'bad_request'.
 */
function decode(text, mode) {
  var v, i;
  try { v = JSON.parse(text); } catch (e) { bad(); }
  if (v instanceof Array) {
    if (mode == 1) bad();
    for (i = 0; i < v.length; i++) check(v[i]);
    return v;
  }
  if (mode == 2) bad();
  check(v);
  return mode == 1 ? v : [v];
}

// ---- src/backoff.js
/* Backoff: exponential growth with "full jitter" (a uniform random delay in [0, cap)), so that a crowd of
 * clients cut off together does not come back in lockstep and knock the server over again. */

/**
 * @param {number} min first cap, ms
 * @param {number} max largest cap, ms
 * @param {function():number} random a [0, 1) source (injectable for tests)
 */
function Backoff(min, max, random) {
  this.min = min;
  this.max = max;
  this.random = random;
  this.n = 0;
}

/** The cap of the current attempt: min * 2^n, at most max. */
Backoff.prototype.cap = function () {
  return Math.min(this.max, this.min * Math.pow(2, Math.min(this.n, 30)));
};

/** The next delay, in [0, cap) ms; each call doubles the cap. */
Backoff.prototype.next = function () {
  var d = Math.floor(this.random() * this.cap());
  this.n++;
  return d;
};

Backoff.prototype.reset = function () {
  this.n = 0;
};

// ---- src/state.js
/* The channel's life cycle as an explicit transition table. Every change goes through setState, which
 * refuses any move the table does not list: an illegal move is a bug in the client, never a network event. */
var STATES = ['connecting', 'open', 'reconnecting', 'closed'];

var TRANSITIONS = {
  connecting: { open: 1, reconnecting: 1, closed: 1 },
  open: { reconnecting: 1, closed: 1 },
  reconnecting: { open: 1, closed: 1 },
  closed: {}
};

/** Whether the table allows from -> to. */
function canTransition(from, to) {
  return !!(TRANSITIONS[from] && TRANSITIONS[from][to]);
}

/** Moves obj (a channel) to state `to`, emitting 'state' {from, to}; throws on an illegal move. */
function setState(obj, to) {
  var from = obj.state;
  if (!canTransition(from, to)) throw new Error('duplex: illegal state ' + from + '>' + to);
  obj.state = to;
  obj._emit('state', { from: from, to: to });
}

// ---- src/queue.js
/* The send queue, which is also the replay buffer: every sequenced client frame stays here, numbered,
 * until the server acks it. A transport failure therefore loses nothing: the next transport re-sends
 * from the server's ack. The bound is on frames not yet acked; a full queue refuses, it never drops. */

/** @param {number} max most unacked frames */
function Queue(max) {
  this.max = max;
  this.reset();
}

/** Starts a new session's numbering (seq 1, nothing acked). */
Queue.prototype.reset = function () {
  this.items = [];
  this.seq = 1;
  this.acked = 0;
};

/** Numbers and keeps frame f; false (and nothing kept) when full, unless force (a close frame). */
Queue.prototype.push = function (f, force) {
  if (!force && this.items.length >= this.max) return false;
  f.seq = this.seq++;
  this.items.push(f);
  return true;
};

/** Drops every frame the server acked cumulatively (seq <= n). */
Queue.prototype.ack = function (n) {
  if (n > this.acked) this.acked = n;
  while (this.items.length && this.items[0].seq <= n) this.items.shift();
};

/** The frames with seq > n, in order. */
Queue.prototype.after = function (n) {
  var r = [], i;
  for (i = 0; i < this.items.length; i++) if (this.items[i].seq > n) r.push(this.items[i]);
  return r;
};

// ---- src/http.js
/* One XMLHttpRequest exchange. The timeout runs on the injected timers (not xhr.timeout) so tests control
 * it. cb(status, text) is called exactly once; status 0 means a network failure, an abort or a timeout. */
function request(o, method, url, headers, body, timeout, cb) {
  var x = new o.XMLHttpRequest(), done = 0, k, t, loc = o.location;
  function end(st, text) {
    if (done) return;
    done = 1;
    o.clearTimeout(t);
    cb(st, text);
  }
  x.open(method, url, true);
  // Credentials only for cross-origin absolute URLs; same-origin requests carry cookies anyway.
  if (loc && /^https?:/i.test(url) && url.indexOf(loc.protocol + '//' + loc.host + '/')) x.withCredentials = true;
  for (k in headers) x.setRequestHeader(k, headers[k]);
  if (body != null) x.setRequestHeader('Content-Type', 'text/plain;charset=utf-8');
  x.onreadystatechange = function () {
    if (x.readyState == 4) end(x.status, x.responseText);
  };
  t = o.setTimeout(function () {
    end(0, '');
    x.abort();
  }, timeout);
  x.send(body);
  return {
    abort: function () {
      done = 1;
      o.clearTimeout(t);
      x.abort();
    }
  };
}

/* The error code of an HTTP error body {"error": ...}, or 'http_<status>'. */
function httpError(st, text) {
  var c;
  try { c = JSON.parse(text).error; } catch (e) { /* not JSON: a proxy or the network spoke */ }
  return c || (st ? 'http_' + st : 'network');
}

// ---- src/memory.js
/* Per-tab memory (sessionStorage) that WebSocket failed for this endpoint, why, and until when. While
 * remembered, the upgrade is not even tried: a tab behind a proxy that eats WebSockets should not pay a
 * timeout on every page. Storage may be missing or throw (privacy modes), hence the try blocks. */
function store(c) {
  return c._o.sessionStorage || G.sessionStorage;
}

function memGet(c) {
  try {
    var m = JSON.parse(store(c).getItem('duplex.ws ' + c._base));
    if (m.until > c._o.now()) return m;
  } catch (e) { /* none */ }
  return null;
}

function memSet(c, why) {
  try {
    store(c).setItem('duplex.ws ' + c._base, JSON.stringify({ why: why, until: c._o.now() + c._o.wsFailureMemoryMs }));
  } catch (e) { /* no storage: just no memory */ }
}

function memClear(c) {
  try { store(c).removeItem('duplex.ws ' + c._base); } catch (e) { /* no storage */ }
}

// ---- src/longpoll.js
/* The long-polling transport, shaped like a WebSocket (readyState, onopen/onmessage/onclose, send, close)
 * so the channel holds one kind of object. It carries frames, not text: onmessage(frames), send(frames).
 * A parked GET receives; POSTs send, at most one in flight. It opens on its first 200 and ends on the
 * first failure: the channel decides what happens next (it owns the acks and the replay buffer). */

/** @param {Channel} c the session: id, token, received count, handshake parameters, options */
function LongPoll(c) {
  this.c = c;
  this._o = c._o;
  this.readyState = 0;
  this._box = [];
  this._probing = 0; // a WebSocket probe is under way: polls say so, and must not supersede it
  this._held = 0; // the server already has that WebSocket: no poll until the probe ends
  this._poll();
}

var pollNumber = 0;

LongPoll.prototype._hdr = function (ack) {
  var h = { 'X-Duplex-Session': this.c.id, 'X-Duplex-Token': this.c._token };
  if (ack) h['X-Duplex-Ack'] = '' + this.c._recv;
  if (ack && this._probing) h['X-Duplex-Probe'] = '1';
  return h;
};

/* A query string no other poll in this browser carries. Chromium lets one GET per URL through its HTTP
 * cache at a time and holds the others (up to 20 s), so two channels polling one mount, in one tab or two,
 * would otherwise wait for each other's parked poll. The server ignores it. */
LongPoll.prototype._unique = function () {
  var o = this._o;
  return '?t=' + o.now().toString(36) + (++pollNumber).toString(36) + Math.floor(o.random() * 1e9).toString(36);
};

LongPoll.prototype._poll = function () {
  var self = this, c = this.c;
  if (this.readyState > 1 || this._held || this._p) return;
  // The ack is read now, when the poll starts: a poll restarts from the ack it carries.
  this._p = request(this._o, 'GET', c._base + '/poll' + this._unique(), this._hdr(1), null,
    c._h.poll + this._o.pollMargin,
    function (st, text) {
      self._p = 0;
      if (self._reply(st, text)) self._poll();
    });
};

/* Handles a response; true when the transport is still usable. */
LongPoll.prototype._reply = function (st, text) {
  var fs = 0;
  if (this.readyState > 1) return 0;
  if ((st == 204 || st == 1223) && this._probing) { // 1223: how old IE reports a 204
    // The probe's hello reached the server first; its welcome is on the way. Wait for it, or for the
    // probe to fail (then the next poll, without the probe header, takes the session back).
    this._held = 1;
    return 0;
  }
  if (st == 200) {
    try { fs = decode(text, 2); } catch (e) { st = 400; }
  }
  if (!fs) {
    this._end(st == 404 ? 4404 : st == 403 ? 4403 : st == 400 ? 4400 : 1006, httpError(st, text));
    return 0;
  }
  if (!this.readyState) {
    this.readyState = 1;
    this.onopen();
  }
  if (this.readyState == 1) this.onmessage(fs);
  return this.readyState == 1;
};

/** Queues frames for the next POST. */
LongPoll.prototype.send = function (fs) {
  for (var i = 0; i < fs.length; i++) this._box.push(fs[i]);
  this._post();
};

LongPoll.prototype._post = function () {
  var self = this, o = this._o, t0 = o.now(), b;
  if (this._s || !this._box.length) return;
  b = this._box.splice(0, this.c._h.maxBatch || 100);
  this._s = request(o, 'POST', this.c._base + '/send', this._hdr(), encodeBatch(b), o.requestTimeout,
    function (st, text) {
      self._s = 0;
      if (st == 200 && self.onrtt) self.onrtt(o.now() - t0);
      // After close() only the final frames (a close frame) are still drained, best effort.
      if (self.readyState > 1 ? st == 200 : self._reply(st, text)) self._post();
    });
};

/** While a WebSocket probe waits for its welcome, polling goes on, each poll marked so that it cannot
 * supersede the WebSocket (PROTOCOL.md section 5): a hanging upgrade costs the messages nothing. Sends go
 * on too: a POST never changes the transport. */
LongPoll.prototype.probe = function (p) {
  this._probing = p;
  if (!p) this._held = 0;
  this._poll();
};

/**
 * Stops polling, silently. With keep, frames already queued (the session's close frame) are still
 * POSTed; otherwise they are dropped: they stay in the channel's replay buffer, and the transport that
 * takes over re-sends whatever the server has not acked.
 */
LongPoll.prototype.close = function (keep) {
  if (this.readyState > 2) return;
  this.readyState = 3;
  if (!keep) this._box = [];
  if (this._p) this._p.abort();
  this._post();
};

LongPoll.prototype._end = function (code, reason) {
  this.close();
  this.onclose({ code: code, reason: reason });
};

// ---- src/websocket.js
/* The WebSocket transport. It opens (onopen(welcome)) only when the server's welcome arrives: a 101 alone
 * proves nothing (a proxy may answer it and forward no frame). It keeps the connection alive and measured
 * with pings, and declares it dead after hb + hbTimeout of silence (PROTOCOL.md section 8). */

/** @param {Channel} c the session */
function WsTransport(c) {
  var self = this, ws;
  this.c = c;
  this._o = c._o;
  this._tm = {};
  this._n = 0;
  this.readyState = 0;
  ws = this.ws = new this._o.WebSocket(c._base.replace(/^http/i, 'ws') + '/ws');
  ws.onopen = function () {
    self._raw({ t: 'hello', sid: c.id, token: c._token, ack: c._recv });
    self._alive();
  };
  ws.onmessage = function (e) { self._in(e.data); };
  ws.onerror = function () { self._end(1006, 'error'); };
  ws.onclose = function (e) { self._end(e.code, e.reason); };
}

WsTransport.prototype._in = function (data) {
  var fs, f, i, r = [];
  if (this.readyState > 1) return;
  this._alive();
  try { fs = decode(data); } catch (e) { return this._end(4400, 'bad_request'); }
  for (i = 0; i < fs.length; i++) {
    f = fs[i];
    if (!this.readyState) {
      if (f.t != 'welcome') return this._end(4400, 'no_welcome');
      this.readyState = 1;
      this._ping();
      this.onopen(f);
    } else if (f.t == 'pong' && f.id == this._pid) {
      this.onrtt(this._o.now() - this._pt);
    } else r.push(f);
  }
  if (r.length && this.readyState == 1) this.onmessage(r);
};

/* Any inbound message proves life; silence past hb + hbTimeout means the connection is dead. */
WsTransport.prototype._alive = function () {
  var self = this, h = this.c._h;
  later(this, 'dead', h.hb + h.hbTimeout, function () { self._end(4408, 'timeout'); });
};

/* Pings double as the keepalive (the period is capped at hb) and as the round-trip measure. */
WsTransport.prototype._ping = function () {
  var self = this;
  later(this, 'ping', Math.min(this._o.rttInterval, this.c._h.hb), function () {
    self._pid = 'r' + ++self._n;
    self._pt = self._o.now();
    self._raw({ t: 'ping', id: self._pid });
    self._ping();
  });
};

/** Sends frames, batched up to maxBatch per message. */
WsTransport.prototype.send = function (fs) {
  for (var i = 0, m = this.c._h.maxBatch || 100; i < fs.length; i += m) {
    this._raw(fs.length - i == 1 ? fs[i] : fs.slice(i, i + m));
  }
};

WsTransport.prototype._raw = function (f) {
  try {
    this.ws.send(f instanceof Array ? encodeBatch(f) : encode(f));
  } catch (e) { /* closing: the close handler takes over */ }
};

/** Closes silently (the owner asked, so it needs no onclose). */
WsTransport.prototype.close = function (code, reason) {
  if (this.readyState > 2) return;
  this.readyState = 3;
  stopTimers(this);
  try { this.ws.close(code > 2999 ? code : 1000, reason); } catch (e) { /* already closed */ }
};

WsTransport.prototype._end = function (code, reason) {
  if (this.readyState > 2) return;
  this.close(code, reason);
  this.onclose({ code: code || 1006, reason: reason || '' });
};

// ---- src/channel.js
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

// ---- src/upgrade.js
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

// ---- src/wsapi.js
/* Duplex.WebSocket: the W3C WebSocket surface for text messages, carried by a Duplex channel, so code
 * written for WebSocket gains fallback, resume and exactly-once delivery unchanged. Each text message is
 * one channel message whose payload d is that string. */
var WS_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * @param {string} url the Duplex mount path (not a ws:// URL)
 * @param {(string|Array|Object)=} protocols ignored (no subprotocols); an object here is taken as options
 * @param {Object=} opts channel options
 * @constructor
 */
function DuplexWebSocket(url, protocols, opts) {
  var self = this, c;
  if (protocols && typeof protocols == 'object' && !(protocols instanceof Array)) opts = protocols;
  c = this._c = new Channel(url, opts);
  this.url = c._base;
  this.readyState = 0;
  this.protocol = this.extensions = '';
  this.bufferedAmount = 0;
  this.binaryType = 'blob';
  this._l = {};
  c.on('open', function () {
    if (!self.readyState) {
      self.readyState = 1;
      self._fire('open', {});
    }
  });
  c.on('message', function (d) {
    self._fire('message', { data: typeof d == 'string' ? d : JSON.stringify(d) });
  });
  c.on('error', function (e) {
    self._fire('error', { code: e.code, message: e.message });
  });
  c.on('close', function (e) {
    self.readyState = 2;
    // Like the browser's, the close event is a later task: readyState is CLOSING until then.
    c._o.setTimeout(function () {
      self.readyState = 3;
      self._fire('close', { code: e.code, reason: e.reason, wasClean: true });
    }, 0);
  });
}

var D = DuplexWebSocket.prototype;

for (var i = 0; i < 4; i++) DuplexWebSocket[WS_STATES[i]] = D[WS_STATES[i]] = i;

function domError(name) {
  var e = new Error(name);
  e.name = name;
  return e;
}

/** Sends a text message; throws InvalidStateError while CONNECTING, ignored once closing. */
D.send = function (text) {
  if (!this.readyState) throw domError('InvalidStateError');
  if (this.readyState == 1) this._c.send('' + text);
};

/** Closes; code must be 1000 or 3000-4999 (InvalidAccessError otherwise). */
D.close = function (code, reason) {
  if (code !== undefined && code != 1000 && !(code >= 3000 && code <= 4999)) throw domError('InvalidAccessError');
  if (this.readyState < 2) this._c.close(code, reason);
};

D.addEventListener = function (type, fn) {
  var a = this._l[type] = this._l[type] || [];
  if (a.indexOf(fn) < 0) a.push(fn);
};

D.removeEventListener = function (type, fn) {
  var a = this._l[type] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
};

D._fire = function (type, ev) {
  var a = (this._l[type] || []).slice(), i;
  ev.type = type;
  ev.target = ev.currentTarget = this;
  if (typeof this['on' + type] == 'function') this['on' + type](ev);
  for (i = 0; i < a.length; i++) a[i].call(this, ev);
};

// ---- src/index.js
/* The public surface. */

/**
 * Opens a channel to the Duplex handler mounted at url.
 * @param {string} url mount path, relative ("/app/echo") or absolute ("https://host/app/echo")
 * @param {Object=} options see duplex.d.ts
 * @return {Channel}
 */
function connect(url, options) {
  return new Channel(url, options);
}

var Duplex = { connect: connect, Channel: Channel, WebSocket: DuplexWebSocket, version: '0.1.0' };

return Duplex;
}());
export default Duplex;
export var connect = Duplex.connect;
export var Channel = Duplex.Channel;
export var WebSocket = Duplex.WebSocket;
export { Duplex };

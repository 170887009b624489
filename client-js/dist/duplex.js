/*! duplex.js 0.1.0 | Apache-2.0 */
(function (root, factory) {
  if (typeof define == 'function' && define.amd) define([], factory);
  else if (typeof module == 'object' && module.exports) module.exports = factory();
  else root.Duplex = factory();
}(typeof self != 'undefined' ? self : this, function () {
'use strict';
// ---- src/options.js
/* Options and the environment. Every timeout and backoff value is an option, and so is every global the
 * client touches (timers, clock, randomness, WebSocket, XMLHttpRequest, storage, window, console), so tests
 * can inject fakes and never sleep. Values from the handshake (hb, hbTimeout, poll) apply unless set here. */
var G = typeof window != 'undefined' ? window : {};

var DEFAULTS = {
  transports: ['websocket', 'long-polling'],
  upgradeTimeout: 5000, // no welcome within this: the WebSocket is not carrying frames, fall back
  wsFailureMemoryMs: 300000, // how long a tab remembers that WebSocket failed here
  upgradeMin: 2000, // re-upgrade backoff
  upgradeMax: 60000,
  reconnectMin: 1000, // reconnect backoff (both transports failed); also the longest random pause before a new session after expiry
  reconnectMax: 30000,
  maxAttempts: 0, // failed connection attempts in a row before the channel gives up; 0: never gives up
  maxQueue: 1000,
  ackEvery: 32, // WebSocket: ack at least every this many server frames...
  ackDelay: 250, // ...and within this many ms of receiving one
  rttInterval: 10000, // WebSocket ping period (also the keepalive; capped at hb)
  closeTimeout: 5000, // close(): wait this long at most for the server's close frame
  requestTimeout: 15000, // handshake and send POSTs
  replyTimeout: 30000, // request(): how long to wait for the server's answer
  pollMargin: 10000, // a poll may take poll + this before it counts as lost
  share: false, // the tabs of this browser park one long-poll between them per mount (share.js)
  debug: false // console lines for transport decisions and refusals
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
  // share: the tabs' channels to a mount park one poll between them (share.js)
  r.BroadcastChannel = r.BroadcastChannel || G.BroadcastChannel;
  r.locks = r.locks || G.navigator && G.navigator.locks;
  r.window = 'window' in o ? o.window : G.addEventListener && G;
  r.location = r.location || G.location;
  r.console = r.console || G.console;
  k = r.protocols; // subprotocols offered: a name or a list, as WebSocket takes them
  r.protocols = k && k.length ? [].concat(k) : undefined;
  return r;
}

/* Resolves the mount path against the page; the endpoints hang below it. A ws:// or wss:// URL (kept from
 * code written for WebSocket) means the same mount over http:// or https://. */
function resolve(url, loc) {
  url = url.replace(/\/+$/, '').replace(/^ws(s?):/i, 'http$1:');
  if (/^https?:/i.test(url) || !loc) return url;
  if (url.charAt(0) == '/') return loc.protocol + '//' + loc.host + url;
  return loc.href.replace(/[?#].*$/, '').replace(/[^/]*$/, '') + url;
}

/* One console line when the debug option is on. */
function debug(o, base, text) {
  if (o.debug && o.console) o.console.log('duplex ' + base + ': ' + text);
}

/* An Error with a protocol code (e.code), as every refusal the application sees is. */
function failure(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

/* Named one-shot timers (arming a name cancels its previous timer), so that stopping an owner cancels
 * every timer it armed. */
function Timers(o) {
  this._options = o;
  this._ids = {};
}

Timers.prototype._set = function (name, ms, fn) {
  this._clear(name);
  this._ids[name] = this._options.setTimeout(fn, ms);
};

Timers.prototype._clear = function (name) {
  if (name in this._ids) this._options.clearTimeout(this._ids[name]);
  delete this._ids[name];
};

Timers.prototype._clearAll = function () {
  for (var name in this._ids) this._clear(name);
};

// ---- src/codec.js
/* Codec: frames <-> wire text (PROTOCOL.md section 3).
 * Encoders write members in the protocol's order and omit absent ones, so every frame has exactly one
 * wire form (the golden vectors pin it). One order table serves both directions: where a member exists
 * in both (msg), its position agrees. */
var ORDER = {
  msg: 'seq topic d b', sub: 'seq topic', unsub: 'seq topic', pub: 'seq topic d b', close: 'seq code reason',
  ack: 'ack', ping: 'id', pong: 'id', hello: 'sid token ack', suback: 'seq ref topic',
  unsuback: 'seq ref topic', error: 'seq ref code message', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry', away: 'retry', fallback: 'reason', req: 'seq d b', res: 'seq ref d b code message'
};

/* Members a server frame must carry; the client decodes server-to-client frames only. */
var NEED = {
  msg: 'seq', suback: 'seq ref topic', unsuback: 'seq ref topic', error: 'seq code message',
  close: 'seq code reason', ack: 'ack', ping: '', pong: '', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry', away: 'retry', req: 'seq', res: 'seq ref'
};

/* Members that are protocol integers: 0 .. 2^53-1, seq and retry at least 1. */
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
  throw failure('bad_request', 'bad_request');
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
  if (/^(msg|req)$/.test(f.t) && f.d === undefined && typeof f.b != 'string') bad(); // a payload: d, or b (binary)
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

/** UTF-8 bytes of text, never fewer (a surrogate pair counts 6 instead of 4): safe against a byte limit. */
function utf8Bytes(text) {
  for (var n = text.length, i = 0, c; i < text.length; i++) {
    c = text.charCodeAt(i);
    if (c > 127) n += c > 2047 ? 2 : 1;
  }
  return n;
}

/**
 * How many of frames, from index from, fit in one wire message: at most max frames and, written as a
 * batch, at most bytes UTF-8 bytes. Always at least one: a frame too big on its own still goes alone, and
 * the server's refusal of it is reported, never retried in a loop.
 */
function fit(frames, from, max, bytes) {
  for (var n = 0, size = 1; from + n < frames.length && n < max; n++) {
    size += utf8Bytes(encode(frames[from + n])) + 1; // the frame and its ',' or ']'
    if (n && size > bytes) break;
  }
  return n;
}

/* Binary payloads (PROTOCOL.md section 3.5): an ArrayBuffer or a typed array travels as base64 in b. */
function isBinary(d) {
  return typeof ArrayBuffer != 'undefined' && d != null && (d instanceof ArrayBuffer || !!ArrayBuffer.isView && ArrayBuffer.isView(d));
}

function toBase64(d) {
  var u = new Uint8Array(d.buffer || d, d.byteOffset || 0, d.byteLength), s = '', i;
  for (i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192));
  return btoa(s);
}

/* The bytes of b as an ArrayBuffer; an engine without typed arrays gets unsupported_binary instead. */
function fromBase64(b) {
  if (typeof Uint8Array == 'undefined' || typeof atob == 'undefined') throw failure('unsupported_binary', 'binary message: this engine has no typed arrays');
  var s = atob(b), u = new Uint8Array(s.length), i;
  for (i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u.buffer;
}

/** The length maxMessage limits: characters of the payload's compact JSON text, as the server writes it
 * (it escapes U+2028 and U+2029, which JSON.stringify leaves alone). */
function payloadChars(d) {
  var text = JSON.stringify(d) || '';
  return text.length + 5 * (text.match(/[\u2028\u2029]/g) || []).length;
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
/* The channel's life cycle (connecting, open, reconnecting, closed) as an explicit transition table. Every change goes through setState, which
 * refuses any move the table does not list: an illegal move is a bug in the client, never a network event.
 * A graceful close is no state of its own: the channel stays open (its _closing flag set) until the server's
 * close frame, closeTimeout or a transport failure, so State in duplex.d.ts keeps its four values. */
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
/* Whether an absolute url leaves the page's origin. */
function crossOrigin(url, loc) {
  return !!loc && /^https?:/i.test(url) && url.indexOf(loc.protocol + '//' + loc.host + '/') != 0;
}

/* One XMLHttpRequest exchange. The timeout runs on the injected timers (not xhr.timeout) so tests control
 * it. cb(status, text, xhr) is called exactly once; status 0 means a network failure, an abort or a timeout. */
function request(o, method, url, headers, body, timeout, cb) {
  var x = new o.XMLHttpRequest(), done = 0, k, t;
  function end(st, text, xhr) {
    if (done) return;
    done = 1;
    o.clearTimeout(t);
    cb(st, text, xhr);
  }
  x.open(method, url, true);
  // Credentials only for cross-origin absolute URLs; same-origin requests carry cookies anyway.
  if (crossOrigin(url, o.location)) x.withCredentials = true;
  for (k in headers) x.setRequestHeader(k, headers[k]);
  if (body != null) x.setRequestHeader('Content-Type', 'text/plain;charset=utf-8');
  x.onreadystatechange = function () {
    if (x.readyState == 4) end(x.status, x.responseText, x);
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

/* A 429's Retry-After, in ms (at least 1 s). */
function retryAfter(xhr) {
  return 1000 * Math.max(1, +(xhr && xhr.getResponseHeader('Retry-After')) || 1);
}

/* An HTTP failure as {status, code, message, retry}: the server's JSON error body {"error", "message"} when
 * there is one; otherwise a code from the status. retry: a stopping server's advice, ms (the body's, else
 * Retry-After). A wrong mount is answered by the container, not by Duplex: a
 * 404, or a 405 from its static file servlet (no Duplex endpoint refuses a POST that way), in HTML. */
function httpError(status, text, xhr) {
  var body = {};
  try { body = JSON.parse(text) || {}; } catch (e) { /* not JSON: a container, a proxy or the network spoke */ }
  return {
    status: status,
    code: body.error || (status == 404 || status == 405 ? 'not_found' : status == 403 ? 'forbidden' : status ? 'http_' + status : 'network'),
    message: body.message || (status ? 'HTTP ' + status : 'no answer'),
    retry: body.retry || xhr && 1000 * xhr.getResponseHeader('Retry-After')
  };
}

// ---- src/memory.js
/* Per-tab memory (sessionStorage) that WebSocket failed for this endpoint, why, and until when. While
 * remembered, the upgrade is not even tried: a tab behind a proxy that eats WebSockets should not pay a
 * timeout on every page. Storage may be missing or throw (privacy modes), hence the try blocks. */
function store(o) {
  return o.sessionStorage || G.sessionStorage;
}

function memGet(o, base) {
  try {
    var m = JSON.parse(store(o).getItem('duplex.ws ' + base));
    if (m.until > o.now()) return m;
  } catch (e) { /* none */ }
  return null;
}

function memSet(o, base, why) {
  try {
    store(o).setItem('duplex.ws ' + base, JSON.stringify({ why: why, until: o.now() + o.wsFailureMemoryMs }));
  } catch (e) { /* no storage: just no memory */ }
}

function memClear(o, base) {
  try { store(o).removeItem('duplex.ws ' + base); } catch (e) { /* no storage */ }
}

// ---- src/tab.js
/* Surviving a reload (opt-in, {resume: 'tab'}). On pagehide the channel parks its session in this tab's
 * sessionStorage instead of closing it: the ids, the server's seq it accepted, its own unacked frames and
 * its topics. The next page of the tab that connects to the same mount takes it (once: a second page, or a
 * duplicated tab later, starts afresh) and resumes the session, so the server replays what it sent in the
 * meantime and the handler sees neither a close nor an open. Past the server's window the resume gets
 * unknown_session, and the channel reports a reset like any expired session. The token is stored too:
 * any script of this origin in this tab can read it (the README weighs that trade-off). */
function tabKey(base) {
  return 'duplex.tab ' + base;
}

/* True when the session was stored. */
function tabSave(o, base, parked) {
  try {
    store(o).setItem(tabKey(base), JSON.stringify(parked));
    return true;
  } catch (e) {
    return false; // no storage (privacy modes): the channel closes as usual
  }
}

/* The session the previous page of this tab parked for base, or null; taken out of storage either way. */
function tabTake(o, base) {
  var parked = null;
  try {
    parked = JSON.parse(store(o).getItem(tabKey(base)));
    store(o).removeItem(tabKey(base));
  } catch (e) { /* none */ }
  return parked;
}

// ---- src/share.js
/* Many tabs, one connection (opt-in, {share: true}; PROTOCOL.md section 2.5). A browser gives all the tabs of a
 * profile 6 HTTP/1.1 connections per host, and each long-polling tab parks a poll: behind a proxy that refuses
 * WebSocket, the 7th tab, and every tab's sends, would wait for a free one. With share, the channels of every
 * tab to one mount keep their own sessions but park one exchange between them, POST M/bundle. One tab, the
 * leader, holds a Web Lock named after the mount and polls for all; each tab posts its poll (sid, token, ack,
 * probe) on a BroadcastChannel of that name and gets its entry back there. When the leader's tab goes, the lock
 * passes to another tab, which asks every tab for its poll again and carries on: a poll restarts from the ack
 * it carries, so nothing is lost. Sends stay per tab: they never park. Where BroadcastChannel or Web Locks are
 * missing (Web Locks need a secure context: https, or http on localhost), each tab polls alone, as without share. */

var shares = {};

/* This tab's share of base, or 0 where sharing is off or impossible. */
function shareOf(o, base) {
  return o.share && o.BroadcastChannel && o.locks ? shares[base] || (shares[base] = new Share(o, base)) : 0;
}

function Share(o, base) {
  var self = this, name = 'duplex ' + base;
  this._options = o;
  this._base = base;
  this._timers = new Timers(o);
  this._mine = {}; // this tab's polls waiting for their entry, by sid
  this._bc = new o.BroadcastChannel(name);
  this._bc.onmessage = function (e) { self._heard(e.data); };
  o.locks.request(name, function () {
    self._lead();
    return new Promise(function () {}); // held as long as the tab lives
  });
}

var S = Share.prototype;

/* Says d to every tab, this one included. */
S._say = function (d) {
  this._bc.postMessage(d);
  this._heard(d);
};

/**
 * A poll of this tab, shaped like request(): cb(status, text) once, status -1 meaning "poll alone". Unanswered
 * after hold + pollMargin ms it is posted again (the leader keeps polls that are not renewed only so long).
 */
S._poll = function (m, hold, cb) {
  var self = this, w = { m: m, h: hold, cb: cb };
  function post() {
    self._timers._set(m.sid, hold + self._options.pollMargin, post);
    self._say({ p: m, h: hold });
  }
  w.x = function () {
    self._timers._clear(m.sid);
    if (self._mine[m.sid] == w) {
      delete self._mine[m.sid];
      self._say({ x: m.sid });
    }
  };
  this._mine[m.sid] = w;
  post();
  return { abort: w.x };
};

S._heard = function (d) {
  var w = this._mine[d.e], q = this._wants, k, v;
  if (w) {
    this._timers._clear(d.e);
    delete this._mine[d.e];
    w.cb(d.s, d.t);
  }
  if (d.l) for (k in this._mine) this._say({ p: this._mine[k].m, h: this._mine[k].h });
  if (!q) return;
  if (d.p) {
    v = q[d.p.sid];
    // The same poll again (renewed) stays in the bundle that carries it; a new one needs a new bundle.
    if (!v || JSON.stringify(v.m) != JSON.stringify(d.p)) v = q[d.p.sid] = { m: d.p };
    v.h = d.h;
    v.at = this._options.now();
    delete this._owed[d.p.sid];
  }
  if (d.x) {
    delete q[d.x];
    delete this._owed[d.x];
  }
  this._next();
};

/* This tab leads: it asks every tab for its poll. */
S._lead = function () {
  this._wants = {}; // every tab's poll, by sid: {m, h, at, b: carried by the bundle in flight}
  this._owed = {}; // tabs given frames by the last bundle: their next poll is awaited before the next bundle
  this._say({ l: 1 });
};

/* Starts a bundle when a poll is not carried by the one in flight and no tab given frames is still awaited
 * (it polls again at once; so one exchange carries it, rather than one more bundle each). */
S._next = function () {
  var self = this, o = this._options, q = this._wants, ms = [], r = {}, k, v;
  for (k in this._owed) return;
  for (k in q) if (!q[k].b) break;
  if (!q[k] || q[k].b) return;
  for (k in q) {
    v = q[k];
    if (o.now() - v.at > 3 * (v.h + o.pollMargin)) delete q[k]; // its tab is gone without a word
    else if (ms.length == 16) this._tell(k, -1); // the server's default maxBundle: the rest poll alone
    else ms.push(v);
  }
  if (!ms.length) return;
  // v.b: the bundle that carries v, so that the answer of an earlier one (superseded) leaves v in this one.
  for (k = 0; k < ms.length; k++) ms[k].b = r;
  request(o, 'POST', this._base + '/bundle', {}, JSON.stringify(ms.map(function (w) {
    var m = w.m;
    return m.probe ? { sid: m.sid, token: m.token, ack: m.ack, probe: true } : { sid: m.sid, token: m.token, ack: m.ack };
  })), ms[0].h + o.pollMargin, function (status, text, xhr) {
    var es = 0, byId = {}, i, e;
    try { es = status == 200 && JSON.parse(text); } catch (x) { /* a failure of the whole bundle, below */ }
    for (i = 0; es && i < es.length; i++) byId[es[i].sid] = es[i];
    for (i = 0; i < ms.length; i++) {
      v = ms[i];
      k = v.m.sid;
      e = byId[k];
      if (v.b == r) v.b = 0;
      if (status == 429) self._owed[''] = 1; // too many parked polls from this address: wait as told
      else if (!es) { // failed whole: a server without bundles (404) polls alone; else as each poll would fail
        self._tell(k, status == 404 || status == 405 || status == 413 ? -1 : status, text);
      } else if (e && (!e.frames || e.frames.length)) {
        if (e.frames) self._owed[k] = 1;
        self._tell(k, e.frames ? 200 : e.held ? 204 : e.alone ? -1 : e.status, JSON.stringify(e.frames || e));
      } // else released, or its poll ended empty: the next bundle carries it again
    }
    self._timers._set('owed', status == 429 ? retryAfter(xhr) : 50, function () {
      self._owed = {};
      self._next();
    });
    self._next();
  });
};

/* The leader's word to the tab of sid: its poll's status and text. */
S._tell = function (sid, status, text) {
  delete this._wants[sid];
  this._say({ e: sid, s: status, t: text });
};

// ---- src/longpoll.js
/* The long-polling transport, shaped like a WebSocket (readyState, onopen/onmessage/onclose, send, close)
 * so the channel holds one kind of object. It carries frames, not text: onmessage(frames), send(frames).
 * A parked GET receives; POSTs send, at most one in flight. It opens on its first 200 and ends on the
 * first failure: the connector decides what happens next, and the channel owns the acks and the replay
 * buffer. It knows the session only through its ticket. */

/**
 * @param {Object} ticket base (mount URL), sid, token, received() (the ack to send), poll, maxBatch,
 *     maxPostBytes, and o (timings and environment)
 */
function LongPoll(ticket) {
  this._ticket = ticket;
  this._options = ticket.o;
  this._timers = new Timers(ticket.o);
  this.readyState = 0;
  this._box = [];
  this._batchLimit = ticket.maxBatch;
  this._probing = 0; // a WebSocket probe is under way: polls say so, and must not supersede it
  this._held = 0; // the server already has that WebSocket: no poll until the probe ends
  this._poll();
}

var pollNumber = 0;

LongPoll.prototype._headers = function (isPoll) {
  var k = this._ticket, h = { 'X-Duplex-Session': k.sid, 'X-Duplex-Token': k.token };
  if (isPoll) h['X-Duplex-Ack'] = '' + k.received();
  if (isPoll && this._probing) h['X-Duplex-Probe'] = '1';
  return h;
};

/* A query string no other poll in this browser carries. Chromium lets one GET per URL through its HTTP
 * cache at a time and holds the others (up to 20 s), so two channels polling one mount, in one tab or two,
 * would otherwise wait for each other's parked poll. The server ignores it. */
LongPoll.prototype._unique = function () {
  var o = this._options;
  return '?t=' + o.now().toString(36) + (++pollNumber).toString(36) + Math.floor(o.random() * 1e9).toString(36);
};

LongPoll.prototype._poll = function () {
  var self = this, k = this._ticket, sh = !this._alone && shareOf(this._options, k.base);
  if (this.readyState > 1 || this._held || this._polling) return;
  function done(status, text, xhr) {
    self._polling = 0;
    // The shared poll says: poll this session alone (another node of a cluster holds it, or no bundles here).
    if (status < 0) {
      self._alone = 1;
      return self._poll();
    }
    // Too many parked polls from this address (many users behind one NAT): wait as told, then poll again.
    if (status == 429 && self.readyState == 1) {
      return self._timers._set('poll', retryAfter(xhr), function () { self._poll(); });
    }
    if (self._reply(status, text, xhr)) self._poll();
  }
  // The ack is read now, when the poll starts: a poll restarts from the ack it carries.
  this._polling = sh ? sh._poll({ sid: k.sid, token: k.token, ack: k.received(), probe: this._probing }, k.poll, done)
    : request(this._options, 'GET', k.base + '/poll' + this._unique(), this._headers(1), null,
      k.poll + this._options.pollMargin, done);
};

/* Handles a response; true when the transport is still usable. */
LongPoll.prototype._reply = function (status, text, xhr) {
  var frames = 0, err;
  if (this.readyState > 1) return 0;
  if ((status == 204 || status == 1223) && this._probing) { // 1223: how old IE reports a 204
    // The probe's hello reached the server first; its welcome is on the way. Wait for it, or for the
    // probe to fail (then the next poll, without the probe header, takes the session back).
    this._held = 1;
    return 0;
  }
  if (status == 200) {
    try { frames = decode(text, 2); } catch (e) { status = 400; }
  }
  if (!frames) {
    err = httpError(status, text, xhr);
    // 503 shutting_down: the node stops; its advice acts like an away frame (PROTOCOL.md section 5.1).
    if (err.code == 'shutting_down') return this.onmessage([{ t: 'away', retry: err.retry }]);
    this._end(status == 404 ? 4404 : status == 403 ? 4403 : status == 400 ? 4400 : 1006, err.code);
    return 0;
  }
  if (!this.readyState) {
    this.readyState = 1;
    this.onopen();
  }
  if (this.readyState == 1) this.onmessage(frames);
  return this.readyState == 1;
};

/** Queues frames for the next POST. */
LongPoll.prototype.send = function (frames) {
  for (var i = 0; i < frames.length; i++) this._box.push(frames[i]);
  this._post();
};

/** Forgets frames not yet POSTed (the server asked to slow down; the channel re-sends them later). */
LongPoll.prototype.drop = function () {
  this._box = [];
};

LongPoll.prototype._post = function () {
  var self = this, o = this._options, k = this._ticket, t0 = o.now(), batch;
  if (this._sending || !this._box.length) return;
  batch = this._box.splice(0, fit(this._box, 0, this._batchLimit, k.maxPostBytes));
  this._sending = request(o, 'POST', k.base + '/send', this._headers(), encodeBatch(batch), o.requestTimeout,
    function (status, text, xhr) {
      self._sending = 0;
      if (status == 413 && self.readyState == 1) return self._tooLarge(batch);
      // Cut for ignoring the advice to slow down (a bug, or frames in flight): as told, wait, then re-send.
      if (status == 429 && self.readyState == 1) return self.onmessage([{ t: 'slow', retry: retryAfter(xhr) }]);
      if (status == 200 && self.onrtt) self.onrtt(o.now() - t0);
      // After close() only the final frames (a close frame) are still drained, best effort.
      if (self.readyState > 1 ? status == 200 : self._reply(status, text, xhr)) self._post();
    });
};

/* A 413 cannot happen to a client that cuts its batches to maxPostBytes, but if it does (a proxy with a
 * smaller limit), halve the batches; a single frame refused is reported, never POSTed again and again. */
LongPoll.prototype._tooLarge = function (batch) {
  if (batch.length < 2) return this._end(1009, 'too_large');
  this._batchLimit = Math.ceil(batch.length / 2);
  this._box = batch.concat(this._box);
  this._post();
};

/** While a WebSocket probe waits for its welcome, polling goes on, each poll marked so that it cannot
 * supersede the WebSocket (PROTOCOL.md section 5): a hanging upgrade costs the messages nothing. Sends go
 * on too: a POST never changes the transport. */
LongPoll.prototype.probe = function (probing) {
  this._probing = probing;
  if (!probing) this._held = 0;
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
  this._timers._clearAll();
  if (!keep) this._box = [];
  if (this._polling) this._polling.abort();
  this._post();
};

LongPoll.prototype._end = function (code, reason) {
  this.close();
  this.onclose({ code: code, reason: reason });
};

// ---- src/websocket.js
/* The WebSocket transport. It opens (onopen(welcome)) only when the server's welcome arrives: a 101 alone
 * proves nothing (a proxy may answer it and forward no frame). It keeps the connection alive and measured
 * with pings, declares it dead after hb + hbTimeout of silence (PROTOCOL.md section 8), and acks the
 * server's frames in batches. It knows the session only through its ticket (see LongPoll). */

/** @param {Object} ticket see LongPoll */
function WsTransport(ticket) {
  var self = this, ws;
  this._ticket = ticket;
  this._options = ticket.o;
  this._timers = new Timers(this._options);
  this._pings = 0;
  this.readyState = 0;
  // The session's subprotocol, if any, is the one asked for: the server's 101 names it (PROTOCOL.md 2.4).
  ws = this._ws = new this._options.WebSocket(ticket.base.replace(/^http/i, 'ws') + '/ws', ticket.protocol ? [ticket.protocol] : []);
  ws.onopen = function () {
    self._acked = ticket.received();
    self._raw({ t: 'hello', sid: ticket.sid, token: ticket.token, ack: self._acked });
    self._alive();
  };
  ws.onmessage = function (e) { self._in(e.data); };
  ws.onerror = function () { self._end(1006, 'error'); };
  ws.onclose = function (e) { self._end(e.code, e.reason); };
}

WsTransport.prototype._in = function (data) {
  var frames, f, i, forChannel = [];
  if (this.readyState > 1) return;
  this._alive();
  try { frames = decode(data); } catch (e) { return this._end(4400, 'bad_request'); }
  for (i = 0; i < frames.length; i++) {
    f = frames[i];
    if (!this.readyState) {
      if (f.t != 'welcome') return this._end(4400, 'no_welcome');
      this.readyState = 1;
      this._ping();
      this.onopen(f);
    } else if (f.t == 'pong' && f.id == this._pingId) {
      this.onrtt(this._options.now() - this._pingAt);
    } else forChannel.push(f);
  }
  if (forChannel.length && this.readyState == 1) {
    this.onmessage(forChannel);
    this._ackSoon();
  }
};

/* Acks what the channel accepted: at once after ackEvery frames, else within ackDelay ms. */
WsTransport.prototype._ackSoon = function () {
  var self = this, o = this._options, unacked = this._ticket.received() - this._acked;
  if (this.readyState != 1 || unacked < 1) return;
  if (unacked >= o.ackEvery) this._ack();
  else if (!('ack' in this._timers._ids)) this._timers._set('ack', o.ackDelay, function () { self._ack(); });
};

WsTransport.prototype._ack = function () {
  this._timers._clear('ack');
  this._acked = this._ticket.received();
  this._raw({ t: 'ack', ack: this._acked });
};

/* Any inbound message proves life; silence past hb + hbTimeout means the connection is dead. */
WsTransport.prototype._alive = function () {
  var self = this, k = this._ticket;
  this._timers._set('dead', k.hb + k.hbTimeout, function () { self._end(4408, 'timeout'); });
};

/* Pings double as the keepalive (the period is capped at hb) and as the round-trip measure. */
WsTransport.prototype._ping = function () {
  var self = this;
  this._timers._set('ping', Math.min(this._options.rttInterval, this._ticket.hb), function () {
    self._pingId = 'r' + ++self._pings;
    self._pingAt = self._options.now();
    self._raw({ t: 'ping', id: self._pingId });
    self._ping();
  });
};

/** Sends frames, as few messages as maxBatch and maxPostBytes allow. */
WsTransport.prototype.send = function (frames) {
  var k = this._ticket, i = 0, n;
  while (i < frames.length) {
    n = fit(frames, i, k.maxBatch, k.maxPostBytes);
    this._raw(n == 1 ? frames[i] : frames.slice(i, i + n));
    i += n;
  }
};

/** Nothing to forget: every frame given is already on the wire. */
WsTransport.prototype.drop = function () {};

WsTransport.prototype._raw = function (f) {
  try {
    this._ws.send(f instanceof Array ? encodeBatch(f) : encode(f));
  } catch (e) { /* closing: the close handler takes over */ }
};

/** Closes silently (the owner asked, so it needs no onclose). */
WsTransport.prototype.close = function (code, reason) {
  if (this.readyState > 2) return;
  this.readyState = 3;
  this._timers._clearAll();
  try { this._ws.close(code > 2999 ? code : 1000, reason); } catch (e) { /* already closed */ }
};

WsTransport.prototype._end = function (code, reason) {
  if (this.readyState > 2) return;
  this.close(code, reason);
  this.onclose({ code: code || 1006, reason: reason || '' });
};

// ---- src/channel.js
/* The channel: the public API, its events, and the session's reliability (sequence numbers, cumulative
 * acks, dedupe, replay, pacing; PROTOCOL.md sections 3-4). Which transport carries it is the connector's
 * business (connector.js): transports are replaceable pipes, so a switch or a reconnect loses, duplicates
 * and reorders nothing. */

/**
 * A channel to the handler mounted at url. Use Duplex.connect(url, options).
 * @param {string} url mount path, relative ("/app/echo") or absolute ("https://host/app/echo"; ws:// and
 *     wss:// mean http:// and https://)
 * @param {Object=} opts options (see duplex.d.ts)
 * @constructor
 */
function Channel(url, opts) {
  var self = this, o = this._options = options(opts), w = o.window, k;
  /** 'connecting' | 'open' | 'reconnecting' | 'closed' */
  this.state = 'connecting';
  /** 'websocket' | 'long-polling' | null before the first transport */
  this.transport = this.id = this.rtt = null;
  /** The subprotocol the server chose from options.protocols; '' when none was offered. */
  this.protocol = '';
  /** Frames sent or queued that the server has not acknowledged yet. */
  this.bufferedAmount = 0;
  this._listeners = Object.create(null);
  this._subs = Object.create(null);
  this._reqs = {}; // requests waiting for the server's answer, by seq
  this._timers = new Timers(o);
  this._queue = new Queue(o.maxQueue);
  this._received = this._sent = 0; // the server's seq accepted; the client's seq handed to a transport
  this._base = resolve(url, o.location);
  this._link = new Connector(this);
  this._windowListeners = {
    online: function () { if (self.state == 'reconnecting') self._link._resume(); },
    offline: function () { if (self.state == 'open') self._link._lost({ code: 1006, reason: 'offline' }); },
    // resume: 'tab' parks the session for the tab's next page; otherwise the close frame goes out on the
    // current transport if the page lives long enough (best effort).
    pagehide: function () { if (o.resume != 'tab' || !self._park()) self.close(0, 0, 1); },
    // Back from the back-forward cache, still parked: take the session back.
    pageshow: function () {
      if (!self._parked) return;
      self._parked = false;
      tabTake(o, self._base);
      self._link._resume();
    }
  };
  if (w) for (k in this._windowListeners) w.addEventListener(k, this._windowListeners[k]);
  this._link._start();
}

var C = Channel.prototype;

/**
 * Adds a listener: open, resumed, message, transport, state, reset, error, pressure, drain, close (see
 * duplex.d.ts for each event's meaning and argument).
 */
C.on = function (event, fn) {
  (this._listeners[event] = this._listeners[event] || []).push(fn);
  return this;
};

/** Removes a listener added with on. */
C.off = function (event, fn) {
  var a = this._listeners[event] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
  return this;
};

C._emit = function (event, x, fns, topic) {
  fns = (fns || this._listeners[event] || []).slice();
  for (var i = 0; i < fns.length; i++) {
    // A throwing listener must not break the protocol state; rethrow it outside.
    try { fns[i].call(this, x, topic); } catch (e) { this._options.setTimeout(function () { throw e; }, 0); }
  }
};

/**
 * Sends data (any JSON value) to the server: exactly once and in order, across transport switches and
 * reconnects. Queued while not connected. False, with an 'error' event, when refused: over the server's
 * maxMessage (too_large), queue full (queue_full); false without an event once closed.
 */
C.send = function (data) {
  return this._push({ t: 'msg', d: data === undefined ? null : data });
};

/** Publishes data to a topic. Same guarantees and result as send. */
C.publish = function (topic, data) {
  return this._push({ t: 'pub', topic: topic, d: data === undefined ? null : data });
};

/**
 * Asks the server (its ChannelHandler.onRequest) and gets its answer, exactly once: the request is numbered
 * with the channel's messages, so it survives transport switches and reconnects and never runs twice.
 * Returns a Promise of the answer; with cb, calls cb(error, answer) instead (engines without Promise need cb).
 * A failure is an Error with a code: 'timeout' (no answer within opts.timeout ms, default replyTimeout; a
 * later answer is dropped), 'no_handler', 'internal_error', the server's own code (RequestException),
 * 'closed' (the channel closed, or its session was lost, first), or the send's refusal ('too_large', 'queue_full').
 */
C.request = function (data, opts, cb) {
  var self = this, f = { t: 'req', d: data === undefined ? null : data };
  if (typeof opts == 'function') cb = opts, opts = 0;
  function ask(ok, fail) {
    if (!self._push(f)) return fail(failure(self.state == 'closed' || self._closing ? 'closed' : self._no, 'not sent'));
    var k = 'q' + f.seq;
    self._reqs[f.seq] = function (e, d) {
      self._timers._clear(k);
      delete self._reqs[f.seq];
      if (e) fail(e); else ok(d);
    };
    self._timers._set(k, (opts && opts.timeout) || self._options.replyTimeout, function () {
      self._reqs[f.seq](failure('timeout', 'no answer in time'));
    });
  }
  if (cb) ask(function (d) { cb(null, d); }, cb);
  else return new Promise(ask); // a ReferenceError where Promise is missing: pass cb there
};

/**
 * Answers the server's requests (Channel.request). fn(data) returns the answer, or a Promise of it; or, declared
 * with two parameters, fn(data, reply) calls reply(error, answer) once. An Error with a code (thrown, rejected or
 * given to reply) refuses with that code and its message; any other failure refuses with 'internal_error' and a
 * generic message (nothing of the page's error leaks). Without a handler the server's request fails 'no_handler'.
 */
C.onRequest = function (fn) {
  this._onReq = fn;
  return this;
};

C._answer = function (f) {
  var self = this, fn = this._onReq, done, r;
  function reply(e, d) {
    if (done) return;
    done = 1;
    if (!e && self._push({ t: 'res', ref: f.seq, d: d === undefined ? null : d }, 1)) return;
    e = e || failure(self._no, 'refused'); // over maxMessage (or closed: then nothing is sent)
    self._push({ t: 'res', ref: f.seq, code: e.code ? '' + e.code : 'internal_error', message: e.code ? '' + (e.message || e.code) : 'the page failed' }, 1);
  }
  if (!fn) return reply(failure('no_handler', 'no handler'));
  try {
    r = fn.call(this, this._data(f), reply);
    if (r && typeof r.then == 'function') r.then(function (d) { reply(0, d); }, function (e) { reply(e || 1); });
    else if (fn.length < 2) reply(0, r);
  } catch (e) { reply(e || 1); }
};

/* A frame's payload: d, or the ArrayBuffer of b; undefined, with an 'error', where typed arrays are missing. */
C._data = function (f) {
  try {
    return f.b != null ? fromBase64(f.b) : f.d;
  } catch (e) {
    this._emit('error', { code: e.code, message: e.message });
  }
};

/* Every request still waiting fails: the channel closed, or the session was lost. */
C._unanswered = function () {
  for (var k in this._reqs) this._reqs[k](failure('closed', 'closed first'));
};

/** Subscribes fn(data, topic) to a topic; the first subscription of a topic sends 'sub'. */
C.subscribe = function (topic, fn) {
  var s = this._subs[topic], held = s && s.held, i;
  if (!s) {
    if (!this._push({ t: 'sub', topic: topic })) return false;
    s = this._subs[topic] = [];
  }
  if (fn) s.push(fn);
  if (held && fn) {
    delete s.held; // a topic parked by the previous page: what came before this listener, in order
    for (i = 0; i < held.length; i++) this._emit('', held[i], s, topic);
  }
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

/**
 * Ends the session gracefully: a close frame follows every earlier frame; frames the server sent before
 * its own close (an echo in flight) are still delivered, then 'close' {code, reason} with the app's values
 * (default 1000, ''). At most closeTimeout ms, or until the transport fails; at once when not open.
 */
C.close = function (code, reason, now) {
  var self = this;
  if (this.state == 'closed') return;
  if (!this._closing) {
    if (this._paused) this._unpause(); // the last words go out even while the server asked for a pause
    this._push({ t: 'close', code: code, reason: reason }, 1);
    this._closing = [code || 1000, reason || ''];
  }
  // pagehide (now), or no open transport to hear the server's close on: end at once.
  if (now || this.state != 'open') return this._end();
  this._timers._set('close', this._options.closeTimeout, function () { self._end(); });
};

C._push = function (f, force) {
  var limit = this._link._params && this._link._params.maxMessage;
  if (this.state == 'closed' || this._closing) return false;
  if (isBinary(f.d)) {
    f.b = toBase64(f.d);
    delete f.d;
  }
  // A payload the server would refuse is refused here, before it takes a seq: nothing is queued.
  if (limit && (f.b ? f.b.length + 2 : f.d !== undefined && payloadChars(f.d)) > limit) {
    debug(this._options, this._base, 'refused a message over maxMessage (' + limit + ' characters)');
    return this._refuse('too_large', 'message over ' + limit + ' characters');
  }
  if (!this._queue.push(f, force)) return this._refuse('queue_full', 'send queue full');
  this._backlog();
  this._flush();
  return true;
};

C._refuse = function (code, message) {
  this._no = code;
  this._pressure = this._pressure || code == 'queue_full';
  this._emit('error', { code: code, message: message });
  return false;
};

/* Hands the transport every queued frame it has not been given yet: none while the server asks to wait, and
 * after its advice at most maxBatch beyond its ack (one batch per round trip), so that frames already on
 * their way when the next advice comes are few, and never taken for a client that ignores the advice. */
C._flush = function () {
  var t = this._link._current, fs;
  if (!t || this._paused) return;
  fs = this._queue.after(this._sent);
  if (this._paced) fs = fs.slice(0, Math.max(0, this._queue.acked + this._link._params.maxBatch - this._sent));
  if (fs.length) {
    this._sent = fs[fs.length - 1].seq;
    t.send(fs);
  }
};

/* bufferedAmount follows the queue; 'drain' once it empties after pressure. */
C._backlog = function () {
  this.bufferedAmount = this._queue.items.length;
  if (this._pressure && !this.bufferedAmount) {
    this._pressure = this._paced = 0;
    this._emit('drain');
  }
};

C._acked = function (n) {
  this._queue.ack(n);
  this._backlog();
  if (this._paced) this._flush();
};

/* The server's rate advice {t: slow, retry}: it dropped what came after its ack. Send nothing for retry
 * ms, then re-send every frame it has not acked, in order. */
C._slow = function (retry) {
  var self = this, t = this._link._current;
  debug(this._options, this._base, 'server asks to slow down for ' + retry + ' ms');
  this._paused = this._paced = this._pressure = 1;
  if (t) t.drop();
  this._timers._set('slow', retry, function () {
    self._unpause();
    self._flush();
  });
  this._emit('pressure', { retry: retry });
};

C._unpause = function () {
  this._timers._clear('slow');
  this._paused = 0;
  this._sent = this._queue.acked;
};

/* Frames from transport t. Sequenced frames are accepted once, in order; transport frames act at once. */
C._in = function (fs, t) {
  var i, f, d, lost;
  for (i = 0; i < fs.length && this._link._current == t; i++) {
    f = fs[i];
    if (f.seq) {
      if (f.seq <= this._received) continue; // a duplicate: harmless by design
      if (f.seq > this._received + 1) return t._end(4400, 'sequence_gap'); // a broken peer: resume from our ack
      this._received = f.seq;
    }
    if (f.t == 'msg') {
      d = this._data(f);
      if (d === undefined) continue; // binary on an engine without typed arrays: reported
      if (f.topic == null) this._emit('message', d);
      else if ((this._subs[f.topic] || 0).held) this._subs[f.topic].held.push(d);
      else this._emit('', d, this._subs[f.topic], f.topic);
    } else if (f.t == 'ack') this._acked(f.ack);
    else if (f.t == 'slow') this._slow(f.retry);
    else if (f.t == 'away') return this._link._lost(f, f.retry);
    else if (f.t == 'ping') t.send([{ t: 'pong', id: f.id }]);
    else if (f.t == 'reset') {
      if (f.to <= this._received) continue; // a replayed reset (e.g. a topic gap at its seq): already told
      // Frames taken since the server's last ack of them were not lost for this page: count from after them.
      lost = Math.max(f.from, this._received + 1);
      this._received = f.to;
      this._emit('reset', { reason: f.reason, from: lost, to: f.to, topics: f.topics });
    } else if (f.t == 'error') this._emit('error', { code: f.code, message: f.message, ref: f.ref });
    else if (f.t == 'req') this._answer(f);
    else if (f.t == 'res') {
      if (this._reqs[f.ref]) this._reqs[f.ref](f.code && failure(f.code, f.message), this._data(f)); // else late: dropped
    }
    else if (f.t == 'close') {
      t.send([{ t: 'ack', ack: this._received }]); // the server's last frame, acked: the session ends now
      this._end(f.code, f.reason);
    }
  }
};

/* pagehide with resume: 'tab': stores the session for the next page (tab.js) and lets go of the transports
 * without a word to the server, which keeps the session for its window. True when stored. */
C._park = function () {
  var q = this._queue;
  if (this.state == 'closed' || this._closing || !this.id || !tabSave(this._options, this._base, {
    h: this._link._h, received: this._received, seq: q.seq, acked: q.acked, items: q.items, subs: Object.keys(this._subs)
  })) return false;
  this._link._drop();
  this._link._timers._clearAll();
  return (this._parked = true);
};

/* The next page's side of _park: the session's numbering, unacked frames and topics. A topic's messages
 * are held until the page subscribes to it again (which sends nothing), however late in the page's life. */
C._unpark = function (parked) {
  var q = this._queue, i;
  this._received = parked.received;
  q.seq = parked.seq;
  q.acked = parked.acked;
  q.items = parked.items;
  for (i = 0; i < parked.subs.length; i++) (this._subs[parked.subs[i]] = []).held = [];
};

/* The connector's calls. */

/* A transport now carries the session: everything the server has not acked goes out again on it. */
C._carrier = function (kind, reason, code) {
  var from = this.transport;
  this.transport = kind;
  this._sent = this._queue.acked;
  if (from != kind) this._emit('transport', { from: from, to: kind, reason: reason, code: code });
  this._backlog();
  this._flush();
};

/* Connected: 'open' once per session, 'resumed' when the same session comes back after a reconnect. */
C._connected = function () {
  if (this.state == 'open') return;
  setState(this, 'open');
  this._emit(this._wasOpen ? 'resumed' : 'open');
  this._wasOpen = 1;
};

C._reconnecting = function () {
  if (this.state != 'reconnecting') setState(this, 'reconnecting');
};

/* The server no longer knows the session: tell the app what was lost; the next session subscribes again
 * to every topic the app still listens to. */
C._expired = function () {
  var lost = this._queue.items.length, k;
  this.id = null;
  this._queue.reset();
  this._received = this._wasOpen = 0;
  for (k in this._subs) this._queue.push({ t: 'sub', topic: k }, 1);
  this._backlog();
  this._unanswered();
  if (this.state == 'open') setState(this, 'reconnecting');
  this._emit('reset', { reason: 'expired', lost: lost });
};

/* A refusal that retrying cannot mend: say why ('error'), then close with that reason. */
C._fail = function (code, message, closeCode) {
  this._emit('error', { code: code, message: message });
  this._end(closeCode, code);
};

/* The session is over (client close, server close frame, or a refusal): stop everything, tell the app.
 * After a client close, the app's code and reason. */
C._end = function (code, reason) {
  var w = this._options.window, c = this._closing, k;
  if (this.state == 'closed') return;
  if (c) code = c[0], reason = c[1];
  setState(this, 'closed');
  this._unanswered();
  this._timers._clearAll();
  this._link._stop();
  if (w) for (k in this._windowListeners) w.removeEventListener(k, this._windowListeners[k]);
  this._emit('close', { code: code, reason: reason });
};

// ---- src/connector.js
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

// ---- src/wsapi.js
/* Duplex.WebSocket: the W3C WebSocket surface for text messages, carried by a Duplex channel, so code
 * written for WebSocket gains fallback, resume and exactly-once delivery with its constructor changed. Each
 * text message is one channel message whose payload d is that string. */
var WS_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * @param {string} url the Duplex mount: a path, or an absolute URL (ws:// and wss:// are taken as http://
 *     and https://, so a WebSocket URL can stay as it was)
 * @param {(string|Array|Object)=} protocols subprotocols offered, in order of preference (the server chooses one,
 *     reported by protocol); an object here is taken as options
 * @param {Object=} opts channel options
 * @constructor
 */
function DuplexWebSocket(url, protocols, opts) {
  var self = this, c;
  if (protocols && typeof protocols == 'object' && !(protocols instanceof Array)) opts = protocols;
  else if (protocols) (opts = Object.create(opts || {})).protocols = protocols;
  /** The channel underneath, for what WebSocket has no word for (transport and pressure events, topics). */
  c = this.channel = new Channel(url, opts);
  this.url = c._base;
  this.readyState = 0;
  /** The transport in use: 'websocket', 'long-polling', or null before the first. */
  this.transport = null;
  this.protocol = this.extensions = '';
  this.binaryType = 'arraybuffer'; // binary messages arrive as ArrayBuffer (no Blob)
  this._listeners = {};
  c.on('transport', function (e) { self.transport = e.to; });
  c.on('open', function () {
    if (!self.readyState) {
      self.readyState = 1;
      self.protocol = c.protocol;
      self._fire('open', {});
    }
  });
  c.on('message', function (d) {
    self._fire('message', { data: typeof d == 'string' || isBinary(d) ? d : JSON.stringify(d) });
  });
  c.on('error', function (e) {
    self._fire('error', { code: e.code, message: e.message });
  });
  c.on('close', function (e) {
    // No subprotocol in common: what a browser reports when the server names none of those it asked for.
    var np = e.reason == 'unsupported_protocol', code = np ? 1006 : e.code;
    self.readyState = 2;
    // Like the browser's, the close event is a later task: readyState is CLOSING until then. Refusals
    // (1006, 1009, 1011 and Duplex's 44xx codes) are not clean closes.
    c._options.setTimeout(function () {
      self.readyState = 3;
      self._fire('close', { code: code, reason: np ? '' : e.reason, wasClean: code < 1002 || code > 2999 && (code < 4400 || code > 4499) });
    }, 0);
  });
}

var D = DuplexWebSocket.prototype;

WS_STATES.forEach(function (name, n) { DuplexWebSocket[name] = D[name] = n; });

/** Characters of text messages sent but not yet acknowledged by the server (the browser's counts bytes
 * not yet handed to the network). */
Object.defineProperty(D, 'bufferedAmount', {
  get: function () {
    var items = this.channel._queue.items, n = 0, j;
    for (j = 0; j < items.length; j++) if (items[j].t == 'msg') n += (items[j].b || items[j].d).length;
    return n;
  }
});

function domError(name) {
  var e = new Error(name);
  e.name = name;
  return e;
}

/** Sends a text message; throws InvalidStateError while CONNECTING, ignored once closing. A message the
 * channel refuses (over maxMessage, queue full) fires 'error'. */
D.send = function (text) {
  if (!this.readyState) throw domError('InvalidStateError');
  if (this.readyState == 1) this.channel.send(isBinary(text) ? text : '' + text);
};

/** Closes; code must be 1000 or 3000-4999 (InvalidAccessError otherwise). */
D.close = function (code, reason) {
  if (code !== undefined && code != 1000 && !(code >= 3000 && code <= 4999)) throw domError('InvalidAccessError');
  if (this.readyState > 1) return;
  this.readyState = 2; // CLOSING while the channel waits for the server's close
  this.channel.close(code, reason);
};

D.addEventListener = function (type, fn) {
  var a = this._listeners[type] = this._listeners[type] || [];
  if (a.indexOf(fn) < 0) a.push(fn);
};

D.removeEventListener = function (type, fn) {
  var a = this._listeners[type] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
};

D._fire = function (type, ev) {
  var a = (this._listeners[type] || []).slice(), i;
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
 * @param {Object=} opts see duplex.d.ts
 * @return {Channel}
 */
function connect(url, opts) {
  return new Channel(url, opts);
}

var Duplex = { connect: connect, Channel: Channel, WebSocket: DuplexWebSocket, version: '0.1.0' };

return Duplex;
}));

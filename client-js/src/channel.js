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

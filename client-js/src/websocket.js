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

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

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

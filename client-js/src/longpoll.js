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

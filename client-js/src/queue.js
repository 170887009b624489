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

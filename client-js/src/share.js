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

'use strict';
// Many tabs of one browser (share.js): a fake BroadcastChannel bus and Web Locks shared by the tabs, and a fake
// server that holds many sessions and speaks the bundled poll of PROTOCOL.md section 2.5 next to /poll and /send.
// Every delivery (an HTTP answer, a broadcast, a lock grant) goes through the fake clock: nothing sleeps.
const { bundle } = require('../build.js');

const BASE = 'http://app.test/app/echo';

/** A fresh copy of the client, as each tab has its own (its own share registry). */
function freshDuplex() {
  return new Function(bundle() + '\nreturn Duplex;')();
}

/** The BroadcastChannel bus and lock manager of one browser profile. */
class Browser {
  constructor(clock) {
    this.clock = clock;
    this.channels = [];
    this.locks = {}; // name -> { holder, queue: [{tab, cb}] }
  }

  /** The BroadcastChannel and navigator.locks that one tab sees. */
  tab(tab) {
    const browser = this;
    class BC {
      constructor(name) { this.name = name; this.tab = tab; browser.channels.push(this); }
      postMessage(d) {
        const copy = JSON.parse(JSON.stringify(d)); // structured clone, near enough
        for (const c of browser.channels) {
          if (c !== this && c.name === this.name && !c.tab.closed) browser.clock.setTimeout(() => { if (!c.tab.closed) c.onmessage({ data: copy }); }, 0);
        }
      }
    }
    const locks = {
      request(name, cb) {
        const l = browser.locks[name] = browser.locks[name] || { holder: null, queue: [] };
        l.queue.push({ tab, cb });
        browser.grant(name);
        return new Promise(() => {});
      }
    };
    return { BroadcastChannel: BC, locks };
  }

  grant(name) {
    const l = this.locks[name];
    l.queue = l.queue.filter((w) => !w.tab.closed);
    if (l.holder && !l.holder.closed) return;
    const next = l.queue.shift();
    l.holder = next ? next.tab : null;
    if (next) this.clock.setTimeout(() => next.cb({ name }), 0);
  }

  /** A tab goes: its locks pass on, its channels hear nothing more. */
  close(tab) {
    tab.closed = true;
    for (const name in this.locks) this.grant(name);
  }
}

/** A server with many sessions; it echoes every msg to its sender. bundles: whether it serves POST /bundle. */
class Server {
  constructor(clock) {
    this.clock = clock;
    this.sessions = {};
    this.count = 0;
    this.bundles = true;
    this.log = [];
    this.bundleBodies = [];
    this.alone = new Set(); // sids answered {"alone":true} in a bundle
    const srv = this;
    this.XHR = class {
      constructor() { this.headers = {}; this.readyState = 0; this.status = 0; this.responseText = ''; }
      getResponseHeader() { return null; }
      open(m, url) { this.method = m; this.url = url.replace(/\?.*$/, ''); }
      setRequestHeader(k, v) { this.headers[k] = v; }
      send(body) {
        this.body = body;
        srv.log.push(this.method + ' ' + this.url.slice(BASE.length));
        srv.clock.setTimeout(() => srv.route(this), 0);
      }
      abort() { this.aborted = true; srv.unpark(this); }
      respond(status, text) {
        if (this.done || this.aborted) return false;
        this.done = true;
        srv.unpark(this);
        srv.clock.setTimeout(() => {
          this.status = status;
          this.responseText = text;
          this.readyState = 4;
          this.onreadystatechange();
        }, 1);
        return true;
      }
    };
  }

  session(sid) { return this.sessions[sid]; }

  /** Frames for the session after ack, if any. */
  owed(s, ack) { return s.out.filter((f) => f.seq > ack); }

  route(x) {
    if (x.aborted) return;
    const p = x.url.slice(BASE.length);
    if (p === '/handshake') {
      const sid = 'S' + (++this.count);
      this.sessions[sid] = { sid, token: 'T' + this.count, out: [], seq: 0, recv: 0, poller: null };
      return x.respond(200, JSON.stringify({ v: 1, sid, token: 'T' + this.count, ws: false, hb: 25000, hbTimeout: 20000,
        poll: 25000, window: 120000, maxMessage: 65536, maxBatch: 100, maxPostBytes: 1048576 }));
    }
    if (p === '/bundle') return this.bundle(x);
    const s = this.sessions[x.headers['X-Duplex-Session']];
    if (!s || s.token !== x.headers['X-Duplex-Token']) return x.respond(404, '{"error":"unknown_session","message":"no such session"}');
    if (p === '/poll') return this.park(s, { x, ack: +x.headers['X-Duplex-Ack'], single: true });
    if (p === '/send') {
      for (const f of JSON.parse(x.body)) {
        if (f.seq && f.seq === s.recv + 1) {
          s.recv = f.seq;
          if (f.t === 'msg') this.push(s.sid, f.d);
        }
      }
      return x.respond(200, JSON.stringify([{ t: 'ack', ack: s.recv }]));
    }
    x.respond(404, '{"error":"not_found","message":"no such endpoint"}');
  }

  /** The server sends d to session sid. */
  push(sid, d) {
    const s = this.sessions[sid];
    s.out.push({ t: 'msg', seq: ++s.seq, d });
    if (s.poller) this.flush(s.poller.owner);
  }

  /** Parks poller on s, ending the one it supersedes with nothing. */
  park(s, poller) {
    const old = s.poller;
    s.out = s.out.filter((f) => f.seq > poller.ack);
    poller.owner = poller.single ? poller : poller.owner;
    s.poller = poller;
    if (old && old !== poller) this.answerEmpty(old, s);
    if (poller.single) {
      this.flush(poller);
      this.clock.setTimeout(() => poller.x.respond(200, '[]'), 25000);
    }
  }

  answerEmpty(old, s) {
    if (old.single) old.x.respond(200, '[]');
    else old.owner.entries[s.sid] = { sid: s.sid, frames: [] }, this.finish(old.owner);
  }

  flush(owner) {
    if (owner.single) {
      const s = Object.values(this.sessions).find((x) => x.poller === owner);
      if (s && this.owed(s, owner.ack).length) owner.x.respond(200, JSON.stringify(this.owed(s, owner.ack)));
      return;
    }
    for (const m of owner.members) {
      const s = this.sessions[m.sid];
      if (s.poller && s.poller.owner === owner && this.owed(s, m.ack).length) owner.entries[m.sid] = { sid: m.sid, frames: this.owed(s, m.ack) };
    }
    if (!owner.joining) this.finish(owner);
  }

  bundle(x) {
    if (!this.bundles) return x.respond(404, '{"error":"not_found","message":"no such endpoint"}');
    this.bundleBodies.push(x.body);
    const owner = { x, members: JSON.parse(x.body), entries: {}, joining: true };
    x.owner = owner;
    for (const m of owner.members) {
      const s = this.sessions[m.sid];
      if (this.alone.has(m.sid)) owner.entries[m.sid] = { sid: m.sid, alone: true };
      else if (!s || s.token !== m.token) owner.entries[m.sid] = { sid: m.sid, status: 404, error: 'unknown_session', message: 'no such session' };
      else this.park(s, { owner, ack: m.ack });
    }
    owner.joining = false;
    this.flush(owner);
    // The hold runs out: every member still parked ends empty.
    this.clock.setTimeout(() => {
      for (const m of owner.members) if (!owner.entries[m.sid]) owner.entries[m.sid] = { sid: m.sid, frames: [] };
      this.finish(owner);
    }, 25000);
  }

  finish(owner) {
    const entries = owner.members.map((m) => owner.entries[m.sid]).filter(Boolean);
    if (!entries.length || owner.done) return;
    owner.done = true;
    this.release(owner);
    owner.x.respond(200, JSON.stringify(entries));
  }

  release(owner) {
    for (const s of Object.values(this.sessions)) if (s.poller && s.poller.owner === owner) s.poller = null;
  }

  unpark(x) {
    for (const s of Object.values(this.sessions)) {
      if (s.poller && (s.poller.x === x || (s.poller.owner && s.poller.owner.x === x))) s.poller = null;
    }
    if (x.owner) x.owner.done = true;
  }

  /** Parked exchanges now: single polls and bundles. */
  parked() {
    const out = new Set();
    for (const s of Object.values(this.sessions)) if (s.poller) out.add(s.poller.owner);
    return [...out];
  }
}

module.exports = { BASE, Browser, Server, freshDuplex };

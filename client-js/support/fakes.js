'use strict';
// Test doubles: a fake clock, and a fake Duplex server that speaks PROTOCOL.md through a fake
// XMLHttpRequest and a fake WebSocket. Nothing here sleeps: time moves only when a test ticks the clock.
const path = require('path');
const { bundle } = require('../build.js');

/** The sources' internals (codec, Backoff, setState...), evaluated the way the bundle scopes them. */
function internals() {
  const names = ['encode', 'encodeBatch', 'decode', 'Backoff', 'TRANSITIONS', 'canTransition', 'setState', 'Queue',
    'resolve', 'fit', 'utf8Bytes', 'payloadChars', 'options', 'LongPoll', 'WsTransport', 'Duplex'];
  return new Function(bundle() + '\nreturn {' + names.map((n) => n + ':' + n).join(',') + '};')();
}

/** The built client: 'src' (fresh bundle), 'dist' or 'min'. */
function load(kind) {
  if (kind === 'dist') return require(path.join(__dirname, '../dist/duplex.js'));
  if (kind === 'min') return require(path.join(__dirname, '../dist/duplex.min.js'));
  return internals().Duplex;
}

class Clock {
  constructor() { this.now = 0; this.timers = []; this.nextId = 1; }
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.timers.push({ id, at: this.now + Math.max(0, ms || 0), fn });
    return id;
  }
  clearTimeout(id) { this.timers = this.timers.filter((t) => t.id !== id); }
  /** Runs every timer due within ms, in time order (timers they arm run too, if due). */
  tick(ms = 0) {
    const end = this.now + ms;
    for (let guard = 0; ; guard++) {
      if (guard > 100000) throw new Error('runaway timers at ' + this.now);
      let next = null;
      for (const t of this.timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = next.at;
      next.fn();
    }
    this.now = end;
  }
}

class Storage {
  constructor() { this.m = {}; }
  getItem(k) { return k in this.m ? this.m[k] : null; }
  setItem(k, v) { this.m[k] = String(v); }
  removeItem(k) { delete this.m[k]; }
}

const BASE = 'http://app.test/app/echo';
const EVENTS = ['open', 'resumed', 'transport', 'state', 'reset', 'close', 'error', 'pressure', 'drain'];

/**
 * A one-session-at-a-time server model. wsMode: 'ok' | 'refuse' | 'hang' | 'silent' (101 then nothing).
 * down: every request fails at the network level. dup: replays include this many already-acked frames.
 * refuse: [status, body] answers every handshake (a wrong mount, a foreign origin, a full server).
 * limits: the handshake's maxMessage, maxBatch, maxPostBytes, enforced as WIRE-CONTRACT.md says (413 or
 * close 1009 for bytes and batch size; an error frame with ref for a payload over maxMessage).
 * rate: sequenced client frames accepted per window ms (WIRE-CONTRACT.md backpressure): past it the rest of
 * the batch is dropped unacked and {t: slow, retry} is sent; gaps are tolerated while slowed.
 */
class Server {
  constructor(clock) {
    this.clock = clock;
    this.wsMode = 'ok';
    this.down = false;
    this.dup = 0;
    this.hsCount = 0;
    this.sess = null;
    this.received = []; // client msg payloads accepted, in order
    this.frames = []; // every client frame processed (after dedupe)
    this.log = []; // 'GET /poll', 'POST /send'...: method and endpoint
    this.urls = []; // every request's full URL
    this.wss = [];
    this.hello = [];
    this.refuse = null;
    this.limits = { maxMessage: 65536, maxBatch: 100, maxPostBytes: 1048576 };
    this.rate = null; // { perWindow, window, retry }
    this.graceful = true; // answers a client close with its own close frame, behind what it queued before
    this.echo = false; // echoes every client msg
    this.speaks = ['chat', 'superchat']; // subprotocols the server chooses from, in the client's order
    this.offers = []; // each handshake's protocols member
    this.answer = null; // answer(d, frame) -> {d} or {code, message} for a client req, or null to hold it
    this.bodies = []; // every POST /send body's UTF-8 size and frame count
    this.wsMessages = []; // every WebSocket message's UTF-8 size and frame count
    this.slows = []; // when each slow advice was sent
    this.cuts = 0; // clients cut for ignoring the advice
    this.stopping = null; // { retry, body, header }: the node stops (see stop)
    const srv = this;
    this.XHR = class {
      constructor() { this.headers = {}; this.readyState = 0; this.status = 0; this.responseText = ''; this.responseHeaders = {}; }
      getResponseHeader(k) { return k in this.responseHeaders ? this.responseHeaders[k] : null; }
      open(m, url) { this.method = m; this.url = url; }
      setRequestHeader(k, v) { this.headers[k] = v; }
      send(body) {
        this.body = body;
        srv.urls.push(this.url);
        srv.log.push(this.method + ' ' + this.url.slice(BASE.length).replace(/\?.*$/, ''));
        clock.setTimeout(() => srv.http(this), 0);
      }
      abort() { if (!this.done) this.respond(0, ''); this.aborted = true; }
      respond(status, text, headers) {
        if (this.done) return;
        this.done = true;
        this.responseHeaders = headers || {};
        this.status = status;
        this.responseText = text;
        this.readyState = 4;
        if (srv.sess && srv.sess.poll === this) srv.sess.poll = null;
        this.onreadystatechange();
      }
    };
    this.WS = class {
      constructor(url, protocols) {
        this.url = url;
        this.protocols = protocols;
        this.readyState = 0;
        this.sent = [];
        this.mode = srv.wsMode;
        this.at = clock.now;
        srv.wss.push(this);
        if (srv.stopping) this.mode = 'refuse'; // an upgrade is answered 503
        if (this.mode === 'ok' || this.mode === 'silent') clock.setTimeout(() => { this.readyState = 1; this.onopen({}); }, 0);
        if (this.mode === 'refuse') {
          clock.setTimeout(() => { this.readyState = 3; this.onerror({}); this.onclose({ code: 1006, reason: '' }); }, 0);
        }
      }
      send(text) {
        if (this.readyState !== 1) throw new Error('InvalidStateError');
        this.sent.push(text);
        if (this.mode === 'ok') clock.setTimeout(() => srv.wsIn(this, text), 0);
      }
      close(code, reason) {
        if (this.readyState > 1) return;
        this.readyState = 3;
        this.closedWith = code;
        srv.detach(this);
        clock.setTimeout(() => this.onclose({ code, reason, wasClean: true }), 0);
      }
      /** The server (or the network) ends it. */
      kill(code = 1006) {
        if (this.readyState > 1) return;
        this.readyState = 3;
        this.killed = true;
        srv.detach(this);
        clock.setTimeout(() => this.onclose({ code, reason: '' }), 0);
      }
      deliver(frames) {
        if (this.readyState !== 1) return;
        const text = JSON.stringify(frames.length === 1 ? frames[0] : frames);
        clock.setTimeout(() => { if (this.readyState === 1) this.onmessage({ data: text }); }, 0);
      }
    };
  }

  /**
   * The node stops gracefully (PROTOCOL.md section 5.1): from now on every request gets 503 shutting_down
   * (retry ms in the body unless body is false; Retry-After unless header is false); the parked poll is
   * answered with what it is owed, then away; a WebSocket gets away, then close 1001 (without away if
   * frame is false). Back to serving, the same session kept (a cluster node took it), with stopping = null.
   */
  stop(retry, { body = true, header = true, frame = true } = {}) {
    const s = this.sess;
    this.stopping = { retry, body, header };
    if (s && s.ws) {
      const ws = s.ws;
      if (frame) ws.deliver([{ t: 'away', retry }]);
      this.clock.setTimeout(() => ws.kill(1001), 0); // after the away frame's delivery
    }
    if (s && s.poll) s.poll.respond(200, JSON.stringify(s.out.filter((f) => f.seq > s.pollAck).concat([{ t: 'away', retry }])));
  }

  shuttingDown() {
    const b = { error: 'shutting_down', message: 'the server is shutting down' };
    if (this.stopping.body) b.retry = this.stopping.retry;
    return JSON.stringify(b);
  }

  detach(ws) { if (this.sess && this.sess.ws === ws) this.sess.ws = null; }

  http(x) {
    const p = x.url.slice(BASE.length).replace(/\?.*$/, '');
    if (x.aborted) return;
    if (this.down) return x.respond(0, '');
    if (this.stopping) return x.respond(503, this.shuttingDown(), this.stopping.header ? { 'Retry-After': '' + Math.ceil(this.stopping.retry / 1000) } : {});
    if (p === '/handshake') {
      this.hsCount++;
      if (this.refuse) return x.respond(this.refuse[0], this.refuse[1]);
      const offered = JSON.parse(x.body || '{}').protocols;
      const protocol = offered && offered.find((p) => this.speaks.includes(p));
      this.offers.push(offered);
      if (offered && !protocol) return x.respond(400, '{"error":"unsupported_protocol","message":"none offered is spoken"}');
      const sid = 'S' + this.hsCount;
      this.sess = { sid, token: 'T' + this.hsCount, out: [], nextSeq: 1, recv: 0, acked: 0, ws: null, poll: null, subs: {} };
      return x.respond(200, JSON.stringify(Object.assign({ v: 1, sid, token: this.sess.token, ws: true, hb: 25000,
        hbTimeout: 20000, poll: 25000, window: 120000 }, this.limits, protocol ? { protocol } : {})));
    }
    const s = this.sess;
    if (!s || x.headers['X-Duplex-Session'] !== s.sid || x.headers['X-Duplex-Token'] !== s.token) {
      return x.respond(404, '{"error":"unknown_session","message":"no such session"}');
    }
    if (p === '/poll') {
      if (s.ws && x.headers['X-Duplex-Probe'] === '1') {
        return x.respond(204, '');
      }
      if (s.ws) s.ws.kill(4409);
      const ack = Number(x.headers['X-Duplex-Ack']);
      this.ackOut(ack);
      if (s.poll) s.poll.respond(200, '[]');
      s.poll = x;
      s.pollAck = ack;
      if (!this.flushPoll()) this.clock.setTimeout(() => { if (s.poll === x) x.respond(200, '[]'); }, 25000);
      return;
    }
    const batch = JSON.parse(x.body);
    this.bodies.push({ bytes: Buffer.byteLength(x.body), frames: batch.length, at: this.clock.now, seqs: batch.filter((f) => f.seq).length, batch });
    if (Buffer.byteLength(x.body) > this.limits.maxPostBytes || batch.length > this.limits.maxBatch) {
      return x.respond(413, '{"error":"too_large","message":"body over maxPostBytes"}');
    }
    const out = [];
    if (!this.inboundBatch(batch, out)) {
      return x.respond(429, '{"error":"rate_limited","message":"ignored the advice"}', { 'Retry-After': '1' });
    }
    x.respond(200, JSON.stringify([{ t: 'ack', ack: s.recv }].concat(out)));
  }

  /**
   * A batch of client frames, through the rate cap: over it, the rest of the batch is dropped unacked. A client
   * that ignores the advice (more than maxBatch sequenced frames in later batches within retry ms) is cut:
   * returns false, and the caller answers 429 or closes 4429.
   */
  inboundBatch(batch, out) {
    const s = this.sess;
    if (this.rate && s.adviceAt !== undefined && this.clock.now - s.adviceAt < this.rate.retry) {
      s.ignored += batch.filter((f) => f.seq).length;
      if (s.ignored > this.limits.maxBatch) {
        this.cuts++;
        return false;
      }
      return true;
    }
    for (const f of batch) {
      if (f.seq && this.rate) {
        const now = this.clock.now;
        if (!s.window || now - s.window.start >= this.rate.window) s.window = { start: now, n: 0 };
        if (f.seq === s.recv + 1 && s.window.n >= this.rate.perWindow) {
          s.slowed = true;
          s.adviceAt = now;
          s.ignored = 0;
          this.slows.push(now);
          out.push({ t: 'slow', retry: this.rate.retry });
          return true;
        }
        if (s.slowed && f.seq > s.recv + 1) continue; // in flight after the refused one: tolerated
        if (f.seq === s.recv + 1) { s.window.n++; s.slowed = false; }
      }
      this.inbound(f, out);
    }
    return true;
  }

  /** Answers the parked poll if there is anything to send; true when answered. */
  flushPoll() {
    const s = this.sess;
    if (!s.poll) return false;
    // Duplicates ride along with new frames only (else every poll would return at once, forever).
    if (!s.out.some((f) => f.seq > s.pollAck)) return false;
    const fs = s.out.filter((f) => f.seq > s.pollAck - this.dup);
    s.poll.respond(200, JSON.stringify(fs));
    return true;
  }

  ackOut(n) { const s = this.sess; if (n > s.acked) s.acked = n; s.out = s.out.filter((f) => f.seq > n - this.dup); }

  inbound(f, out) {
    const s = this.sess;
    if (f.seq) {
      if (f.seq <= s.recv) return;
      if (f.seq > s.recv + 1) throw new Error('client sequence gap ' + f.seq + ' after ' + s.recv);
      s.recv = f.seq;
    }
    this.frames.push(f);
    if (f.d !== undefined && JSON.stringify(f.d).length > this.limits.maxMessage) {
      this.queue({ t: 'error', ref: f.seq, code: 'too_large', message: 'over maxMessage' });
      return;
    }
    if (f.t === 'msg') this.received.push(f.d);
    if (f.t === 'msg' && this.echo) this.push(f.d);
    if (f.t === 'ack') this.ackOut(f.ack);
    if (f.t === 'ping') out.push({ t: 'pong', id: f.id });
    if (f.t === 'sub') { s.subs[f.topic] = 1; this.queue({ t: 'suback', ref: f.seq, topic: f.topic }); }
    if (f.t === 'unsub') { delete s.subs[f.topic]; this.queue({ t: 'unsuback', ref: f.seq, topic: f.topic }); }
    if (f.t === 'pub' && s.subs[f.topic]) this.queue({ t: 'msg', topic: f.topic, d: f.d });
    if (f.t === 'req' && this.answer) {
      const a = this.answer(f.d, f);
      if (a) this.queue(Object.assign({ t: 'res', ref: f.seq }, a));
    }
    if (f.t === 'close') s.closed = true;
    if (f.t === 'close' && this.graceful) this.queue({ t: 'close', code: 1000, reason: 'closed by client' });
  }

  /** A sequenced server frame: numbered, buffered for replay, sent on the attached transport. */
  queue(frame) {
    const s = this.sess;
    const f = Object.assign({ t: frame.t, seq: s.nextSeq++ }, frame);
    s.out.push(f);
    if (s.ws) s.ws.deliver([f]);
    else this.flushPoll();
    return f;
  }

  push(d, topic) { return this.queue(topic ? { t: 'msg', topic, d } : { t: 'msg', d }); }

  /** Unsequenced frames (pong, reset, ping...) on the attached transport. */
  emit(frames) {
    const s = this.sess;
    if (s.ws) s.ws.deliver(frames);
    else if (s.poll) s.poll.respond(200, JSON.stringify(frames));
  }

  wsIn(ws, text) {
    if (ws.killed) return; // a client close still delivers what was sent before it; a dead link does not
    let fs = JSON.parse(text);
    if (!Array.isArray(fs)) fs = [fs];
    this.wsMessages.push({ bytes: Buffer.byteLength(text), frames: fs.length, at: this.clock.now, seqs: fs.filter((f) => f.seq).length });
    if (Buffer.byteLength(text) > this.limits.maxPostBytes || fs.length > this.limits.maxBatch) return ws.kill(1009);
    const s = this.sess;
    const out = [];
    if (!ws.attached) {
      const f = fs.shift();
      this.hello.push(f);
      if (f.t !== 'hello' || !s || f.sid !== s.sid || f.token !== s.token) return ws.kill(4404);
      ws.attached = true;
      if (s.ws) s.ws.kill(4409);
      s.ws = ws;
      if (s.poll) s.poll.respond(200, '[]');
      this.ackOut(f.ack);
      ws.deliver([{ t: 'welcome', sid: s.sid, ack: s.recv }].concat(s.out.filter((o) => o.seq > f.ack - this.dup)));
    }
    if (!this.inboundBatch(fs, out)) return ws.kill(4429);
    if (fs.some((f) => f.seq)) out.unshift({ t: 'ack', ack: s.recv });
    if (out.length) ws.deliver(out);
  }
}

/** A console that keeps its lines. */
class Console {
  constructor() { this.lines = []; }
  log(text) { this.lines.push(text); }
}

/** A client wired to a fresh fake server and clock; with bare, only the server and the options (the test
 * makes its own client: the fake server holds one session at a time). */
function setup(opts = {}, kind = 'src', bare = false) {
  const clock = new Clock();
  const console = new Console();
  const server = new Server(clock);
  const storage = new Storage();
  const Duplex = load(kind);
  const events = [];
  const options = Object.assign({
    setTimeout: (f, ms) => clock.setTimeout(f, ms),
    clearTimeout: (id) => clock.clearTimeout(id),
    now: () => clock.now,
    random: () => 0.5,
    WebSocket: server.WS,
    XMLHttpRequest: server.XHR,
    sessionStorage: storage,
    window: null,
    console
  }, opts);
  const got = [];
  if (bare) return { clock, server, storage, got, events, Duplex, options, console };
  const ch = Duplex.connect(opts.url || BASE, options);
  ch.on('message', (d) => got.push(d));
  for (const ev of EVENTS) ch.on(ev, (x) => events.push([ev, x]));
  return { clock, server, storage, ch, got, events, Duplex, options, console };
}

module.exports = { internals, load, Clock, Server, Storage, Console, setup, BASE };

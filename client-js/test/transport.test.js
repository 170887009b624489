'use strict';
// Fallback, upgrade, downgrade, reconnect and expiry decisions, against the fake server.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const transports = (events) => events.filter((e) => e[0] === 'transport').map((e) => e[1].from + '>' + e[1].to + ':' + e[1].reason);

test('no WebSocket in the browser: long-polling only, messages flow both ways', () => {
  const { clock, server, ch, got, events } = setup({ WebSocket: null });
  assert.strictEqual(ch.state, 'connecting');
  assert.strictEqual(ch.transport, null);
  clock.tick(0);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(ch.id, 'S1');
  ch.send('hi');
  server.push('a');
  clock.tick(0);
  assert.deepStrictEqual(got, ['a']);
  assert.deepStrictEqual(server.received, ['hi']);
  assert.strictEqual(server.wss.length, 0);
  clock.tick(600000);
  assert.strictEqual(server.wss.length, 0);
  assert.deepStrictEqual(events.filter((e) => e[0] === 'open').length, 1);
});

test('upgrade: polls first, then WebSocket proven by welcome; sends move to it', () => {
  const { clock, server, ch, got, events } = setup();
  ch.send(1);
  clock.tick(0);
  assert.strictEqual(ch.state, 'open');
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  assert.deepStrictEqual(transports(events), ['null>long-polling:open', 'long-polling>websocket:upgrade']);
  assert.strictEqual(server.wss[0].url, 'ws://app.test/app/echo/ws');
  const hello = server.hello[0];
  assert.deepStrictEqual(Object.keys(hello), ['t', 'sid', 'token', 'ack']);
  ch.send(2);
  server.push('x');
  clock.tick(0);
  assert.deepStrictEqual(server.received, [1, 2]);
  assert.deepStrictEqual(got, ['x']);
  const polls = server.log.filter((l) => l === 'GET /poll').length;
  clock.tick(100000);
  assert.strictEqual(server.log.filter((l) => l === 'GET /poll').length, polls, 'no polling once upgraded');
  assert.ok(server.wss[0].sent.some((t) => JSON.parse(t).t === 'ping'), 'keepalive pings');
});

test('WebSocket refused: stays on long-polling, remembers the failure, retries only after the memory expires', () => {
  const { clock, server, ch, storage, events } = setup({ wsFailureMemoryMs: 60000 });
  server.wsMode = 'refuse';
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(server.wss.length, 1);
  const mem = JSON.parse(Object.values(storage.m)[0]);
  assert.strictEqual(mem.why, 'error');
  assert.strictEqual(mem.until, 60000);
  server.push('still flowing');
  clock.tick(59000);
  assert.strictEqual(server.wss.length, 1, 'no attempt while remembered');
  assert.deepStrictEqual(events.filter((e) => e[0] === 'close' || e[0] === 'reset'), []);
  server.wsMode = 'ok';
  clock.tick(1001);
  assert.strictEqual(server.wss.length, 2);
  assert.strictEqual(ch.transport, 'websocket');
  assert.deepStrictEqual(storage.m, {}, 'a success clears the memory');
});

// Closed before welcome, for reasons that say nothing about this network's WebSockets: superseded by a stale poll
// (4409, retried after upgradeMin), or told to try again later by a cluster node in a hurry (1013, after the
// backoff). Neither is remembered.
[
  [4409, 'superseded by a stale poll', { upgradeMin: 2000 }], // at upgradeMin, whatever the backoff's cap
  [1013, 'told to try again later', { upgradeMin: 2000, upgradeMax: 2000 }]
].forEach(([code, why, options]) => {
  test('a probe ' + why + ' (' + code + ') before welcome is retried and not remembered', () => {
    const { clock, server, ch, storage } = setup(options);
    server.wsMode = 'silent';
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(server.wss.length, 1);
    server.wss[0].kill(code);
    clock.tick(0);
    assert.strictEqual(ch.transport, 'long-polling');
    assert.strictEqual(ch.state, 'open');
    assert.deepStrictEqual(storage.m, {}, 'nothing remembered');
    server.wsMode = 'ok';
    clock.tick(2000);
    assert.strictEqual(server.wss.length, 2, 'retried');
    assert.strictEqual(ch.transport, 'websocket');
  });
});

test('a second channel in the same tab skips the upgrade while the failure is remembered', () => {
  const a = setup();
  a.server.wsMode = 'refuse';
  a.clock.tick(0);
  a.clock.tick(0);
  const b = setup({ sessionStorage: a.storage, now: () => 1000 });
  b.clock.tick(0);
  b.clock.tick(0);
  assert.strictEqual(b.server.wss.length, 0);
  assert.strictEqual(b.ch.transport, 'long-polling');
});

test('storage that throws is tolerated', () => {
  const bad = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() { throw new Error('x'); } };
  const { clock, server, ch } = setup({ sessionStorage: bad });
  server.wsMode = 'refuse';
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'long-polling');
});

for (const mode of ['hang', 'silent']) {
  test(`WebSocket ${mode === 'hang' ? 'never opens' : 'answers 101 then forwards nothing'}: messages flow meanwhile, falls back after upgradeTimeout`, () => {
    const { clock, server, ch, got, storage } = setup({ upgradeTimeout: 5000 });
    server.wsMode = mode;
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(server.wss.length, 1);
    // While the probe waits for its welcome, polling goes on: a hanging upgrade delays no message.
    ch.send('sent during probe');
    server.push('during probe 1');
    clock.tick(0);
    assert.deepStrictEqual(server.received, ['sent during probe'], 'a send never waits for the probe');
    assert.deepStrictEqual(got, ['during probe 1']);
    server.push('during probe 2');
    clock.tick(0);
    assert.deepStrictEqual(got, ['during probe 1', 'during probe 2'], 'the next poll is out at once');
    clock.tick(4999);
    assert.strictEqual(ch.transport, 'long-polling');
    clock.tick(1);
    assert.strictEqual(server.wss[0].readyState, 3, 'the WebSocket is closed');
    assert.strictEqual(JSON.parse(Object.values(storage.m)[0]).why, 'no_welcome');
    server.push('after');
    clock.tick(0);
    assert.deepStrictEqual(got, ['during probe 1', 'during probe 2', 'after']);
    assert.deepStrictEqual(server.received, ['sent during probe']);
    assert.strictEqual(ch.state, 'open');
  });
}

test('polls during a probe carry X-Duplex-Probe; a 204 holds polling until the welcome', () => {
  const { clock, server, ch, got } = setup();
  server.wsMode = 'silent';
  clock.tick(0);
  clock.tick(0);
  const polls = () => server.log.filter((l) => l === 'GET /poll').length;
  // The hello reaches the server, which attaches the WebSocket, ends the parked poll with [] and answers
  // the next (probe-marked) poll with 204: the welcome is still on its way.
  const ws = server.wss[0];
  const welcome = ws.deliver;
  let held = [];
  ws.deliver = (fs) => { held = held.concat(fs); };
  const before = polls();
  server.wsIn(ws, ws.sent[0]);
  server.push('x');
  clock.tick(0);
  assert.strictEqual(polls(), before + 1, 'one poll after the [] answer, then no more');
  assert.strictEqual(ch.transport, 'long-polling');
  clock.tick(1000);
  assert.strictEqual(polls(), before + 1, 'polling held while the welcome is on its way');
  ws.deliver = welcome;
  ws.mode = 'ok';
  ws.deliver(held);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  assert.deepStrictEqual(got, ['x']);
  assert.ok(!ws.killed, 'the WebSocket was never superseded');
});

test('a 204 during a probe that then fails: the next poll, unmarked, takes the session back', () => {
  const { clock, server, ch, got } = setup({ upgradeTimeout: 5000 });
  server.wsMode = 'silent';
  clock.tick(0);
  clock.tick(0);
  const ws = server.wss[0];
  ws.deliver = () => {}; // the server attaches it, but nothing it sends reaches the page
  server.wsIn(ws, ws.sent[0]);
  clock.tick(0);
  clock.tick(5000);
  assert.strictEqual(ch.transport, 'long-polling');
  server.push('back on polling');
  clock.tick(0);
  assert.deepStrictEqual(got, ['back on polling']);
  assert.strictEqual(ch.state, 'open');
});

test('every poll has a URL of its own (Chromium holds identical GETs behind its cache lock)', () => {
  const { clock, server } = setup({ WebSocket: null });
  clock.tick(0);
  for (let i = 0; i < 5; i++) {
    server.push('m' + i);
    clock.tick(0);
  }
  const polls = server.urls.filter((u) => /\/poll\?/.test(u));
  assert.ok(polls.length >= 6, polls.length + ' polls');
  assert.strictEqual(new Set(polls).size, polls.length, 'no two polls share a URL');
  assert.ok(polls.every((u) => u.indexOf('S1') < 0 && u.indexOf('T1') < 0), 'no session id or token in a URL');
});

test('WebSocket dies mid-stream: downgrade in the same session, nothing lost, app sees no close', () => {
  const { clock, server, ch, got, events } = setup({ upgradeMin: 10000 });
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  for (let i = 1; i <= 5; i++) server.push(i);
  clock.tick(0);
  server.sess.ws.kill(1006);
  for (let i = 6; i <= 10; i++) server.push(i);
  ch.send('a');
  ch.send('b');
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(ch.id, 'S1');
  assert.strictEqual(ch.state, 'open');
  assert.deepStrictEqual(got, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepStrictEqual(server.received, ['a', 'b']);
  assert.deepStrictEqual(events.filter((e) => ['close', 'reset', 'open'].includes(e[0])).map((e) => e[0]), ['open']);
  assert.deepStrictEqual(transports(events).slice(-1), ['websocket>long-polling:downgrade']);
  // Heals later: re-upgrade after the backoff (random 0.5 of a 10 s cap).
  clock.tick(4999);
  assert.strictEqual(ch.transport, 'long-polling');
  clock.tick(1);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  server.push(11);
  clock.tick(0);
  assert.deepStrictEqual(got.slice(-1), [11]);
});

test('silent WebSocket (no frame for hb + hbTimeout) is declared dead and replaced by polling', () => {
  const { clock, server, ch } = setup();
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  server.sess.ws.mode = 'silent'; // the network swallows everything from now on
  server.sess.ws.deliver = () => {};
  clock.tick(45000);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(ch.state, 'open');
});

test('server down: reconnecting with backoff, sends queued, resume the same session', () => {
  const { clock, server, ch, got, events } = setup({ WebSocket: null, reconnectMin: 1000 });
  clock.tick(0);
  server.down = true;
  server.sess.poll.respond(0, '');
  assert.strictEqual(ch.state, 'reconnecting');
  assert.strictEqual(ch.send('q1'), true);
  assert.strictEqual(ch.send('q2'), true);
  const n = server.log.length;
  clock.tick(499); // first delay: 0.5 * 1000
  assert.strictEqual(server.log.length, n);
  clock.tick(1);
  const m = server.log.length;
  assert.ok(m > n, 'a retry');
  assert.strictEqual(ch.state, 'reconnecting');
  clock.tick(999); // second delay: 0.5 * 2000
  assert.strictEqual(server.log.length, m);
  clock.tick(1);
  assert.ok(server.log.length > m);
  server.down = false;
  server.push('while away');
  clock.tick(2000);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(ch.id, 'S1');
  assert.deepStrictEqual(server.received, ['q1', 'q2']);
  assert.deepStrictEqual(got, ['while away']);
  assert.deepStrictEqual(events.filter((e) => e[0] === 'state').map((e) => e[1].to), ['open', 'reconnecting', 'open']);
});

test('queue bound while reconnecting: overflow is refused loudly', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null, maxQueue: 3 });
  clock.tick(0);
  server.down = true;
  server.sess.poll.respond(0, '');
  assert.ok(ch.send(1) && ch.send(2) && ch.send(3));
  assert.strictEqual(ch.send(4), false);
  assert.deepStrictEqual(events.filter((e) => e[0] === 'error').map((e) => e[1].code), ['queue_full']);
  server.down = false;
  clock.tick(1000);
  assert.deepStrictEqual(server.received, [1, 2, 3]);
  assert.ok(ch.send(5));
});

test('session expired: reset {reason: expired, lost}, a new session, topics subscribed again', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  const topic = [];
  ch.subscribe('news', (d, t) => topic.push([d, t]));
  clock.tick(0);
  server.down = true;
  server.sess.poll.respond(0, '');
  ch.send('lost 1');
  ch.send('lost 2');
  server.down = false;
  server.sess = null; // expired
  clock.tick(1000);
  const reset = events.find((e) => e[0] === 'reset');
  assert.deepStrictEqual(reset[1], { reason: 'expired', lost: 2 });
  assert.strictEqual(ch.id, 'S2');
  assert.strictEqual(ch.state, 'open');
  assert.deepStrictEqual(events.filter((e) => e[0] === 'open').length, 2);
  server.push('n1', 'news');
  clock.tick(0);
  assert.deepStrictEqual(topic, [['n1', 'news']]);
  ch.send('new');
  clock.tick(0);
  assert.deepStrictEqual(server.received, ['new']);
});

test('WebSocket closed with 4404 while upgraded: expiry handled the same way', () => {
  const { clock, server, ch, events } = setup();
  clock.tick(0);
  clock.tick(0);
  server.sess.ws.kill(4404);
  server.sess = null;
  clock.tick(0);
  clock.tick(0);
  clock.tick(1000); // the new session starts after a random pause of up to reconnectMin
  clock.tick(0);
  assert.ok(events.some((e) => e[0] === 'reset' && e[1].reason === 'expired'));
  assert.strictEqual(ch.id, 'S2');
  assert.strictEqual(ch.state, 'open');
});

test('transports: [websocket] only: no polling at all, reconnects over WebSocket', () => {
  const { clock, server, ch } = setup({ transports: ['websocket'] });
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  assert.deepStrictEqual(server.log, ['POST /handshake']);
  server.sess.ws.kill(1006);
  clock.tick(0);
  assert.strictEqual(ch.state, 'reconnecting');
  clock.tick(1000);
  assert.strictEqual(ch.state, 'open');
  assert.deepStrictEqual(server.log, ['POST /handshake']);
});

test('transports: [long-polling] only', () => {
  const { clock, server, ch } = setup({ transports: ['long-polling'] });
  clock.tick(100000);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(server.wss.length, 0);
});

test('online/offline events: offline drops to reconnecting, online reconnects at once', () => {
  const listeners = {};
  const win = { addEventListener: (k, f) => { listeners[k] = f; }, removeEventListener: (k) => { delete listeners[k]; } };
  // telemetry off: this test counts the client's frames, and a fallback report would be one more
  const { clock, server, ch } = setup({ window: win, WebSocket: null, reconnectMin: 60000, telemetry: false });
  clock.tick(0);
  listeners.offline();
  assert.strictEqual(ch.state, 'reconnecting');
  listeners.online();
  clock.tick(0);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(ch.id, 'S1');
  ch.send('x');
  listeners.pagehide();
  assert.strictEqual(ch.state, 'closed');
  clock.tick(0);
  assert.deepStrictEqual(server.frames.map((f) => f.t).filter((t) => t !== 'ack'), ['msg', 'close']);
  assert.deepStrictEqual(Object.keys(listeners), []);
});

test('handshake failure retries with backoff from connecting', () => {
  const { clock, server, ch } = setup({ WebSocket: null });
  server.down = true;
  clock.tick(0);
  assert.strictEqual(ch.state, 'reconnecting');
  server.down = false;
  clock.tick(500);
  assert.strictEqual(ch.state, 'open');
});

test('cross-origin absolute URL: XHR withCredentials; same origin and relative: not', () => {
  // telemetry off: each page makes exactly its handshake and first poll (no fallback report)
  const cross = setup({ WebSocket: null, telemetry: false, location: { protocol: 'http:', host: 'page.test', href: 'http://page.test/' } });
  const same = setup({ WebSocket: null, telemetry: false, location: { protocol: 'http:', host: 'app.test', href: 'http://app.test/x' } });
  const creds = [];
  for (const s of [cross, same]) {
    const http = s.server.http.bind(s.server);
    s.server.http = (x) => { creds.push(!!x.withCredentials); http(x); };
    s.clock.tick(0);
  }
  assert.deepStrictEqual(creds, [true, true, false, false]);
});

test('a transport needs only its ticket (base, sid, token, received(), timings), never the channel', () => {
  const { internals, BASE } = require('../support/fakes');
  const { LongPoll, WsTransport, options } = internals();
  const s = setup({ ackEvery: 2 }, 'src', true);
  s.server.sess = { sid: 'S9', token: 'T9', out: [], nextSeq: 1, recv: 0, acked: 0, ws: null, poll: null, subs: {} };
  let received = 0;
  const got = [];
  const ticket = { base: BASE, sid: 'S9', token: 'T9', received: () => received, hb: 25000, hbTimeout: 20000,
    poll: 25000, maxBatch: 100, maxPostBytes: 1048576, o: options(s.options) };
  const wire = (t) => {
    t.onopen = () => {};
    t.onclose = (e) => got.push('closed ' + e.code);
    t.onrtt = () => {};
    t.onmessage = (fs) => { for (const f of fs) if (f.seq) { got.push(f.d); received = f.seq; } };
    return t;
  };
  const lp = wire(new LongPoll(ticket));
  s.server.push('a');
  s.clock.tick(0);
  s.server.push('b');
  s.clock.tick(0);
  assert.deepStrictEqual(got, ['a', 'b']);
  assert.strictEqual(s.server.sess.acked, 2, 'each poll acks what received() says');
  lp.close();
  wire(new WsTransport(ticket));
  s.clock.tick(0);
  assert.deepStrictEqual(s.server.hello[0], { t: 'hello', sid: 'S9', token: 'T9', ack: 2 });
  s.server.push('c');
  s.server.push('d');
  s.clock.tick(0);
  assert.deepStrictEqual(got, ['a', 'b', 'c', 'd']);
  assert.deepStrictEqual(s.server.wss[0].sent.map((t) => JSON.parse(t)).filter((f) => f.t === 'ack'), [{ t: 'ack', ack: 4 }],
    'the WebSocket transport batches its own acks (ackEvery 2)');
});

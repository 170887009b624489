'use strict';
// Exactly once, in order, or a reset event: across transport switches, with duplicates injected.
const test = require('node:test');
const assert = require('node:assert');
const { setup, dieAndComeBack } = require('../support/fakes');

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

for (const kind of ['src', 'dist', 'min']) {
  test(`exactly once and in order across upgrade, death, downgrade, re-upgrade, with duplicates (${kind})`, () => {
    const { clock, server, ch, got } = setup({ upgradeMin: 2000 }, kind);
    server.dup = 3; // every replay re-sends 3 frames the client already has
    let n = 0, m = 0;
    const burst = (k) => { for (let i = 0; i < k; i++) { server.push(++n); ch.send(++m); } };
    ch.send(++m); // queued while connecting
    clock.tick(0); // open on long-polling; the upgrade starts
    burst(3);
    clock.tick(0); // upgraded
    assert.strictEqual(ch.transport, 'websocket');
    burst(40);
    server.sess.ws.deliver(server.sess.out.slice(-5)); // duplicates on the WebSocket
    clock.tick(0);
    dieAndComeBack(clock, server, ch, burst);
    assert.deepStrictEqual(got, range(1, n));
    assert.deepStrictEqual(server.received, range(1, m));
    assert.strictEqual(ch.id, 'S1');
    assert.strictEqual(ch.bufferedAmount, 0, 'everything the client sent was acked');
    assert.strictEqual(server.sess.acked, n, 'everything the server sent was acked');
  });
}

test('WebSocket acks: at least every 32 frames, and within 250 ms', () => {
  const { clock, server, ch } = setup();
  clock.tick(0);
  clock.tick(0);
  const ws = server.sess.ws;
  const acks = () => ws.sent.map((t) => JSON.parse(t)).filter((f) => f.t === 'ack').map((f) => f.ack);
  for (let i = 0; i < 33; i++) server.push(i);
  clock.tick(0);
  assert.deepStrictEqual(acks(), [32]);
  clock.tick(249);
  assert.deepStrictEqual(acks(), [32]);
  clock.tick(1);
  assert.deepStrictEqual(acks(), [32, 33]);
  server.push('x');
  clock.tick(250);
  assert.deepStrictEqual(acks(), [32, 33, 34]);
  assert.strictEqual(ch.state, 'open');
});

test('long-polling acks in the X-Duplex-Ack header of each poll', () => {
  const { clock, server } = setup({ WebSocket: null });
  const acks = [];
  const http = server.http.bind(server);
  server.http = (x) => {
    if (x.method === 'GET') acks.push(x.headers['X-Duplex-Ack']);
    assert.strictEqual(x.url.startsWith('http://app.test/app/echo/'), true);
    if (x.method === 'POST') assert.strictEqual(x.headers['Content-Type'], 'text/plain;charset=utf-8');
    if (!x.url.endsWith('/handshake')) assert.strictEqual(x.headers['X-Duplex-Token'], 'T1');
    http(x);
  };
  clock.tick(0);
  server.push(1);
  server.push(2);
  clock.tick(0);
  server.push(3);
  clock.tick(0);
  assert.strictEqual(server.sess.acked, 3);
  assert.deepStrictEqual(acks, ['0', '1', '2', '3']);
});

test('server ping is answered with pong; rtt is measured on WebSocket and on long-polling', () => {
  const { clock, server, ch } = setup({ rttInterval: 10000 });
  clock.tick(0);
  assert.strictEqual(typeof ch.rtt, 'object');
  clock.tick(0);
  server.emit([{ t: 'ping', id: 's7' }]);
  clock.tick(0);
  assert.ok(server.sess.ws.sent.includes('{"t":"pong","id":"s7"}'));
  const ws = server.sess.ws;
  const realIn = server.wsIn.bind(server);
  server.wsIn = (w, text) => clock.setTimeout(() => realIn(w, text), 40); // 40 ms each way... on the way back only
  clock.tick(10000);
  clock.tick(100);
  assert.strictEqual(ch.rtt, 40);
  assert.ok(ws.sent.some((t) => /"t":"ping","id":"r1"/.test(t)));

  const lp = setup({ WebSocket: null });
  lp.clock.tick(0);
  lp.ch.send('x');
  lp.clock.tick(0);
  assert.strictEqual(lp.ch.rtt, 0);
});

test('reset frame: received jumps to "to", the app is told, delivery continues, the next ack says so', () => {
  const { clock, server, got, events } = setup({ WebSocket: null });
  const acks = [];
  const http = server.http.bind(server);
  server.http = (x) => {
    if (x.method === 'GET') acks.push(x.headers['X-Duplex-Ack']);
    http(x);
  };
  clock.tick(0);
  server.push('a');
  clock.tick(0);
  server.sess.nextSeq = 10; // frames 2..9 were discarded by the server
  server.sess.poll.respond(200, JSON.stringify([{ t: 'reset', reason: 'overflow', from: 2, to: 9, topics: ['p'] },
    { t: 'msg', seq: 10, d: 'b' }]));
  clock.tick(0);
  assert.deepStrictEqual(events.find((e) => e[0] === 'reset')[1], { reason: 'overflow', from: 2, to: 9, topics: ['p'] });
  assert.deepStrictEqual(got, ['a', 'b']);
  assert.strictEqual(acks[acks.length - 1], '10', 'the poll after the reset acks through its "to" and the message');
});

test('topic gap: a reset at its own seq is told once, and a replay of it changes nothing', () => {
  const { clock, server, got, events } = setup({ WebSocket: null });
  clock.tick(0);
  server.push('a');
  clock.tick(0);
  const gap = { t: 'reset', reason: 'topic_gap', from: 2, to: 2, topics: ['chat'] };
  const batch = JSON.stringify([gap, { t: 'msg', seq: 3, d: 'b' }]);
  server.sess.nextSeq = 4;
  server.sess.poll.respond(200, batch);
  clock.tick(0);
  server.sess.poll.respond(200, batch); // the same frames again, as a replay from an older ack would bring them
  clock.tick(0);
  assert.deepStrictEqual(events.filter((e) => e[0] === 'reset').map((e) => e[1]),
    [{ reason: 'topic_gap', from: 2, to: 2, topics: ['chat'] }]);
  assert.deepStrictEqual(got, ['a', 'b']);
});

test('topics: the subscriber gets (data, topic), message is not fired; suback/unsuback/error(ref)', () => {
  const { clock, server, ch, got, events } = setup();
  const seen = [];
  const fn = (d, t) => seen.push([d, t]);
  ch.subscribe('chat', fn);
  ch.publish('chat', { text: 'hi' });
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(seen, [[{ text: 'hi' }, 'chat']]);
  assert.deepStrictEqual(got, []);
  server.queue({ t: 'error', ref: 7, code: 'forbidden', message: 'no' });
  clock.tick(0);
  assert.deepStrictEqual(events.find((e) => e[0] === 'error')[1], { code: 'forbidden', message: 'no', ref: 7 });
  ch.unsubscribe('chat', fn);
  ch.publish('chat', 'again');
  clock.tick(0);
  assert.deepStrictEqual(seen.length, 1);
  assert.deepStrictEqual(server.frames.filter((f) => f.seq).map((f) => f.t), ['sub', 'pub', 'unsub', 'pub']);
});

test('server close frame ends the channel; client close sends a close frame after earlier frames', () => {
  const a = setup();
  a.clock.tick(0);
  a.clock.tick(0);
  a.server.queue({ t: 'close', code: 4000, reason: 'kicked' });
  a.clock.tick(0);
  assert.strictEqual(a.ch.state, 'closed');
  assert.deepStrictEqual(a.events.filter((e) => e[0] === 'close')[0][1], { code: 4000, reason: 'kicked' });
  assert.strictEqual(a.ch.send('late'), false);

  const b = setup();
  b.clock.tick(0);
  b.clock.tick(0);
  b.ch.send('last');
  b.ch.close(1000, 'bye');
  b.clock.tick(0);
  assert.deepStrictEqual(b.server.frames.filter((f) => f.seq).map((f) => f.t), ['msg', 'close']);
  assert.deepStrictEqual(b.events.filter((e) => e[0] === 'close')[0][1], { code: 1000, reason: 'bye' });
  assert.strictEqual(b.server.wss[0].closedWith, 1000);
  const requests = b.server.log.length;
  b.clock.tick(100000);
  assert.strictEqual(b.server.log.length, requests, 'nothing after close');
});

test('a sequence gap from the server ends that transport and resumes from the ack', () => {
  const { clock, server, ch, got } = setup({ WebSocket: null });
  clock.tick(0);
  server.push('a');
  clock.tick(0);
  server.sess.poll.respond(200, '[{"t":"msg","seq":5,"d":"bad"}]');
  clock.tick(0);
  assert.deepStrictEqual(got, ['a']);
  clock.tick(1000);
  server.push('b');
  clock.tick(0);
  assert.deepStrictEqual(got, ['a', 'b']);
  assert.strictEqual(ch.state, 'open');
});

test('listeners that throw do not break delivery; off removes a listener', () => {
  const { clock, server, ch, got } = setup({ WebSocket: null });
  const boom = () => { throw new Error('app bug'); };
  ch.on('message', boom);
  let thrown = 0;
  const tick = () => { for (let i = 0; i < 5; i++) try { clock.tick(0); } catch (e) { thrown++; } };
  tick();
  server.push(1);
  server.push(2);
  tick();
  assert.strictEqual(thrown, 2, 'each listener error surfaces, outside the client');
  assert.deepStrictEqual(got, [1, 2]);
  ch.off('message', boom);
  server.push(3);
  clock.tick(0);
  assert.deepStrictEqual(got, [1, 2, 3]);
});

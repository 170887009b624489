'use strict';
// Issue 13 item 8 (client side, WIRE-CONTRACT.md): over the server's rate cap the client is advised to slow
// down ({t: slow, retry}); it pauses, re-sends from the server's ack, and shows the pressure to the app.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const range = (n) => Array.from({ length: n }, (_, i) => i);

for (const kind of ['src', 'min']) {
  for (const [transport, opts] of Object.entries({ 'long-polling': { WebSocket: null }, websocket: {} })) {
    test(`a fast sender is slowed down, not cut: nothing lost or duplicated, pressure seen (${transport}, ${kind})`, () => {
      const { clock, server, ch, events } = setup(Object.assign({ maxQueue: 100000 }, opts), kind);
      server.rate = { perWindow: 250, window: 250, retry: 250 }; // 1,000 frames/s
      clock.tick(0);
      clock.tick(0);
      assert.strictEqual(ch.transport, transport);
      const before = events.length;
      const pressure = [];
      const drains = [];
      ch.on('pressure', (e) => pressure.push([clock.now, e.retry, ch.bufferedAmount]));
      ch.on('drain', () => drains.push([clock.now, ch.bufferedAmount]));
      let n = 0, maxBuffered = 0;
      for (let t = 0; t < 3000; t += 10) { // 2,000 messages/s for 3 s
        for (let i = 0; i < 20; i++) assert.strictEqual(ch.send(n++), true, 'send() stays true below maxQueue');
        maxBuffered = Math.max(maxBuffered, ch.bufferedAmount);
        clock.tick(10);
      }
      clock.tick(20000);
      assert.deepStrictEqual(server.received, range(n), 'every message exactly once, in order');
      assert.ok(server.slows.length > 0, 'the server advised slowing down');
      assert.strictEqual(server.cuts, 0, 'never taken for a client that ignores the advice');
      assert.ok(pressure.length > 0 && pressure.every((p) => p[1] === 250), 'pressure events carry retry');
      assert.ok(maxBuffered > 1000, 'bufferedAmount shows the backlog: ' + maxBuffered);
      assert.strictEqual(ch.bufferedAmount, 0);
      assert.ok(drains.length >= 1, 'drain once the backlog is gone');
      assert.strictEqual(drains[drains.length - 1][1], 0);
      const after = events.slice(before).map((e) => e[0]);
      assert.deepStrictEqual(after.filter((e) => ['transport', 'state', 'error', 'close', 'reset'].includes(e)), [],
        'no transport change, never reconnecting, no error');
      assert.strictEqual(ch.transport, transport);
      // Paced: no sequenced frame leaves within retry ms of an advice.
      const wire = transport === 'long-polling' ? server.bodies : server.wsMessages;
      for (const at of server.slows) {
        const early = wire.filter((w) => w.seqs && w.at > at && w.at < at + 250);
        assert.deepStrictEqual(early, [], 'sent during the pause after the advice at ' + at);
      }
    });
  }
}

test('pressure from a full queue: send false with queue_full, drain when the backlog is gone', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null, maxQueue: 5 });
  clock.tick(0);
  server.down = true;
  server.sess.poll.respond(0, '');
  for (let i = 0; i < 5; i++) assert.ok(ch.send(i));
  assert.strictEqual(ch.send(5), false);
  assert.strictEqual(ch.bufferedAmount, 5);
  server.down = false;
  clock.tick(1000);
  assert.strictEqual(ch.bufferedAmount, 0);
  assert.deepStrictEqual(events.filter((e) => ['error', 'drain'].includes(e[0])).map((e) => e[0] + ':' + (e[1] && e[1].code)),
    ['error:queue_full', 'drain:undefined']);
});

test('close during a pause sends the close frame at once, after every unacked frame (best effort)', () => {
  const { clock, server, ch } = setup({ WebSocket: null, maxQueue: 1000 });
  server.rate = { perWindow: 5, window: 1000, retry: 5000 };
  clock.tick(0);
  for (let i = 0; i < 20; i++) ch.send(i);
  clock.tick(0);
  assert.strictEqual(server.slows.length, 1);
  assert.deepStrictEqual(server.received, range(5));
  const posts = server.bodies.length;
  clock.tick(1000);
  assert.strictEqual(server.bodies.length, posts, 'nothing sent while paused');
  ch.close(1000, 'bye');
  clock.tick(0);
  const last = server.bodies.slice(posts).map((b) => b.batch).flat();
  assert.deepStrictEqual(last.map((f) => f.t === 'close' ? 'close' : f.d), range(15).map((i) => i + 5).concat(['close']));
  clock.tick(5000); // this rate-limited server never answers the close: closeTimeout ends it
  assert.strictEqual(ch.state, 'closed');
});

/** Answers the first request that matches with 429 and Retry-After; returns when each matching one came. */
function refuseOnce(server, clock, matches, retryAfter) {
  const http = server.http.bind(server);
  const times = [];
  server.http = (x) => {
    if (matches(x)) {
      times.push(clock.now);
      if (times.length === 1) return x.respond(429, '{"error":"rate_limited","message":"x"}', { 'Retry-After': retryAfter });
    }
    http(x);
  };
  return times;
}

test('429 on a long-poll send: wait Retry-After, then re-send from the ack; nothing lost, transport kept', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  clock.tick(0);
  const posts = refuseOnce(server, clock, (x) => x.method === 'POST' && x.url.endsWith('/send'), '2');
  ch.send('a');
  ch.send('b');
  clock.tick(0);
  assert.deepStrictEqual(server.received, []);
  clock.tick(1999);
  assert.strictEqual(posts.length, 1, 'nothing before Retry-After');
  clock.tick(1);
  assert.deepStrictEqual(server.received, ['a', 'b']);
  assert.deepStrictEqual(posts, [0, 2000]);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.deepStrictEqual(events.filter((e) => ['state', 'transport'].includes(e[0])).length, 2, 'only the opening ones');
  assert.deepStrictEqual(events.filter((e) => e[0] === 'pressure').map((e) => e[1]), [{ retry: 2000 }]);
});

test('429 on a poll (too many parked polls from one address): poll again after Retry-After, still open', () => {
  const { clock, server, ch, got } = setup({ WebSocket: null });
  clock.tick(0);
  const polls = refuseOnce(server, clock, (x) => x.method === 'GET', '1');
  server.sess.poll.respond(200, '[]'); // the parked poll ends; the next one is refused
  clock.tick(0);
  server.push('m');
  clock.tick(999);
  assert.deepStrictEqual(got, []);
  clock.tick(1);
  assert.deepStrictEqual(got, ['m']);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(polls[1] - polls[0], 1000);
});

'use strict';
// Backoff: the Backoff object's arithmetic, and the delays the channel actually waits between attempts.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');
const { Backoff } = require('../support/fakes').internals();

test('full jitter: each delay lies in [0, min * 2^n) capped at max', () => {
  for (const r of [0, 0.25, 0.5, 0.999999]) {
    const b = new Backoff(1000, 30000, () => r);
    const caps = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const cap of caps) {
      const d = b.next();
      assert.ok(d >= 0 && d < cap, `delay ${d} for cap ${cap}`);
      assert.strictEqual(d, Math.floor(r * cap));
    }
  }
});

test('reset starts over; huge attempt counts stay finite', () => {
  const b = new Backoff(100, 5000, () => 0.999);
  for (let i = 0; i < 2000; i++) assert.ok(b.next() < 5000);
  b.reset();
  assert.ok(b.next() < 100);
});

/** The times (fake ms) at which the client sent a request whose path matches re. */
function requestTimes(server, clock, re) {
  const times = [];
  const http = server.http.bind(server);
  server.http = (x) => {
    if (re.test(x.url)) times.push(clock.now);
    http(x);
  };
  return times;
}

const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

test('reconnect: the channel waits a doubling, jittered, capped delay between attempts, and starts over after a success', () => {
  const { clock, server, ch } = setup({ WebSocket: null, reconnectMin: 1000, reconnectMax: 8000, random: () => 0.75 });
  clock.tick(0);
  const times = requestTimes(server, clock, /\/(poll|send)/);
  server.down = true;
  server.sess.poll.respond(0, '');
  clock.tick(60000);
  // Each failed attempt is one poll and its probe POST; the gaps between attempts are 0.75 x the cap.
  const attempts = times.filter((t, i) => i === 0 || t !== times[i - 1]);
  assert.deepStrictEqual(gaps(attempts).slice(0, 6), [1500, 3000, 6000, 6000, 6000, 6000]);
  assert.strictEqual(attempts[0], 750, 'the first attempt after 0.75 x reconnectMin');
  server.down = false;
  clock.tick(6000);
  assert.strictEqual(ch.state, 'open');
  // A new outage starts again from reconnectMin.
  const before = times.length;
  server.down = true;
  server.sess.poll.respond(0, '');
  const lostAt = clock.now;
  clock.tick(750);
  assert.ok(times.length > before, 'retried after 0.75 x reconnectMin again');
  assert.strictEqual(times[before], lostAt + 750);
});

test('re-upgrade: a WebSocket that keeps failing is retried after doubling delays, not in a loop', () => {
  const { clock, server, ch } = setup({ upgradeMin: 2000, upgradeMax: 16000, wsFailureMemoryMs: 0, random: () => 0.5 });
  server.wsMode = 'refuse';
  clock.tick(120000);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.deepStrictEqual(gaps(server.wss.map((w) => w.at)).slice(0, 5), [1000, 2000, 4000, 8000, 8000]);
});

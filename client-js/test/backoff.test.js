'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Backoff, Queue } = require('../support/fakes').internals();

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

test('send queue: numbers frames, refuses when full, drops on ack, replays after', () => {
  const q = new Queue(3);
  assert.ok(q.push({ t: 'msg', d: 1 }));
  assert.ok(q.push({ t: 'msg', d: 2 }));
  assert.ok(q.push({ t: 'msg', d: 3 }));
  assert.strictEqual(q.push({ t: 'msg', d: 4 }), false);
  assert.strictEqual(q.items.length, 3);
  assert.ok(q.push({ t: 'close' }, true), 'a close frame is never refused');
  assert.deepStrictEqual(q.items.map((f) => f.seq), [1, 2, 3, 4]);
  q.ack(2);
  assert.deepStrictEqual(q.after(0).map((f) => f.seq), [3, 4]);
  assert.deepStrictEqual(q.after(3).map((f) => f.seq), [4]);
  q.ack(1);
  assert.strictEqual(q.acked, 2);
});

'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Queue } = require('../support/fakes').internals();

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

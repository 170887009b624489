'use strict';
// Issue 13 item 1: poison messages. Over maxMessage is refused at once; batches are cut to maxBatch frames and
// maxPostBytes bytes; a server refusal of a single frame is reported and closes, never a retry loop.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');
const { fit, utf8Bytes, payloadChars, encode } = require('../support/fakes').internals();

const errors = (events) => events.filter((e) => e[0] === 'error').map((e) => e[1].code);
const TRANSPORTS = { 'long-polling': { WebSocket: null }, websocket: {} };

for (const kind of ['src', 'min']) {
  for (const [transport, opts] of Object.entries(TRANSPORTS)) {
    test(`over maxMessage: false, error too_large, nothing queued, later sends arrive (${transport}, ${kind})`, () => {
      const { clock, server, ch, events } = setup(opts, kind);
      server.limits.maxMessage = 1000;
      clock.tick(0);
      clock.tick(0);
      assert.strictEqual(ch.transport, transport);
      assert.strictEqual(ch.send('x'.repeat(998)), true, 'exactly maxMessage characters of JSON ("" included)');
      assert.strictEqual(ch.send('x'.repeat(999)), false);
      assert.strictEqual(ch.publish('t', { big: 'y'.repeat(2000) }), false);
      assert.strictEqual(ch.bufferedAmount, 1, 'only the first message is queued');
      assert.deepStrictEqual(errors(events), ['too_large', 'too_large']);
      assert.strictEqual(ch.send('after'), true);
      clock.tick(300);
      assert.deepStrictEqual(server.received, ['x'.repeat(998), 'after']);
      assert.deepStrictEqual(server.frames.filter((f) => f.seq).map((f) => f.seq), [1, 2], 'no seq consumed');
      assert.strictEqual(ch.bufferedAmount, 0);
      assert.strictEqual(ch.state, 'open');
    });
  }
}

test('maxMessage counts characters of compact JSON as the server writes it (U+2028 escaped)', () => {
  assert.strictEqual(payloadChars('ab'), 4);
  assert.strictEqual(payloadChars({ a: [1, 2] }), 11);
  assert.strictEqual(payloadChars('\u2028'), 8);
  assert.strictEqual(payloadChars('é'), 3, 'characters, not bytes');
});

test('a message queued before the handshake is checked by the server: error with ref, the session goes on', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  server.limits.maxMessage = 100;
  assert.strictEqual(ch.send('z'.repeat(200)), true, 'the limit is not known yet');
  ch.send('fine');
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(events.filter((e) => e[0] === 'error').map((e) => e[1]),
    [{ code: 'too_large', message: 'over maxMessage', ref: 1 }]);
  assert.deepStrictEqual(server.frames.filter((f) => f.seq).map((f) => f.seq), [1, 2], 'both received and acked');
  assert.deepStrictEqual(server.received, ['fine'], 'the first not processed');
  assert.strictEqual(ch.bufferedAmount, 0);
  assert.strictEqual(ch.send('z'.repeat(200)), false, 'now the client knows the limit');
});

test('UTF-8 byte count is never below the real one', () => {
  for (const s of ['abc', 'é', '€', '😀', 'a\u0000b', '\ud800', 'é€😀x'.repeat(50)]) {
    assert.ok(utf8Bytes(s) >= Buffer.byteLength(s), s);
  }
  assert.strictEqual(utf8Bytes('aé€'), 6);
});

test('fit: at most max frames and bytes bytes as a batch, at least one', () => {
  const frames = Array.from({ length: 10 }, (_, i) => ({ t: 'msg', seq: i + 1, d: 'é'.repeat(20) }));
  const one = Buffer.byteLength(encode(frames[0]));
  assert.strictEqual(fit(frames, 0, 100, 1 + 3 * (one + 1)), 3, 'exactly three fit');
  assert.strictEqual(fit(frames, 0, 100, 3 * (one + 1)), 2, 'one byte less: two');
  assert.strictEqual(fit(frames, 0, 4, 1e9), 4);
  assert.strictEqual(fit(frames, 8, 100, 1e9), 2);
  assert.strictEqual(fit(frames, 0, 100, 10), 1, 'a frame too big alone still goes alone');
});

for (const [transport, opts] of Object.entries({ 'long-polling': { WebSocket: null }, websocket: { transports: ['websocket'] } })) {
  test(`batches are cut to maxBatch frames and maxPostBytes UTF-8 bytes (${transport})`, () => {
    const { clock, server, ch, got, events } = setup(opts);
    Object.assign(server.limits, { maxBatch: 7, maxPostBytes: 2000 });
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, transport);
    // Cut the link so that 60 messages pile up, then go out at once on the resumed transport.
    if (transport === 'long-polling') {
      server.down = true;
      server.sess.poll.respond(0, '');
    } else server.sess.ws.kill(1006);
    clock.tick(0);
    assert.strictEqual(ch.state, 'reconnecting');
    const sent = Array.from({ length: 60 }, (_, i) => i + ':' + 'é€'.repeat(40 + (i % 7) * 10));
    for (const m of sent) assert.ok(ch.send(m));
    server.down = false;
    for (let i = 0; i < 10; i++) clock.tick(1000);
    assert.deepStrictEqual(server.received, sent);
    const wire = transport === 'long-polling' ? server.bodies : server.wsMessages.slice(1);
    assert.ok(wire.length >= 60 * 200 / 2000, wire.length + ' messages on the wire');
    for (const w of wire) {
      assert.ok(w.bytes <= 2000 && w.frames <= 7, JSON.stringify(w));
    }
    assert.ok(wire.some((w) => w.bytes > 1500), 'batches are filled, not one frame each');
    assert.deepStrictEqual(errors(events), []);
    assert.strictEqual(got.length, 0);
  });
}

test('413 for a long-poll POST of several frames: smaller batches, nothing lost', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  clock.tick(0);
  server.limits.maxPostBytes = 300; // a proxy with a smaller limit than the handshake said
  for (let i = 0; i < 6; i++) ch.send('m' + i + '-' + 'x'.repeat(60));
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(server.received.map((m) => m.slice(0, 2)), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  assert.ok(server.bodies.some((b) => b.frames > 3), 'the first POST was refused whole');
  assert.deepStrictEqual(errors(events), []);
  assert.strictEqual(ch.state, 'open');
});

test('413 for a single-frame POST: error too_large, closed with a reason, never POSTed again', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  clock.tick(0);
  server.limits.maxPostBytes = 100;
  ch.send('x'.repeat(500));
  clock.tick(0);
  assert.deepStrictEqual(errors(events), ['too_large']);
  assert.strictEqual(ch.state, 'closed');
  assert.deepStrictEqual(events.find((e) => e[0] === 'close')[1], { code: 1009, reason: 'too_large' });
  const posts = server.log.filter((l) => l === 'POST /send').length;
  clock.tick(600000);
  assert.strictEqual(server.log.filter((l) => l === 'POST /send').length, posts, 'no retry loop');
  assert.ok(posts <= 2, posts + ' POSTs');
});

test('WebSocket closed with 1009: error too_large, closed with a reason, no reconnect loop', () => {
  const { clock, server, ch, events } = setup();
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  server.limits.maxPostBytes = 100;
  ch.send('x'.repeat(500));
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(errors(events), ['too_large']);
  assert.deepStrictEqual(events.find((e) => e[0] === 'close')[1], { code: 1009, reason: 'too_large' });
  const requests = server.log.length + server.wss.length;
  clock.tick(600000);
  assert.strictEqual(server.log.length + server.wss.length, requests);
});

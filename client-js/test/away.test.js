'use strict';
// A node that stops gracefully (PROTOCOL.md section 5.1, issue 14 item 4): away frames, 503 shutting_down and
// close 1001 are advice, not failures. The client waits the advice plus jitter, resumes the same session,
// tells the application nothing (no reset), and counts no attempt.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const named = (events, name) => events.filter((e) => e[0] === name);

for (const transport of ['long-polling', 'websocket']) {
  test(`away on ${transport}: owed frames delivered, same session resumed after retry + jitter, no reset`, () => {
    const { clock, server, ch, got, events } = setup(transport === 'long-polling' ? { WebSocket: null } : {});
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, transport);
    ch.send('before');
    server.push('a');
    clock.tick(0);
    if (transport === 'websocket') server.push('owed'); // on its way when away follows
    else server.sess.out.push({ t: 'msg', seq: server.sess.nextSeq++, d: 'owed' }); // owed to the next poll
    server.stop(2000);
    clock.tick(0);
    assert.deepStrictEqual(got, ['a', 'owed'], 'the frames sent before away are delivered');
    assert.strictEqual(ch.state, 'reconnecting');
    ch.send('meanwhile');
    const requests = server.log.length;
    // random() is 0.5 in these fakes: retry 2000 plus half of half of it, 500.
    clock.tick(2499);
    assert.strictEqual(server.log.length, requests, 'nothing before the advised time');
    server.stopping = null; // another node took the session over: the same sid answers
    clock.tick(1);
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.state, 'open');
    assert.strictEqual(server.hsCount, 1, 'no new session');
    server.push('b');
    clock.tick(0);
    assert.deepStrictEqual(got, ['a', 'owed', 'b'], 'nothing lost, nothing twice');
    assert.deepStrictEqual(server.received, ['before', 'meanwhile']);
    assert.strictEqual(named(events, 'reset').length, 0, 'the application is not told');
    assert.strictEqual(named(events, 'resumed').length, 1);
    assert.strictEqual(named(events, 'error').length, 0);
  });
}

test('503 shutting_down: the body\'s retry, else Retry-After, else 1 to 5 s; never counted as an attempt', () => {
  // random() is 0.5: the body's 2000 ms, or Retry-After's ceil(2000 / 1000) s, give 2500 with jitter;
  // neither gives 1000 + 4000 * 0.5 = 3000, so 3750.
  for (const [advice, expected] of [[{}, 2500], [{ body: false }, 2500], [{ body: false, header: false }, 3750]]) {
    const { clock, server, ch, events } = setup({ WebSocket: null, maxAttempts: 1 });
    clock.tick(0);
    server.stop(2000, advice); // the parked poll gets away with 2000
    clock.tick(0);
    clock.tick(2500); // the resume: 503 shutting_down from now on
    for (let i = 0; i < 3; i++) {
      const requests = server.log.length;
      clock.tick(expected - 1);
      assert.strictEqual(server.log.length, requests, `waits ${expected} ms (${JSON.stringify(advice)})`);
      clock.tick(1);
      assert.ok(server.log.slice(requests).includes('GET /poll'), 'then resumes the same session');
      assert.strictEqual(server.hsCount, 1);
    }
    assert.notStrictEqual(ch.state, 'closed', 'maxAttempts: 1 is not used up by a stopping node');
    assert.strictEqual(named(events, 'error').length, 0);
  }
});

test('a single node restarted: the resume finds no session, so a reset and a new session follow', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  clock.tick(0);
  server.stop(1000);
  clock.tick(0);
  server.stopping = null;
  server.sess = null; // the restarted node knows no session
  clock.tick(1250);
  clock.tick(0);
  clock.tick(0);
  clock.tick(1000); // the new session starts after a random pause of up to reconnectMin
  clock.tick(0);
  assert.deepStrictEqual(named(events, 'reset').map((e) => e[1].reason), ['expired']);
  assert.strictEqual(server.hsCount, 2);
  assert.strictEqual(ch.state, 'open');
});

test('a handshake refused with 503 shutting_down is tried again after the advice, not given up', () => {
  const { clock, server, ch } = setup({ WebSocket: null, maxAttempts: 1 });
  server.stopping = { retry: 800, body: true, header: true };
  clock.tick(0);
  assert.strictEqual(ch.state, 'reconnecting');
  assert.strictEqual(server.log.length, 1);
  clock.tick(999);
  assert.strictEqual(server.log.length, 1);
  server.stopping = null;
  clock.tick(1);
  clock.tick(0);
  assert.strictEqual(server.log[1], 'POST /handshake');
  assert.strictEqual(ch.state, 'open');
});

test('a WebSocket closed 1001 without an away frame: back in 1 to 5 s, same session', () => {
  const { clock, server, ch, events } = setup();
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  server.stop(2000, { frame: false });
  server.stopping = null; // the node is gone at once; another answers
  clock.tick(0);
  assert.strictEqual(ch.state, 'reconnecting');
  const requests = server.log.length;
  clock.tick(3749);
  assert.strictEqual(server.log.length, requests);
  clock.tick(1);
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(server.hsCount, 1);
  assert.strictEqual(named(events, 'reset').length, 0);
});

test('after unknown_session the new session starts after a random pause of up to reconnectMin, so a dead '
  + 'node\'s clients come back spread out', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null, random: () => 0.5, reconnectMin: 2000 });
  clock.tick(0);
  clock.tick(0);
  server.sess = null; // the node that held the session died: the next poll finds no session
  clock.tick(25000);
  clock.tick(0);
  assert.deepStrictEqual(named(events, 'reset').map((e) => e[1].reason), ['expired']);
  assert.strictEqual(server.hsCount, 1, 'no new handshake at once');
  clock.tick(999);
  assert.strictEqual(server.hsCount, 1, 'nor before random() x reconnectMin = 1000 ms');
  clock.tick(1);
  clock.tick(0);
  assert.strictEqual(server.hsCount, 2);
  assert.strictEqual(ch.state, 'open');
});

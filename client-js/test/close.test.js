'use strict';
// The graceful close (PROTOCOL.md section 3.1): after close(), frames the server queued before its own close
// (an echo in flight) still reach the app, the server's close frame is acked and ends the channel; a silent
// server or a failed transport ends it after at most closeTimeout; pagehide ends at once.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const only = (events, name) => events.filter((e) => e[0] === name).map((e) => e[1]);
const TRANSPORTS = { websocket: {}, 'long-polling': { WebSocket: null } };

for (const [name, opts] of Object.entries(TRANSPORTS)) {
  test(`close(): the echo of a message sent just before arrives before 'close'; the server's close is acked (${name})`, () => {
    const { clock, server, ch, got, events } = setup(opts);
    server.echo = true;
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, name);
    const order = [];
    ch.on('message', (d) => order.push('message ' + d));
    ch.on('close', () => order.push('close'));
    // The server answers the sends only once the test lets the clock run: the echo is in flight at close().
    ch.send('last');
    ch.close(4001, 'done');
    assert.strictEqual(ch.state, 'open', 'waiting for the server\'s close');
    assert.strictEqual(ch.send('late'), false, 'nothing goes out after close()');
    assert.strictEqual(ch.publish('t', 1), false);
    assert.strictEqual(ch.subscribe('t'), false);
    clock.tick(0);
    clock.tick(0);
    assert.deepStrictEqual(order, ['message last', 'close']);
    assert.deepStrictEqual(got, ['last']);
    assert.deepStrictEqual(only(events, 'close'), [{ code: 4001, reason: 'done' }], 'the app\'s code and reason');
    assert.deepStrictEqual(only(events, 'error'), []);
    assert.deepStrictEqual(server.frames.filter((f) => f.seq).map((f) => f.t), ['msg', 'close']);
    const acks = server.frames.filter((f) => f.t === 'ack').map((f) => f.ack);
    // Echo (seq 1), then the server's close (seq 2): both acked, over the WebSocket or in a last POST.
    assert.strictEqual(server.sess.nextSeq - 1, 2);
    assert.strictEqual(acks[acks.length - 1], 2, 'the server\'s close is acked');
    assert.strictEqual(server.sess.out.length, 0, 'nothing left unacked on the server');
    const requests = server.log.length, wss = server.wss.length;
    clock.tick(100000);
    assert.strictEqual(server.log.length, requests, 'no poll, no reconnect after the end');
    assert.strictEqual(server.wss.length, wss, 'no upgrade after the end');
    assert.strictEqual(only(events, 'close').length, 1);
  });

  test(`close(): a server that never answers ends it after closeTimeout, with no reconnect or upgrade (${name})`, () => {
    const { clock, server, ch, events } = setup(Object.assign({ closeTimeout: 3000 }, opts));
    server.graceful = false;
    clock.tick(0);
    clock.tick(0);
    ch.close();
    clock.tick(2999);
    assert.strictEqual(ch.state, 'open');
    assert.deepStrictEqual(only(events, 'close'), []);
    clock.tick(1);
    assert.strictEqual(ch.state, 'closed');
    assert.deepStrictEqual(only(events, 'close'), [{ code: 1000, reason: '' }]);
    assert.strictEqual(server.hsCount, 1, 'no new session');
  });

  test(`close(): the transport failing while closing ends it at once, no downgrade or reconnect (${name})`, () => {
    const { clock, server, ch, events } = setup(opts);
    server.graceful = false;
    clock.tick(0);
    clock.tick(0);
    ch.close(1000, 'bye');
    clock.tick(0);
    const requests = server.log.length, wss = server.wss.length, switches = only(events, 'transport').length;
    server.down = true;
    if (server.sess.ws) server.sess.ws.kill(1006);
    else server.sess.poll.respond(500, '');
    clock.tick(0);
    assert.strictEqual(ch.state, 'closed');
    assert.deepStrictEqual(only(events, 'close'), [{ code: 1000, reason: 'bye' }]);
    assert.strictEqual(only(events, 'transport').length, switches, 'no downgrade');
    clock.tick(100000);
    assert.ok(server.log.length <= requests + 1 && server.wss.length === wss, 'no reconnect');
  });

  test(`pagehide pushes the close frame and ends at once (${name})`, () => {
    const listeners = {};
    const window = { addEventListener: (k, fn) => { listeners[k] = fn; }, removeEventListener: (k) => { delete listeners[k]; } };
    const { clock, server, ch, events } = setup(Object.assign({ window }, opts));
    server.graceful = false;
    clock.tick(0);
    clock.tick(0);
    ch.send('bye');
    listeners.pagehide();
    assert.strictEqual(ch.state, 'closed');
    assert.deepStrictEqual(only(events, 'close'), [{ code: 1000, reason: '' }]);
    clock.tick(0);
    assert.deepStrictEqual(server.frames.filter((f) => f.seq).map((f) => f.t), ['msg', 'close']);
    assert.deepStrictEqual(Object.keys(listeners), []);
  });
}

test('close() while a WebSocket upgrade hangs: its 4404 ends the channel, never a new session', () => {
  const { clock, server, ch, events } = setup();
  server.wsMode = 'silent'; // 101, then nothing: the upgrade stays pending on long-polling
  server.graceful = false;
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.strictEqual(server.wss.length, 1);
  ch.close(1000, 'bye');
  server.wss[0].kill(4404);
  clock.tick(0);
  assert.strictEqual(ch.state, 'closed');
  assert.deepStrictEqual(only(events, 'close'), [{ code: 1000, reason: 'bye' }]);
  assert.deepStrictEqual(only(events, 'reset'), []);
  clock.tick(100000);
  assert.strictEqual(server.hsCount, 1, 'no new session');
});

test('close() before the channel is open ends at once', () => {
  const { clock, ch, events } = setup();
  ch.close(1000, 'never mind');
  assert.strictEqual(ch.state, 'closed');
  assert.deepStrictEqual(only(events, 'close'), [{ code: 1000, reason: 'never mind' }]);
  clock.tick(100000);
});

'use strict';
// Fallback telemetry (PROTOCOL.md section 5.1): the client tells the server, once per reason and session, why
// it is on long-polling; the telemetry option turns it off.
const test = require('node:test');
const assert = require('node:assert');
const { setup, BASE } = require('../support/fakes');

const told = (server) => server.frames.filter((f) => f.t === 'fallback').map((f) => f.reason);

test('no window.WebSocket: the server hears no_websocket, once', () => {
  const { clock, server } = setup({ WebSocket: null });
  clock.tick(0);
  clock.tick(600000);
  assert.deepStrictEqual(told(server), ['no_websocket']);
});

test('a 101 and then silence: no_welcome; a refused upgrade: error; each once per session', () => {
  const silent = setup({ upgradeTimeout: 5000 });
  silent.server.wsMode = 'silent';
  silent.clock.tick(0);
  silent.clock.tick(5001);
  assert.strictEqual(silent.ch.transport, 'long-polling');
  silent.clock.tick(600000); // retries after the memory expires fail the same way: still told once
  assert.deepStrictEqual(told(silent.server), ['no_welcome']);

  const refused = setup();
  refused.server.wsMode = 'refuse';
  refused.clock.tick(0);
  refused.clock.tick(0);
  assert.deepStrictEqual(told(refused.server), ['error']);
  assert.strictEqual(refused.ch.transport, 'long-polling');
});

test('a failure this tab remembers: the next session says remembered, and does not try', () => {
  const first = setup();
  first.server.wsMode = 'refuse';
  first.clock.tick(0);
  first.clock.tick(0);
  const again = first.Duplex.connect(BASE, Object.assign({}, first.options));
  first.clock.tick(0);
  assert.strictEqual(again.transport, 'long-polling');
  assert.deepStrictEqual(told(first.server), ['error', 'remembered']);
});

test('telemetry: false sends no fallback frame', () => {
  const { clock, server, ch } = setup({ WebSocket: null, telemetry: false });
  clock.tick(0);
  ch.send('hi');
  clock.tick(0);
  assert.deepStrictEqual(server.received, ['hi']);
  assert.deepStrictEqual(told(server), []);
});

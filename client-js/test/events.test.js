'use strict';
// Issue 13 item 5: 'open' fires once per session; a reconnection within the same session fires 'resumed'; a
// new session after continuity was lost fires 'reset' and then 'open' again.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const names = (events, keep) => events.map((e) => e[0]).filter((n) => keep.includes(n));
const LIFE = ['open', 'resumed', 'reset', 'close'];

for (const kind of ['src', 'min']) {
  test(`open once per session, resumed after each reconnect of the same session (${kind})`, () => {
    const { clock, server, ch, events } = setup({ WebSocket: null }, kind);
    let hellos = 0;
    ch.on('open', () => { hellos++; ch.send('hello'); }); // the README's example: no resend on a blip
    clock.tick(0);
    for (let blip = 0; blip < 3; blip++) {
      server.down = true;
      server.sess.poll.respond(0, '');
      server.down = false;
      clock.tick(30000);
      assert.strictEqual(ch.state, 'open');
    }
    assert.strictEqual(ch.id, 'S1');
    assert.deepStrictEqual(names(events, LIFE), ['open', 'resumed', 'resumed', 'resumed']);
    assert.strictEqual(hellos, 1);
    assert.deepStrictEqual(server.received, ['hello']);
  });
}

test('a WebSocket downgrade and re-upgrade inside a session fires neither open nor resumed', () => {
  const { clock, server, events } = setup({ upgradeMin: 1000 });
  clock.tick(0);
  clock.tick(0);
  server.sess.ws.kill(1006);
  clock.tick(0);
  clock.tick(2000);
  assert.deepStrictEqual(names(events, LIFE), ['open']);
  assert.deepStrictEqual(names(events, ['transport']).length, 4);
});

test('a new session after expiry: reset, then open again (a fresh session needs the app\'s greeting again)', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  ch.on('open', () => ch.send('hello'));
  clock.tick(0);
  server.down = true;
  server.sess.poll.respond(0, '');
  server.down = false;
  server.sess = null; // expired while away
  clock.tick(30000);
  assert.strictEqual(ch.id, 'S2');
  assert.deepStrictEqual(names(events, LIFE), ['open', 'reset', 'open']);
  assert.deepStrictEqual(server.received, ['hello', 'hello'], 'one greeting per session');
});

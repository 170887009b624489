'use strict';
// Issue 13 item 2: connection failures with reasons. A permanent refusal (404, 403) raises 'error' with the
// server's code and closes with a reason; a transient one retries with backoff, up to maxAttempts.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const only = (events, name) => events.filter((e) => e[0] === name).map((e) => e[1]);

const PERMANENT = [
  ['a wrong mount (the container\'s HTML 404)', [404, '<html><body>Not Found</body></html>'], 'not_found', 4404],
  ['a wrong mount under a static file servlet (HTML 405 for the POST)', [405, '<html>Error 405</html>'], 'not_found', 4404],
  ['a wrong endpoint below a mount', [404, '{"error":"not_found","message":"no such endpoint"}'], 'not_found', 4404],
  ['a foreign origin', [403, '{"error":"forbidden_origin","message":"origin not allowed"}'], 'forbidden_origin', 4403],
  ['a forbidden user', [403, '{"error":"forbidden","message":"not allowed"}'], 'forbidden', 4403]
];

for (const kind of ['src', 'min']) {
  for (const [what, answer, code, closeCode] of PERMANENT) {
    test(`handshake refused by ${what}: error ${code}, closed with a reason, no request after (${kind})`, () => {
      const { clock, server, ch, events } = setup({}, kind);
      server.refuse = answer;
      clock.tick(0);
      const error = only(events, 'error');
      assert.strictEqual(error.length, 1);
      assert.strictEqual(error[0].code, code);
      assert.ok(error[0].message.length > 0);
      assert.deepStrictEqual(only(events, 'close'), [{ code: closeCode, reason: code }]);
      assert.strictEqual(ch.state, 'closed');
      assert.deepStrictEqual(only(events, 'state').map((s) => s.to), ['closed'], 'never reconnecting');
      clock.tick(600000);
      assert.deepStrictEqual(server.log, ['POST /handshake'], 'no more requests');
      assert.strictEqual(server.wss.length, 0);
      assert.strictEqual(ch.send('x'), false);
    });
  }
}

test('a full server (503 too_many_sessions): error each time, retried with backoff, opens when it can', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null, reconnectMin: 1000 });
  server.refuse = [503, '{"error":"too_many_sessions","message":"the server is full"}'];
  clock.tick(0);
  assert.strictEqual(ch.state, 'reconnecting');
  clock.tick(500); // 0.5 x 1000
  clock.tick(1000); // 0.5 x 2000
  assert.strictEqual(server.hsCount, 3);
  assert.deepStrictEqual(only(events, 'error').map((e) => e.code), ['too_many_sessions', 'too_many_sessions',
    'too_many_sessions']);
  assert.strictEqual(only(events, 'error')[0].message, 'the server is full');
  server.refuse = null;
  clock.tick(2000);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(only(events, 'open').length, 1);
});

const handshakes = (server) => server.log.filter((l) => l === 'POST /handshake').length;

test('maxAttempts: after that many failures in a row, error and close; a success starts the count again', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null, maxAttempts: 3 });
  server.down = true;
  clock.tick(0);
  clock.tick(1000);
  assert.strictEqual(ch.state, 'reconnecting');
  assert.strictEqual(handshakes(server), 2);
  assert.deepStrictEqual(only(events, 'error'), [], 'an unreachable network is not an error event until giving up');
  clock.tick(10000);
  assert.strictEqual(handshakes(server), 3);
  assert.strictEqual(ch.state, 'closed');
  assert.deepStrictEqual(only(events, 'error').map((e) => e.code), ['network']);
  assert.deepStrictEqual(only(events, 'close'), [{ code: 1006, reason: 'network' }]);
  clock.tick(600000);
  assert.strictEqual(handshakes(server), 3);

  const b = setup({ WebSocket: null, maxAttempts: 2 });
  b.clock.tick(0);
  for (let outage = 0; outage < 3; outage++) {
    b.server.down = true;
    b.server.sess.poll.respond(0, '');
    b.clock.tick(0);
    b.server.down = false;
    b.clock.tick(60000);
    assert.strictEqual(b.ch.state, 'open', 'one failure each time: never two in a row');
  }
});

test('without maxAttempts the channel never gives up', () => {
  const { clock, server, ch } = setup({ WebSocket: null, reconnectMax: 2000 });
  server.down = true;
  clock.tick(3600000);
  assert.strictEqual(ch.state, 'reconnecting');
  assert.ok(handshakes(server) > 1000, handshakes(server) + ' attempts');
});

test('debug: one clear console line per refusal and transport decision; silent by default', () => {
  const a = setup({ debug: true });
  a.server.refuse = [404, 'Not Found'];
  a.clock.tick(0);
  assert.strictEqual(a.console.lines.length, 1);
  assert.match(a.console.lines[0], /^duplex http:\/\/app\.test\/app\/echo: handshake refused: not_found .*mount path/);

  const b = setup({ debug: true });
  b.server.refuse = [403, '{"error":"forbidden_origin","message":"origin not allowed"}'];
  b.clock.tick(0);
  assert.match(b.console.lines[0], /forbidden_origin.*allowedOrigins/);

  const c = setup({ debug: true, location: { protocol: 'http:', host: 'page.test', href: 'http://page.test/' } });
  c.server.down = true;
  c.clock.tick(0);
  assert.match(c.console.lines[0], /network .*origin/, 'a cross-origin network failure may be a CORS refusal');
  assert.match(c.console.lines[1], /reconnecting in \d+ ms/);

  const d = setup({ debug: true, upgradeTimeout: 5000 });
  d.server.wsMode = 'silent';
  d.clock.tick(0);
  d.clock.tick(5000);
  assert.ok(d.console.lines.some((l) => /websocket failed \(no_welcome\), staying on long-polling/.test(l)), d.console.lines);

  const quiet = setup({});
  quiet.server.refuse = [404, 'Not Found'];
  quiet.clock.tick(0);
  quiet.ch.send('x');
  assert.deepStrictEqual(quiet.console.lines, []);
});

test('a poll that finds the session gone (404 unknown_session) is an expiry, not a refusal', () => {
  const { clock, server, ch, events } = setup({ WebSocket: null });
  clock.tick(0);
  server.sess = null;
  clock.tick(30000);
  assert.strictEqual(ch.state, 'open');
  assert.strictEqual(ch.id, 'S2');
  assert.deepStrictEqual(only(events, 'error'), []);
  assert.strictEqual(only(events, 'reset')[0].reason, 'expired');
});

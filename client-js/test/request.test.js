'use strict';
// Request/reply both ways (PROTOCOL.md section 3.4): answers, typed refusals, timeouts, late answers dropped,
// answers across a cut, the callback form, and every waiting request failed when the channel ends.
const test = require('node:test');
const assert = require('node:assert');
const { setup } = require('../support/fakes');

const TRANSPORTS = { 'long-polling': { WebSocket: null }, websocket: {} };
const settle = (p) => p.then((d) => ({ d }), (e) => ({ code: e.code, message: e.message, error: e instanceof Error }));

for (const [name, opts] of Object.entries(TRANSPORTS)) {
  test(`request: answer, refusal, timeout and a late answer dropped (${name})`, async () => {
    const { clock, server, ch } = setup(opts);
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, name);
    server.answer = (d) => (d === 'hold' ? null : d === 'no' ? { code: 'not_found', message: 'no such order' } : { d: { re: d } });
    const ok = settle(ch.request('quote'));
    const no = settle(ch.request('no'));
    const late = settle(ch.request('hold', { timeout: 1000 }));
    clock.tick(0);
    clock.tick(0);
    assert.deepStrictEqual(await ok, { d: { re: 'quote' } });
    assert.deepStrictEqual(await no, { code: 'not_found', message: 'no such order', error: true });
    clock.tick(1000);
    assert.strictEqual((await late).code, 'timeout');
    const held = server.frames.find((f) => f.t === 'req' && f.d === 'hold');
    server.queue({ t: 'res', ref: held.seq, d: 'too late' }); // dropped: nothing waits for it
    clock.tick(300);
    assert.strictEqual(ch.state, 'open');
    assert.strictEqual(ch.bufferedAmount, 0);
  });

  test(`onRequest answers the server: value, promise, reply callback, coded and plain errors (${name})`, async () => {
    const { clock, server, ch } = setup(opts);
    clock.tick(0);
    clock.tick(0);
    const answers = () => server.frames.filter((f) => f.t === 'res').map(({ ref, d, code, message }) => ({ ref, d, code, message }));
    const q = (d) => server.queue({ t: 'req', d }).seq;
    const none = q('before a handler');
    clock.tick(0);
    ch.onRequest((d, reply) => {
      if (d === 'cb') return reply(null, 'by callback');
      if (d === 'coded') throw Object.assign(new Error('not you'), { code: 'denied' });
      if (d === 'plain') throw new Error('secret internals');
      return reply(null, { echo: d });
    });
    const cb = q('cb'), coded = q('coded'), plain = q('plain');
    clock.tick(0);
    ch.onRequest((d) => (d === 'p' ? Promise.resolve('by promise') : d === 'r' ? Promise.reject(Object.assign(new Error('busy'), { code: 'busy' })) : d));
    const p = q('p'), r = q('r'), v = q('v');
    clock.tick(0);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the promise handlers' answers
    clock.tick(300);
    const byRef = Object.fromEntries(answers().map((a) => [a.ref, a]));
    assert.strictEqual(byRef[none].code, 'no_handler');
    assert.strictEqual(byRef[cb].d, 'by callback');
    assert.deepStrictEqual([byRef[coded].code, byRef[coded].message], ['denied', 'not you']);
    assert.strictEqual(byRef[plain].code, 'internal_error');
    assert.ok(!/secret/.test(byRef[plain].message), 'nothing of the page error leaks');
    assert.strictEqual(byRef[p].d, 'by promise');
    assert.deepStrictEqual([byRef[r].code, byRef[r].message], ['busy', 'busy']);
    assert.strictEqual(byRef[v].d, 'v');
    assert.strictEqual(answers().length, 7, 'one answer per request');
  });
}

test('an answer that crosses a cut arrives once, and the re-sent request runs once', async () => {
  const { clock, server, ch } = setup();
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  const answer = settle(ch.request('held'));
  clock.tick(0);
  const ws = server.sess.ws;
  ws.kill(1006); // before its ack reached the client: the request is re-sent on the next transport
  clock.tick(0);
  const req = server.frames.find((f) => f.t === 'req');
  server.queue({ t: 'res', ref: req.seq, d: 'answered while cut' });
  clock.tick(0);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'long-polling');
  assert.deepStrictEqual(await answer, { d: 'answered while cut' });
  assert.strictEqual(server.frames.filter((f) => f.t === 'req').length, 1, 'the server took the request once');
});

test('callback form, and every waiting request fails closed when the channel closes', async () => {
  const { clock, ch } = setup();
  clock.tick(0);
  clock.tick(0);
  const got = [];
  ch.request('never answered', (e, d) => got.push([e && e.code, d]));
  const pending = settle(ch.request('never either'));
  ch.close();
  clock.tick(6000);
  assert.deepStrictEqual(got, [['closed', undefined]]);
  assert.strictEqual((await pending).code, 'closed');
  assert.strictEqual((await settle(ch.request('after close'))).code, 'closed');
});

test('a lost session fails its waiting requests with closed, never re-sends them', async () => {
  const { clock, server, ch } = setup({ WebSocket: null });
  clock.tick(0);
  const pending = settle(ch.request('lost'));
  server.sess = null; // the server forgot the session
  clock.tick(30000);
  clock.tick(30000);
  assert.strictEqual((await pending).code, 'closed');
  assert.strictEqual(server.frames.filter((f) => f.t === 'req').length, 0);
});

test('a request over maxMessage is refused at once, with its code', async () => {
  const { clock, server, ch } = setup();
  server.limits.maxMessage = 10;
  clock.tick(0);
  assert.strictEqual((await settle(ch.request('x'.repeat(20)))).code, 'too_large');
});

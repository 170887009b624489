'use strict';
// Surviving a reload ({resume: 'tab'}, tab.js): pagehide parks the session in sessionStorage instead of
// closing it; the tab's next page resumes it with no handshake, gets what the server sent meanwhile exactly
// once, re-sends its unacked frames, keeps its topics; past the server's window it gets an explicit reset.
const test = require('node:test');
const assert = require('node:assert');
const { setup, BASE } = require('../support/fakes');

const only = (events, name) => events.filter((e) => e[0] === name).map((e) => e[1]);
const TRANSPORTS = { websocket: {}, 'long-polling': { WebSocket: null } };

/** A page's window: its listeners, to fire pagehide and pageshow. */
function pageWindow() {
  const listeners = {};
  return {
    listeners,
    addEventListener: (k, fn) => { listeners[k] = fn; },
    removeEventListener: (k) => { delete listeners[k]; }
  };
}

/** The tab's next page: a new channel on the same storage, clock and server. */
function nextPage(ctx, window) {
  const got = [];
  const events = [];
  const ch = ctx.Duplex.connect(BASE, Object.assign({}, ctx.options, { window }));
  ch.on('message', (d) => got.push(d));
  for (const ev of ['open', 'resumed', 'reset', 'close', 'error']) ch.on(ev, (x) => events.push([ev, x]));
  return { ch, got, events };
}

for (const [name, opts] of Object.entries(TRANSPORTS)) {
  test(`a reload resumes the session: no handshake, no gap, no duplicate, no reset (${name})`, () => {
    const first = pageWindow();
    const ctx = setup(Object.assign({ resume: 'tab', window: first }, opts));
    const { clock, server, ch, got } = ctx;
    ch.subscribe('prices');
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, name);
    server.push('m1');
    server.push('p1', 'prices');
    clock.tick(0);
    assert.deepStrictEqual(got, ['m1']);
    ch.send('sent just before the reload');
    first.listeners.pagehide();
    assert.notStrictEqual(ch.state, 'closed', 'parked, not closed');
    assert.ok(!server.frames.some((f) => f.t === 'close'), 'no close frame');
    // The server goes on while the tab reloads.
    server.push('m2');
    server.push('p2', 'prices');
    clock.tick(5000);
    const second = pageWindow();
    const page = nextPage(ctx, second);
    const prices = [];
    page.ch.subscribe('prices', (d) => prices.push(d));
    clock.tick(0);
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(server.hsCount, 1, 'no new handshake');
    assert.strictEqual(page.ch.id, ch.id);
    assert.deepStrictEqual(page.got, ['m2']);
    assert.deepStrictEqual(prices, ['p2']);
    assert.deepStrictEqual(only(page.events, 'reset'), []);
    assert.strictEqual(only(page.events, 'open').length, 1);
    assert.deepStrictEqual(server.received, ['sent just before the reload'], 'exactly once');
    assert.strictEqual(server.frames.filter((f) => f.t === 'sub').length, 1, 'the topic was not subscribed again');
    assert.strictEqual(ctx.storage.getItem('duplex.tab ' + BASE), null, 'taken once');
    page.ch.send('after');
    clock.tick(0);
    clock.tick(0);
    assert.deepStrictEqual(server.received, ['sent just before the reload', 'after']);
  });
}

test('a topic\'s messages wait for the new page to subscribe again, however late', () => {
  const first = pageWindow();
  const ctx = setup({ resume: 'tab', window: first, WebSocket: null });
  const { clock, server, ch } = ctx;
  ch.subscribe('prices');
  clock.tick(0);
  clock.tick(0);
  first.listeners.pagehide();
  server.push('p1', 'prices');
  const page = nextPage(ctx, pageWindow());
  clock.tick(0);
  clock.tick(0);
  server.push('p2', 'prices');
  clock.tick(1000);
  const prices = [];
  page.ch.subscribe('prices', (d, topic) => prices.push([d, topic]));
  page.ch.subscribe('prices', (d) => prices.push(['second listener', d]));
  server.push('p3', 'prices');
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(prices, [['p1', 'prices'], ['p2', 'prices'], ['p3', 'prices'], ['second listener', 'p3']]);
});

test('past the server\'s window the next page gets an explicit reset, then a new session', () => {
  const first = pageWindow();
  const ctx = setup({ resume: 'tab', window: first, WebSocket: null });
  const { clock, server, ch } = ctx;
  clock.tick(0);
  clock.tick(0);
  ch.send('unacked');
  server.down = true;
  first.listeners.pagehide();
  server.down = false;
  server.sess = null; // the window passed: the server forgot the session
  const page = nextPage(ctx, pageWindow());
  clock.tick(0);
  clock.tick(0);
  clock.tick(1000); // the new session starts after a random pause of up to reconnectMin
  clock.tick(0);
  assert.deepStrictEqual(only(page.events, 'reset'), [{ reason: 'expired', lost: 1 }]);
  assert.strictEqual(page.ch.state, 'open');
  assert.strictEqual(server.hsCount, 2);
});

test('without resume: \'tab\' pagehide still closes, and nothing is stored', () => {
  const first = pageWindow();
  const ctx = setup({ window: first, WebSocket: null });
  ctx.clock.tick(0);
  first.listeners.pagehide();
  assert.strictEqual(ctx.ch.state, 'closed');
  assert.strictEqual(ctx.storage.getItem('duplex.tab ' + BASE), null);
});

test('back from the back-forward cache the parked page takes its own session back', () => {
  const first = pageWindow();
  const ctx = setup({ resume: 'tab', window: first, WebSocket: null });
  const { clock, server, got } = ctx;
  clock.tick(0);
  clock.tick(0);
  first.listeners.pagehide();
  server.push('while frozen');
  first.listeners.pageshow({ persisted: true });
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(got, ['while frozen']);
  assert.strictEqual(ctx.storage.getItem('duplex.tab ' + BASE), null);
  assert.strictEqual(server.hsCount, 1);
});

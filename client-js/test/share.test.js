'use strict';
// Many tabs, one connection ({share: true}, share.js, PROTOCOL.md section 2.5): the tabs of one browser keep one
// session each but park one bundled poll between them; one tab leads, and another takes over when it goes.
const test = require('node:test');
const assert = require('node:assert');
const { BASE, Browser, Server, freshDuplex } = require('../support/tabs');
const { Clock } = require('../support/fakes');
const vectors = require('../../protocol/golden-vectors.json').bundle;

/** n tabs of one browser, each with a shared channel to the echo mount. */
function browserWithTabs(n, opts = {}) {
  const clock = new Clock();
  const server = new Server(clock);
  const browser = new Browser(clock);
  const tabs = [];
  function open() {
    const tab = { got: [], closed: false };
    const env = browser.tab(tab);
    tab.ch = freshDuplex().connect(BASE, Object.assign({
      share: true, transports: ['long-polling'], window: null, sessionStorage: null,
      setTimeout: (f, ms) => clock.setTimeout(() => { if (!tab.closed) f(); }, ms),
      clearTimeout: (id) => clock.clearTimeout(id), now: () => clock.now, random: () => 0.5,
      XMLHttpRequest: class extends server.XHR {
        send(body) { (tab.xhrs = tab.xhrs || []).push(this); super.send(body); }
      },
      BroadcastChannel: env.BroadcastChannel, locks: env.locks
    }, opts));
    tab.ch.on('message', (d) => tab.got.push(d));
    tab.states = [];
    tab.ch.on('state', (st) => tab.states.push(st));
    tabs.push(tab);
    return tab;
  }
  for (let i = 0; i < n; i++) open();
  clock.tick(100);
  /** The tab goes as a browser closes it: no pagehide code runs, its requests are aborted, its lock passes. */
  function close(tab) {
    for (const x of tab.xhrs || []) if (!x.done) x.abort();
    browser.close(tab);
  }
  return { clock, server, browser, tabs, open, close };
}

function echoRound(ctx, label) {
  ctx.tabs.filter((t) => !t.closed).forEach((t, i) => t.ch.send(label + ' ' + i));
  ctx.clock.tick(200);
  ctx.tabs.filter((t) => !t.closed).forEach((t, i) => assert.ok(t.got.includes(label + ' ' + i), `tab ${i} got its echo of ${label}: ${JSON.stringify(t.got)}`));
}

test('8 tabs: one session each, one parked bundle for all, every echo comes back to its own tab', () => {
  const ctx = browserWithTabs(8);
  const { server, tabs } = ctx;
  assert.strictEqual(server.count, 8, 'one session per tab');
  for (const t of tabs) assert.strictEqual(t.ch.state, 'open');
  echoRound(ctx, 'one');
  echoRound(ctx, 'two');
  assert.strictEqual(server.log.filter((l) => l === 'GET /poll').length, 0, 'no tab polls alone');
  assert.strictEqual(server.parked().length, 1, 'one parked exchange');
  assert.strictEqual(JSON.parse(server.bundleBodies[server.bundleBodies.length - 1]).length, 8, 'it carries all 8');
  for (const t of tabs) assert.strictEqual(new Set(t.got).size, t.got.length, 'no duplicate');
});

test('the leader tab closes: another leads, and what the server sent meanwhile arrives exactly once, in order', () => {
  const ctx = browserWithTabs(4);
  const { server, tabs, clock } = ctx;
  echoRound(ctx, 'before');
  const leader = tabs.find((t) => t.xhrs && t.xhrs.some((x) => x.url.endsWith('/bundle')));
  ctx.close(leader);
  const others = tabs.filter((t) => t !== leader);
  others.forEach((t, i) => server.push(t.ch.id, 'meanwhile ' + i + 'a'));
  others.forEach((t, i) => server.push(t.ch.id, 'meanwhile ' + i + 'b'));
  clock.tick(200);
  others.forEach((t, i) => {
    const rest = t.got.filter((d) => d.startsWith('meanwhile'));
    assert.deepStrictEqual(rest, ['meanwhile ' + i + 'a', 'meanwhile ' + i + 'b']);
  });
  echoRound(ctx, 'after');
  assert.strictEqual(server.parked().length, 1, 'one parked exchange again');
  assert.strictEqual(JSON.parse(server.bundleBodies[server.bundleBodies.length - 1]).length, 3);
  for (const t of others) assert.strictEqual(t.ch.state, 'open', 'no reconnect, no reset');
});

test('a tab that opens later joins the bundle; a tab whose channel closes leaves it', () => {
  const ctx = browserWithTabs(2);
  const late = ctx.open();
  ctx.clock.tick(100);
  echoRound(ctx, 'three');
  assert.strictEqual(JSON.parse(ctx.server.bundleBodies[ctx.server.bundleBodies.length - 1]).length, 3);
  late.ch.close(); // the fake server answers no close frame: the channel ends after closeTimeout
  ctx.clock.tick(6000);
  assert.strictEqual(late.ch.state, 'closed');
  ctx.tabs.splice(ctx.tabs.indexOf(late), 1);
  echoRound(ctx, 'two left');
  assert.strictEqual(JSON.parse(ctx.server.bundleBodies[ctx.server.bundleBodies.length - 1]).length, 2);
});

test('a server without bundles (404): every tab polls alone, and still echoes', () => {
  const clockless = browserWithTabs(0);
  clockless.server.bundles = false;
  clockless.open();
  clockless.open();
  clockless.clock.tick(100);
  echoRound(clockless, 'alone');
  assert.ok(clockless.server.log.filter((l) => l === 'GET /poll').length >= 2);
});

test('a member answered "alone" (its session lives on another node) polls alone; the others stay bundled', () => {
  const ctx = browserWithTabs(0);
  ctx.server.alone.add('S2');
  ctx.open();
  ctx.open();
  ctx.open();
  ctx.clock.tick(100);
  echoRound(ctx, 'mixed');
  const last = JSON.parse(ctx.server.bundleBodies[ctx.server.bundleBodies.length - 1]).map((m) => m.sid);
  assert.deepStrictEqual(last.sort(), ['S1', 'S3']);
  assert.ok(ctx.server.log.includes('GET /poll'), 'S2 polls alone');
});

test('an idle bundle: members are polled again after the hold, no tab counts it as a failure', () => {
  const ctx = browserWithTabs(3);
  const before = ctx.server.bundleBodies.length;
  ctx.clock.tick(100000); // four holds: each ends empty, and the leader polls again
  for (const t of ctx.tabs) assert.deepStrictEqual(t.states.slice(1), [], 'never reconnecting: ' + t.states);
  assert.ok(ctx.server.bundleBodies.length - before >= 4, 'a new bundle after each hold');
  assert.strictEqual(ctx.server.log.filter((l) => l === 'POST /handshake').length, 3, 'no session lost');
  echoRound(ctx, 'later');
});

test('the bundle body has the wire form of the golden vectors', () => {
  const ctx = browserWithTabs(0);
  const Share = new Function(require('../build.js').bundle() + '\nreturn Share;')();
  const env = ctx.browser.tab({});
  const bodies = [];
  const o = {
    share: true, pollMargin: 10000, BroadcastChannel: env.BroadcastChannel, locks: env.locks,
    setTimeout: (f, ms) => ctx.clock.setTimeout(f, ms), clearTimeout: (id) => ctx.clock.clearTimeout(id),
    now: () => ctx.clock.now,
    XMLHttpRequest: class { open() {} setRequestHeader() {} send(b) { bodies.push(b); } abort() {} }
  };
  const share = new Share(o, BASE);
  ctx.clock.tick(1); // it leads
  for (const m of vectors.request.members) share._poll(Object.assign({ probe: 0 }, m), 25000, () => {});
  ctx.clock.tick(1);
  assert.strictEqual(bodies[bodies.length - 1], vectors.request.wire);
});

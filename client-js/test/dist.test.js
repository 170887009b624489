'use strict';
// The shipped files: present, current, ES5 where it matters, loadable as CommonJS, AMD, a global and an ES module.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const acorn = require('acorn');
const { bundle } = require('../build.js');

const dist = (f) => path.join(__dirname, '..', 'dist', f);

test('dist files exist and match the sources (run node build.js after editing src/)', () => {
  const js = fs.readFileSync(dist('duplex.js'), 'utf8');
  assert.ok(js.includes(bundle()), 'dist/duplex.js is stale');
  assert.ok(fs.readFileSync(dist('duplex.mjs'), 'utf8').includes(bundle()), 'dist/duplex.mjs is stale');
  for (const f of ['duplex.js', 'duplex.min.js']) acorn.parse(fs.readFileSync(dist(f), 'utf8'), { ecmaVersion: 5 });
});

test('UMD: a global from a classic script, and AMD', () => {
  for (const f of ['duplex.js', 'duplex.min.js']) {
    const code = fs.readFileSync(dist(f), 'utf8');
    const win = { self: null };
    win.self = win;
    vm.runInNewContext(code, win);
    assert.strictEqual(typeof win.Duplex.connect, 'function', f);
    assert.strictEqual(typeof win.Duplex.WebSocket, 'function', f);
    let defined = null;
    const define = (deps, factory) => { defined = factory(); };
    define.amd = {};
    vm.runInNewContext(code, { define });
    assert.strictEqual(typeof defined.connect, 'function', f);
  }
});

test('ES module build', async () => {
  const m = await import(dist('duplex.mjs'));
  assert.strictEqual(typeof m.default.connect, 'function');
  assert.strictEqual(m.connect, m.default.connect);
  assert.strictEqual(m.WebSocket, m.default.WebSocket);
});

test('relative mount paths resolve against the page; ws:// and wss:// mean http:// and https://', () => {
  const { internals } = require('../support/fakes');
  const { resolve } = internals();
  const loc = { protocol: 'https:', host: 'ex.com:8443', href: 'https://ex.com:8443/app/page.html?q=/x#h' };
  assert.strictEqual(resolve('/app/echo', loc), 'https://ex.com:8443/app/echo');
  assert.strictEqual(resolve('echo/', loc), 'https://ex.com:8443/app/echo');
  assert.strictEqual(resolve('http://other/x', loc), 'http://other/x');
  assert.strictEqual(resolve('wss://ex.com:8443/a', null), 'https://ex.com:8443/a', 'a WebSocket URL means its http(s) twin');
  assert.strictEqual(resolve('ws://ex.com/a/', loc), 'http://ex.com/a');
});

'use strict';
// Binary messages (PROTOCOL.md section 3.5): ArrayBuffer and typed arrays out, ArrayBuffer in, as base64 in b,
// interleaved with JSON in one sequence, through transport switches, in requests; a clear error without typed arrays.
const test = require('node:test');
const assert = require('node:assert');
const { setup, dieAndComeBack, Clock, Server, BASE } = require('../support/fakes');
const { bundle } = require('../build.js');

const bytes = (...b) => new Uint8Array(b);
const b64 = (u) => Buffer.from(u).toString('base64');
const asBytes = (ab) => (ab instanceof ArrayBuffer ? Array.from(new Uint8Array(ab)) : ab);

for (const [name, opts] of Object.entries({ 'long-polling': { WebSocket: null }, websocket: {} })) {
  test(`binary and JSON interleave in one sequence, both ways (${name})`, () => {
    const { clock, server, ch, got } = setup(opts);
    clock.tick(0);
    clock.tick(0);
    assert.strictEqual(ch.transport, name);
    const buffer = bytes(0, 1, 2, 3, 4, 255).buffer;
    const view = new Uint8Array(bytes(9, 8, 7, 6).buffer, 1, 2); // a view into part of a buffer: bytes 8, 7
    ch.send('text');
    ch.send(buffer);
    ch.send({ n: 1 });
    ch.send(view);
    ch.send(new DataView(bytes(5).buffer));
    ch.publish('files', bytes(1, 2));
    clock.tick(0);
    clock.tick(300);
    assert.deepStrictEqual(server.received, ['text', 'b:AAECAwT/', { n: 1 }, 'b:CAc=', 'b:BQ==']);
    assert.strictEqual(server.frames.find((f) => f.t === 'pub').b, 'AQI=');
    server.push('text');
    server.queue({ t: 'msg', b: 'AAECAwT/' });
    server.queue({ t: 'msg', b: '' });
    clock.tick(0);
    clock.tick(0);
    assert.deepStrictEqual(got.map(asBytes), ['text', [0, 1, 2, 3, 4, 255], []]);
    assert.ok(got[1] instanceof ArrayBuffer);
  });
}

test('binary through transport switches arrives once, in order, both ways', () => {
  const { clock, server, ch, got } = setup({ upgradeMin: 2000 });
  server.echo = true;
  server.dup = 2; // replays re-send frames the client already has
  const sent = [];
  const burst = (n) => {
    for (let i = 0; i < n; i++) {
      const u = i % 2 ? bytes(sent.length, 255 - sent.length) : 'text ' + sent.length;
      sent.push(typeof u == 'string' ? u : 'b:' + b64(u));
      ch.send(u);
    }
  };
  burst(3); // queued while connecting
  clock.tick(0); // open on long-polling; the upgrade starts
  burst(4);
  clock.tick(0);
  assert.strictEqual(ch.transport, 'websocket');
  burst(6);
  dieAndComeBack(clock, server, ch, burst);
  assert.deepStrictEqual(server.received, sent, 'the server got each once, in order');
  assert.deepStrictEqual(got.map((d) => (d instanceof ArrayBuffer ? 'b:' + b64(new Uint8Array(d)) : d)), sent, 'and echoed them');
});

test('a binary request gets a binary answer; onRequest gets an ArrayBuffer', async () => {
  const { clock, server, ch } = setup();
  clock.tick(0);
  clock.tick(0);
  server.answer = (d, f) => (f.b === 'AQID' ? { b: 'AwIB' } : { code: 'bad', message: 'not 1 2 3' });
  const answer = ch.request(bytes(1, 2, 3));
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(asBytes(await answer), [3, 2, 1]);
  assert.strictEqual(server.frames.find((f) => f.t === 'req').b, 'AQID');
  let asked;
  ch.onRequest((d) => { asked = d; return new Uint8Array(d).slice().reverse(); });
  server.queue({ t: 'req', b: 'AQID' });
  clock.tick(0);
  clock.tick(300);
  assert.deepStrictEqual(asBytes(asked), [1, 2, 3]);
  assert.strictEqual(server.frames.find((f) => f.t === 'res').b, 'AwIB');
});

test('Duplex.WebSocket sends and receives binary as ArrayBuffer', () => {
  const s = setup({}, 'src', true);
  const ws = new s.Duplex.WebSocket(BASE, s.options);
  const data = [];
  ws.onmessage = (e) => data.push(e.data);
  s.clock.tick(0);
  s.clock.tick(0);
  assert.strictEqual(ws.binaryType, 'arraybuffer');
  ws.send(bytes(7, 7).buffer);
  ws.send('text');
  s.clock.tick(300);
  assert.deepStrictEqual(s.server.received, ['b:Bwc=', 'text']);
  s.server.queue({ t: 'msg', b: 'Bwc=' });
  s.clock.tick(0);
  assert.ok(data[0] instanceof ArrayBuffer);
  assert.deepStrictEqual(asBytes(data[0]), [7, 7]);
});

test('an engine without typed arrays gets a clear error for a binary message, and goes on', () => {
  // The bundle, with ArrayBuffer, Uint8Array, atob and btoa missing, as in an old engine.
  const Duplex = new Function('ArrayBuffer', 'Uint8Array', 'atob', 'btoa', bundle() + '\nreturn Duplex;')();
  const clock = new Clock();
  const server = new Server(clock);
  const ch = Duplex.connect(BASE, { setTimeout: (f, ms) => clock.setTimeout(f, ms), clearTimeout: (id) => clock.clearTimeout(id),
    now: () => clock.now, random: () => 0.5, WebSocket: null, XMLHttpRequest: server.XHR, window: null });
  const got = [], errors = [];
  ch.on('message', (d) => got.push(d));
  ch.on('error', (e) => errors.push(e.code));
  clock.tick(0);
  server.queue({ t: 'msg', b: 'AAE=' });
  server.push('after');
  clock.tick(0);
  clock.tick(0);
  assert.deepStrictEqual(errors, ['unsupported_binary']);
  assert.deepStrictEqual(got, ['after']);
  assert.strictEqual(ch.state, 'open');
});

'use strict';
// Duplex.WebSocket against the W3C WebSocket surface (text messages).
const test = require('node:test');
const assert = require('node:assert');
const { setup, BASE } = require('../support/fakes');

function make(kind) {
  const s = setup({}, kind, true);
  const ws = new s.Duplex.WebSocket(BASE, s.options);
  return Object.assign(s, { ws });
}

for (const kind of ['src', 'min']) {
  test(`W3C surface: constants, readyState, events, send, close (${kind})`, () => {
    const { clock, server, ws, Duplex } = make(kind);
    const W = Duplex.WebSocket;
    assert.deepStrictEqual([W.CONNECTING, W.OPEN, W.CLOSING, W.CLOSED], [0, 1, 2, 3]);
    assert.deepStrictEqual([ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED], [0, 1, 2, 3]);
    assert.strictEqual(ws.url, BASE);
    assert.strictEqual(ws.readyState, W.CONNECTING);
    assert.strictEqual(ws.protocol, '');
    assert.strictEqual(ws.extensions, '');
    assert.strictEqual(ws.bufferedAmount, 0);
    assert.throws(() => ws.send('too early'), (e) => e.name === 'InvalidStateError');
    const log = [];
    ws.onopen = (e) => log.push(['onopen', e.type, e.target === ws]);
    ws.onmessage = (e) => log.push(['onmessage', e.data]);
    ws.onclose = (e) => log.push(['onclose', e.code, e.reason, e.wasClean]);
    const listener = (e) => log.push(['listener', e.type, e.data]);
    ws.addEventListener('message', listener);
    ws.addEventListener('message', listener); // registered once, as in the browser
    ws.addEventListener('open', listener);
    clock.tick(0);
    assert.strictEqual(ws.readyState, W.OPEN);
    ws.send('ping?');
    server.push('hello');
    clock.tick(0);
    assert.deepStrictEqual(server.received, ['ping?']);
    ws.removeEventListener('message', listener);
    server.push('second');
    clock.tick(0);
    assert.deepStrictEqual(log, [['onopen', 'open', true], ['listener', 'open', undefined], ['onmessage', 'hello'],
      ['listener', 'message', 'hello'], ['onmessage', 'second']]);
    assert.throws(() => ws.close(1001), (e) => e.name === 'InvalidAccessError');
    assert.throws(() => ws.close(2999), (e) => e.name === 'InvalidAccessError');
    ws.close(4001, 'done');
    assert.strictEqual(ws.readyState, W.CLOSING, 'CLOSING until the close event');
    ws.send('ignored after close');
    clock.tick(0);
    assert.strictEqual(ws.readyState, W.CLOSED);
    assert.deepStrictEqual(log.slice(-1), [['onclose', 4001, 'done', true]]);
    assert.deepStrictEqual(server.received, ['ping?']);
    assert.deepStrictEqual(server.frames.filter((f) => f.t === 'close')[0], { t: 'close', seq: 2, code: 4001, reason: 'done' });
  });
}

test('the server closing the channel closes the WebSocket object', () => {
  const { clock, server, ws } = make('src');
  const closes = [];
  ws.addEventListener('close', (e) => closes.push([e.code, e.reason, ws.readyState]));
  clock.tick(0);
  server.queue({ t: 'close', code: 4000, reason: 'kicked' });
  clock.tick(0);
  assert.deepStrictEqual(closes, [[4000, 'kicked', 3]]);
});

test('non-string payloads from the server arrive as JSON text', () => {
  const { clock, server, ws } = make('src');
  const data = [];
  ws.onmessage = (e) => data.push(e.data);
  clock.tick(0);
  server.push({ a: 1 });
  clock.tick(0);
  assert.deepStrictEqual(data, ['{"a":1}']);
});

for (const kind of ['src', 'min']) {
  test(`a refused connection fires error, then close (code, reason, not clean), as a browser WebSocket does (${kind})`, () => {
    const { clock, server, ws } = make(kind);
    server.refuse = [404, '<html>Not Found</html>'];
    const log = [];
    ws.onerror = (e) => log.push(['error', e.code, ws.readyState]);
    ws.addEventListener('close', (e) => log.push(['close', e.code, e.reason, e.wasClean, ws.readyState]));
    ws.onopen = () => log.push(['open']);
    clock.tick(0);
    clock.tick(0);
    assert.deepStrictEqual(log, [['error', 'not_found', 0], ['close', 4404, 'not_found', false, 3]]);
    clock.tick(600000);
    assert.deepStrictEqual(server.log, ['POST /handshake']);
  });
}

test('ws:// and wss:// URLs mean the same mount over http:// and https://; the transport is exposed', () => {
  const s = setup({}, 'src', true);
  const ws = new s.Duplex.WebSocket('ws://app.test/app/echo', s.options);
  assert.strictEqual(ws.url, BASE);
  assert.strictEqual(ws.transport, null);
  const seen = [];
  ws.channel.on('transport', () => seen.push(ws.transport));
  s.clock.tick(0);
  s.clock.tick(0);
  assert.strictEqual(s.server.log[0], 'POST /handshake');
  assert.deepStrictEqual(seen, ['long-polling', 'websocket']);
  assert.strictEqual(ws.channel.transport, 'websocket');
  const secure = new s.Duplex.WebSocket('wss://secure.test/x', [], s.options);
  assert.strictEqual(secure.url, 'https://secure.test/x');
});

test('bufferedAmount: characters of text messages sent and not yet acknowledged', () => {
  const { clock, server, ws } = make('min');
  clock.tick(0);
  clock.tick(0);
  server.wsIn = () => {}; // the server receives nothing, so acks nothing
  ws.send('abc');
  ws.send('de');
  assert.strictEqual(ws.bufferedAmount, 5);
  assert.strictEqual(ws.channel.bufferedAmount, 2, 'the channel counts frames');
});

test('a message over maxMessage fires error on the WebSocket object and is not sent', () => {
  const { clock, server, ws } = make('src');
  server.limits.maxMessage = 10;
  const errors = [];
  ws.onerror = (e) => errors.push(e.code);
  clock.tick(0);
  ws.send('x'.repeat(20));
  ws.send('ok');
  clock.tick(0);
  assert.deepStrictEqual(errors, ['too_large']);
  assert.deepStrictEqual(server.received, ['ok']);
  assert.strictEqual(ws.readyState, 1);
});

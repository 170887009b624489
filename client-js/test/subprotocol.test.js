'use strict';
// Subprotocols (PROTOCOL.md sections 2.1 and 2.4): the offer in the handshake, the server's choice on either
// transport, the one name asked for on the real upgrade, and a refusal that fails like a browser WebSocket.
const test = require('node:test');
const assert = require('node:assert');
const { setup, BASE } = require('../support/fakes');

for (const [name, opts] of Object.entries({ 'long-polling': { WebSocket: null }, websocket: {} })) {
  test(`new Duplex.WebSocket(url, protocols): the server's choice is ws.protocol and channel.protocol (${name})`, () => {
    const s = setup(opts, 'src', true);
    const ws = new s.Duplex.WebSocket(BASE, ['mqtt', 'superchat', 'chat'], s.options);
    assert.strictEqual(ws.protocol, '', 'nothing chosen before open, as in a browser');
    s.clock.tick(0);
    s.clock.tick(0);
    assert.deepStrictEqual(s.server.offers, [['mqtt', 'superchat', 'chat']]);
    assert.strictEqual(ws.transport, name);
    assert.strictEqual(ws.protocol, 'superchat');
    assert.strictEqual(ws.channel.protocol, 'superchat');
    if (name === 'websocket') assert.deepStrictEqual(s.server.wss[0].protocols, ['superchat'], 'the upgrade asks for the choice');
  });
}

test('Duplex.connect(url, {protocols}) takes a name or a list; without one, nothing is offered', () => {
  const s = setup({}, 'src', true);
  const one = s.Duplex.connect(BASE, Object.assign({ protocols: 'chat' }, s.options));
  s.clock.tick(0);
  assert.strictEqual(one.protocol, 'chat');
  const none = s.Duplex.connect(BASE, s.options);
  s.clock.tick(0);
  s.clock.tick(0);
  assert.deepStrictEqual(s.server.offers, [['chat'], undefined]);
  assert.strictEqual(none.protocol, '');
  assert.deepStrictEqual(s.server.wss[s.server.wss.length - 1].protocols, []);
});

test('no subprotocol in common fails like a browser WebSocket: error, then close 1006, unclean, no retry', () => {
  const s = setup({}, 'src', true);
  const ws = new s.Duplex.WebSocket(BASE, 'mqtt', s.options);
  const seen = [];
  ws.onerror = (e) => seen.push(['error', e.code]);
  ws.onclose = (e) => seen.push(['close', e.code, e.reason, e.wasClean]);
  ws.onopen = () => seen.push(['open']);
  s.clock.tick(0);
  s.clock.tick(60000);
  assert.deepStrictEqual(seen, [['error', 'unsupported_protocol'], ['close', 1006, '', false]]);
  assert.strictEqual(ws.readyState, 3);
  assert.strictEqual(ws.protocol, '');
  assert.strictEqual(s.server.hsCount, 1, 'a refusal is final');
});

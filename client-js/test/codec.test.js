'use strict';
const test = require('node:test');
const assert = require('node:assert');
const vectors = require('../../protocol/golden-vectors.json');
const { encode, encodeBatch, decode } = require('../support/fakes').internals();

// JSON.parse cannot see these, and they concern server-side decoding of client frames; the server's own
// decoder refuses them. The client trusts the server for them and does not carry the code to check.
const SERVER_ONLY = {
  'exponent seq': 'JSON.parse turns 1e3 into 1000',
  'deep nesting in payload': 'the depth limit protects the server',
  'server-only type from client': 'welcome is a valid frame for the client, which decodes server frames',
  'away from a client': 'away is a valid frame for the client, which decodes server frames',
  'res with neither d nor code': 'the client trusts the server to answer in one of the two forms',
  'res with both d and code': 'the same',
  'res code without message': 'the same',
  'res code not a string': 'the same',
  'msg with both d and b': 'the client trusts the server to send one payload member, and its base64',
  'b not base64': 'the same',
  'b without padding': 'the same'
};

test('encodes every client frame to its exact wire form', () => {
  const c2s = vectors.frames.filter((v) => v.direction === 'c2s' && !v.decodeOnly);
  assert.ok(c2s.length >= 10);
  for (const v of c2s) assert.strictEqual(encode(v.frame), v.wire, v.name);
});

test('decodes every server frame', () => {
  const s2c = vectors.frames.filter((v) => v.direction === 's2c');
  assert.ok(s2c.length >= 10);
  for (const v of s2c) {
    assert.deepStrictEqual(decode(v.wire, 1), v.frame, v.name);
    assert.deepStrictEqual(decode(v.wire), [v.frame], v.name);
  }
});

test('server frames also encode canonically (one order table for both directions)', () => {
  for (const v of vectors.frames.filter((x) => x.direction === 's2c' && !x.decodeOnly)) {
    assert.strictEqual(encode(v.frame), v.wire, v.name);
  }
});

test('batches', () => {
  for (const v of vectors.batches) {
    if (v.direction === 'c2s') assert.strictEqual(encodeBatch(v.frames), v.wire, v.name);
    else assert.deepStrictEqual(decode(v.wire, 2), v.frames, v.name);
  }
});

test('malformed input is refused with bad_request', () => {
  let checked = 0;
  for (const v of vectors.malformed) {
    if (SERVER_ONLY[v.name]) continue;
    assert.throws(() => decode(v.wire, v.direction === 'c2s-batch' ? 2 : 1), (e) => e.code === v.error, v.name);
    checked++;
  }
  assert.strictEqual(checked, vectors.malformed.length - Object.keys(SERVER_ONLY).length);
});

test('client-side refusals: unknown type, bad numbers, long id', () => {
  for (const w of ['{"t":"hello","sid":"a","token":"b","ack":0}', '{"t":"msg","seq":0,"d":1}', '{"t":"ack","ack":1.5}',
    '{"t":"pong","id":"' + 'x'.repeat(65) + '"}', '{"t":"reset","reason":"overflow","from":1}', 'null', '[null]']) {
    assert.throws(() => decode(w), (e) => e.code === 'bad_request', w);
  }
});

/* Codec: frames <-> wire text (PROTOCOL.md section 3).
 * Encoders write members in the protocol's order and omit absent ones, so every frame has exactly one
 * wire form (the golden vectors pin it). One order table serves both directions: where a member exists
 * in both (msg), its position agrees. */
var ORDER = {
  msg: 'seq topic d b', sub: 'seq topic', unsub: 'seq topic', pub: 'seq topic d b', close: 'seq code reason',
  ack: 'ack', ping: 'id', pong: 'id', hello: 'sid token ack', suback: 'seq ref topic',
  unsuback: 'seq ref topic', error: 'seq ref code message', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry', away: 'retry', fallback: 'reason', req: 'seq d b', res: 'seq ref d b code message'
};

/* Members a server frame must carry; the client decodes server-to-client frames only. */
var NEED = {
  msg: 'seq', suback: 'seq ref topic', unsuback: 'seq ref topic', error: 'seq code message',
  close: 'seq code reason', ack: 'ack', ping: '', pong: '', welcome: 'sid ack', reset: 'reason from to topics',
  slow: 'retry', away: 'retry', req: 'seq', res: 'seq ref'
};

/* Members that are protocol integers: 0 .. 2^53-1, seq and retry at least 1. */
var NUMS = { seq: 1, ack: 0, ref: 0, from: 0, to: 0, retry: 1 };

/** Encodes one frame to its canonical wire text. */
function encode(f) {
  var s = '{"t":' + JSON.stringify(f.t), k = ORDER[f.t].split(' '), i;
  for (i = 0; i < k.length; i++) {
    if (f[k[i]] !== undefined) s += ',"' + k[i] + '":' + JSON.stringify(f[k[i]]);
  }
  return s + '}';
}

/** Encodes frames as a JSON array (a long-poll body or a batched WebSocket message). */
function encodeBatch(fs) {
  var a = [], i;
  for (i = 0; i < fs.length; i++) a.push(encode(fs[i]));
  return '[' + a.join(',') + ']';
}

function bad() {
  throw failure('bad_request', 'bad_request');
}

function check(f) {
  if (!f || typeof f != 'object' || f instanceof Array || typeof f.t != 'string' || !NEED.hasOwnProperty(f.t)) bad();
  var k = NEED[f.t] ? NEED[f.t].split(' ') : [], i, n;
  for (i = 0; i < k.length; i++) if (f[k[i]] === undefined) bad();
  for (n in NUMS) {
    var v = f[n];
    // JSON.parse turns 9007199254740992 and larger into unsafe doubles; refuse them like the server does.
    if (v !== undefined && (typeof v != 'number' || v % 1 || v < NUMS[n] || v > 9007199254740991)) bad();
  }
  if (f.id !== undefined && (typeof f.id != 'string' || f.id.length > 64)) bad();
  if (f.topic !== undefined && typeof f.topic != 'string') bad();
  if (/^(msg|req)$/.test(f.t) && f.d === undefined && typeof f.b != 'string') bad(); // a payload: d, or b (binary)
  return f;
}

/**
 * Decodes server wire text. mode 1: exactly one frame (returns it); mode 2: a batch (returns an array);
 * otherwise either (always returns an array). Throws an Error with code 'bad_request'.
 */
function decode(text, mode) {
  var v, i;
  try { v = JSON.parse(text); } catch (e) { bad(); }
  if (v instanceof Array) {
    if (mode == 1) bad();
    for (i = 0; i < v.length; i++) check(v[i]);
    return v;
  }
  if (mode == 2) bad();
  check(v);
  return mode == 1 ? v : [v];
}

/** UTF-8 bytes of text, never fewer (a surrogate pair counts 6 instead of 4): safe against a byte limit. */
function utf8Bytes(text) {
  for (var n = text.length, i = 0, c; i < text.length; i++) {
    c = text.charCodeAt(i);
    if (c > 127) n += c > 2047 ? 2 : 1;
  }
  return n;
}

/**
 * How many of frames, from index from, fit in one wire message: at most max frames and, written as a
 * batch, at most bytes UTF-8 bytes. Always at least one: a frame too big on its own still goes alone, and
 * the server's refusal of it is reported, never retried in a loop.
 */
function fit(frames, from, max, bytes) {
  for (var n = 0, size = 1; from + n < frames.length && n < max; n++) {
    size += utf8Bytes(encode(frames[from + n])) + 1; // the frame and its ',' or ']'
    if (n && size > bytes) break;
  }
  return n;
}

/** The length maxMessage limits: characters of the payload's compact JSON text, as the server writes it
 * (it escapes U+2028 and U+2029, which JSON.stringify leaves alone). */
function payloadChars(d) {
  var text = JSON.stringify(d) || '';
  return text.length + 5 * (text.match(/[\u2028\u2029]/g) || []).length;
}

/* Options and the environment. Every timeout and backoff value is an option, and so is every global the
 * client touches (timers, clock, randomness, WebSocket, XMLHttpRequest, storage, window), so tests can
 * inject fakes and never sleep. Values from the handshake (hb, hbTimeout, poll) apply unless set here. */
var G = typeof window != 'undefined' ? window : {};

var DEFAULTS = {
  transports: ['websocket', 'long-polling'],
  upgradeTimeout: 5000, // no welcome within this: the WebSocket is not carrying frames, fall back
  wsFailureMemoryMs: 300000, // how long a tab remembers that WebSocket failed here
  upgradeMin: 2000, // re-upgrade backoff
  upgradeMax: 60000,
  reconnectMin: 1000, // reconnect backoff (both transports failed)
  reconnectMax: 30000,
  maxQueue: 1000,
  ackEvery: 32, // WebSocket: ack at least every this many server frames...
  ackDelay: 250, // ...and within this many ms of receiving one
  rttInterval: 10000, // WebSocket ping period (also the keepalive; capped at hb)
  requestTimeout: 15000, // handshake and send POSTs
  pollMargin: 10000 // a poll may take poll + this before it counts as lost
};

function options(o) {
  var r = {}, k;
  o = o || {};
  for (k in DEFAULTS) r[k] = DEFAULTS[k];
  for (k in o) r[k] = o[k];
  // Wrapped because some browsers throw "Illegal invocation" when timers are called off window.
  r.setTimeout = r.setTimeout || function (f, ms) { return setTimeout(f, ms); };
  r.clearTimeout = r.clearTimeout || function (t) { clearTimeout(t); };
  r.now = r.now || function () { return new Date().getTime(); };
  r.random = r.random || Math.random;
  if (!('WebSocket' in o)) r.WebSocket = G.WebSocket;
  r.XMLHttpRequest = r.XMLHttpRequest || G.XMLHttpRequest;
  r.window = 'window' in o ? o.window : G.addEventListener && G;
  r.location = r.location || G.location;
  return r;
}

/* Resolves the mount path against the page; the endpoints hang below it. */
function resolve(url, loc) {
  url = url.replace(/\/+$/, '');
  if (/^https?:/i.test(url) || !loc) return url;
  if (url.charAt(0) == '/') return loc.protocol + '//' + loc.host + url;
  return loc.href.replace(/[?#].*$/, '').replace(/[^\/]*$/, '') + url;
}

/* Named one-shot timers on s._tm (one per name: arming a name cancels its previous timer). ms < 0 only
 * cancels. Keeping every timer in one map lets a close cancel them all. */
function later(s, k, ms, fn) {
  s._o.clearTimeout(s._tm[k]);
  s._tm[k] = ms < 0 ? 0 : s._o.setTimeout(fn, ms);
}

function stopTimers(s) {
  for (var k in s._tm) s._o.clearTimeout(s._tm[k]);
  s._tm = {};
}

/* Options and the environment. Every timeout and backoff value is an option, and so is every global the
 * client touches (timers, clock, randomness, WebSocket, XMLHttpRequest, storage, window, console), so tests
 * can inject fakes and never sleep. Values from the handshake (hb, hbTimeout, poll) apply unless set here. */
var G = typeof window != 'undefined' ? window : {};

var DEFAULTS = {
  transports: ['websocket', 'long-polling'],
  upgradeTimeout: 5000, // no welcome within this: the WebSocket is not carrying frames, fall back
  wsFailureMemoryMs: 300000, // how long a tab remembers that WebSocket failed here
  upgradeMin: 2000, // re-upgrade backoff
  upgradeMax: 60000,
  reconnectMin: 1000, // reconnect backoff (both transports failed); also the longest random pause before a new session after expiry
  reconnectMax: 30000,
  maxAttempts: 0, // failed connection attempts in a row before the channel gives up; 0: never gives up
  maxQueue: 1000,
  ackEvery: 32, // WebSocket: ack at least every this many server frames...
  ackDelay: 250, // ...and within this many ms of receiving one
  rttInterval: 10000, // WebSocket ping period (also the keepalive; capped at hb)
  closeTimeout: 5000, // close(): wait this long at most for the server's close frame
  requestTimeout: 15000, // handshake and send POSTs
  replyTimeout: 30000, // request(): how long to wait for the server's answer
  pollMargin: 10000, // a poll may take poll + this before it counts as lost
  share: false, // the tabs of this browser park one long-poll between them per mount (share.js)
  debug: false // console lines for transport decisions and refusals
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
  // share: the tabs' channels to a mount park one poll between them (share.js)
  r.BroadcastChannel = r.BroadcastChannel || G.BroadcastChannel;
  r.locks = r.locks || G.navigator && G.navigator.locks;
  r.window = 'window' in o ? o.window : G.addEventListener && G;
  r.location = r.location || G.location;
  r.console = r.console || G.console;
  k = r.protocols; // subprotocols offered: a name or a list, as WebSocket takes them
  r.protocols = k && k.length ? [].concat(k) : undefined;
  return r;
}

/* Resolves the mount path against the page; the endpoints hang below it. A ws:// or wss:// URL (kept from
 * code written for WebSocket) means the same mount over http:// or https://. */
function resolve(url, loc) {
  url = url.replace(/\/+$/, '').replace(/^ws(s?):/i, 'http$1:');
  if (/^https?:/i.test(url) || !loc) return url;
  if (url.charAt(0) == '/') return loc.protocol + '//' + loc.host + url;
  return loc.href.replace(/[?#].*$/, '').replace(/[^/]*$/, '') + url;
}

/* One console line when the debug option is on. */
function debug(o, base, text) {
  if (o.debug && o.console) o.console.log('duplex ' + base + ': ' + text);
}

/* An Error with a protocol code (e.code), as every refusal the application sees is. */
function failure(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

/* Named one-shot timers (arming a name cancels its previous timer), so that stopping an owner cancels
 * every timer it armed. */
function Timers(o) {
  this._options = o;
  this._ids = {};
}

Timers.prototype._set = function (name, ms, fn) {
  this._clear(name);
  this._ids[name] = this._options.setTimeout(fn, ms);
};

Timers.prototype._clear = function (name) {
  if (name in this._ids) this._options.clearTimeout(this._ids[name]);
  delete this._ids[name];
};

Timers.prototype._clearAll = function () {
  for (var name in this._ids) this._clear(name);
};

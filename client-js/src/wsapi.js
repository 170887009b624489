/* Duplex.WebSocket: the W3C WebSocket surface for text messages, carried by a Duplex channel, so code
 * written for WebSocket gains fallback, resume and exactly-once delivery with its constructor changed. Each
 * text message is one channel message whose payload d is that string. */
var WS_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * @param {string} url the Duplex mount: a path, or an absolute URL (ws:// and wss:// are taken as http://
 *     and https://, so a WebSocket URL can stay as it was)
 * @param {(string|Array|Object)=} protocols subprotocols offered, in order of preference (the server chooses one,
 *     reported by protocol); an object here is taken as options
 * @param {Object=} opts channel options
 * @constructor
 */
function DuplexWebSocket(url, protocols, opts) {
  var self = this, c;
  if (protocols && typeof protocols == 'object' && !(protocols instanceof Array)) opts = protocols;
  else if (protocols) (opts = Object.create(opts || {})).protocols = protocols;
  /** The channel underneath, for what WebSocket has no word for (transport and pressure events, topics). */
  c = this.channel = new Channel(url, opts);
  this.url = c._base;
  this.readyState = 0;
  /** The transport in use: 'websocket', 'long-polling', or null before the first. */
  this.transport = null;
  this.protocol = this.extensions = '';
  this.binaryType = 'blob';
  this._listeners = {};
  c.on('transport', function (e) { self.transport = e.to; });
  c.on('open', function () {
    if (!self.readyState) {
      self.readyState = 1;
      self.protocol = c.protocol;
      self._fire('open', {});
    }
  });
  c.on('message', function (d) {
    self._fire('message', { data: typeof d == 'string' ? d : JSON.stringify(d) });
  });
  c.on('error', function (e) {
    self._fire('error', { code: e.code, message: e.message });
  });
  c.on('close', function (e) {
    // No subprotocol in common: what a browser reports when the server names none of those it asked for.
    var np = e.reason == 'unsupported_protocol', code = np ? 1006 : e.code;
    self.readyState = 2;
    // Like the browser's, the close event is a later task: readyState is CLOSING until then. Refusals
    // (1006, 1009, 1011 and Duplex's 44xx codes) are not clean closes.
    c._options.setTimeout(function () {
      self.readyState = 3;
      self._fire('close', { code: code, reason: np ? '' : e.reason, wasClean: code < 1002 || code > 2999 && (code < 4400 || code > 4499) });
    }, 0);
  });
}

var D = DuplexWebSocket.prototype;

WS_STATES.forEach(function (name, n) { DuplexWebSocket[name] = D[name] = n; });

/** Characters of text messages sent but not yet acknowledged by the server (the browser's counts bytes
 * not yet handed to the network). */
Object.defineProperty(D, 'bufferedAmount', {
  get: function () {
    var items = this.channel._queue.items, n = 0, j;
    for (j = 0; j < items.length; j++) if (items[j].t == 'msg') n += items[j].d.length;
    return n;
  }
});

function domError(name) {
  var e = new Error(name);
  e.name = name;
  return e;
}

/** Sends a text message; throws InvalidStateError while CONNECTING, ignored once closing. A message the
 * channel refuses (over maxMessage, queue full) fires 'error'. */
D.send = function (text) {
  if (!this.readyState) throw domError('InvalidStateError');
  if (this.readyState == 1) this.channel.send('' + text);
};

/** Closes; code must be 1000 or 3000-4999 (InvalidAccessError otherwise). */
D.close = function (code, reason) {
  if (code !== undefined && code != 1000 && !(code >= 3000 && code <= 4999)) throw domError('InvalidAccessError');
  if (this.readyState > 1) return;
  this.readyState = 2; // CLOSING while the channel waits for the server's close
  this.channel.close(code, reason);
};

D.addEventListener = function (type, fn) {
  var a = this._listeners[type] = this._listeners[type] || [];
  if (a.indexOf(fn) < 0) a.push(fn);
};

D.removeEventListener = function (type, fn) {
  var a = this._listeners[type] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
};

D._fire = function (type, ev) {
  var a = (this._listeners[type] || []).slice(), i;
  ev.type = type;
  ev.target = ev.currentTarget = this;
  if (typeof this['on' + type] == 'function') this['on' + type](ev);
  for (i = 0; i < a.length; i++) a[i].call(this, ev);
};

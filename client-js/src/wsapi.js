/* Duplex.WebSocket: the W3C WebSocket surface for text messages, carried by a Duplex channel, so code
 * written for WebSocket gains fallback, resume and exactly-once delivery unchanged. Each text message is
 * one channel message whose payload d is that string. */
var WS_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * @param {string} url the Duplex mount path (not a ws:// URL)
 * @param {(string|Array|Object)=} protocols ignored (no subprotocols); an object here is taken as options
 * @param {Object=} opts channel options
 * @constructor
 */
function DuplexWebSocket(url, protocols, opts) {
  var self = this, c;
  if (protocols && typeof protocols == 'object' && !(protocols instanceof Array)) opts = protocols;
  c = this._c = new Channel(url, opts);
  this.url = c._base;
  this.readyState = 0;
  this.protocol = this.extensions = '';
  this.bufferedAmount = 0;
  this.binaryType = 'blob';
  this._l = {};
  c.on('open', function () {
    if (!self.readyState) {
      self.readyState = 1;
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
    self.readyState = 2;
    // Like the browser's, the close event is a later task: readyState is CLOSING until then.
    c._o.setTimeout(function () {
      self.readyState = 3;
      self._fire('close', { code: e.code, reason: e.reason, wasClean: true });
    }, 0);
  });
}

var D = DuplexWebSocket.prototype;

for (var i = 0; i < 4; i++) DuplexWebSocket[WS_STATES[i]] = D[WS_STATES[i]] = i;

function domError(name) {
  var e = new Error(name);
  e.name = name;
  return e;
}

/** Sends a text message; throws InvalidStateError while CONNECTING, ignored once closing. */
D.send = function (text) {
  if (!this.readyState) throw domError('InvalidStateError');
  if (this.readyState == 1) this._c.send('' + text);
};

/** Closes; code must be 1000 or 3000-4999 (InvalidAccessError otherwise). */
D.close = function (code, reason) {
  if (code !== undefined && code != 1000 && !(code >= 3000 && code <= 4999)) throw domError('InvalidAccessError');
  if (this.readyState < 2) this._c.close(code, reason);
};

D.addEventListener = function (type, fn) {
  var a = this._l[type] = this._l[type] || [];
  if (a.indexOf(fn) < 0) a.push(fn);
};

D.removeEventListener = function (type, fn) {
  var a = this._l[type] || [], i = a.indexOf(fn);
  if (i > -1) a.splice(i, 1);
};

D._fire = function (type, ev) {
  var a = (this._l[type] || []).slice(), i;
  ev.type = type;
  ev.target = ev.currentTarget = this;
  if (typeof this['on' + type] == 'function') this['on' + type](ev);
  for (i = 0; i < a.length; i++) a[i].call(this, ev);
};

/* The public surface. */

/**
 * Opens a channel to the Duplex handler mounted at url.
 * @param {string} url mount path, relative ("/app/echo") or absolute ("https://host/app/echo")
 * @param {Object=} opts see duplex.d.ts
 * @return {Channel}
 */
function connect(url, opts) {
  return new Channel(url, opts);
}

var Duplex = { connect: connect, Channel: Channel, WebSocket: DuplexWebSocket, version: '0.1.0' };

/* The channel's life cycle (connecting, open, reconnecting, closed) as an explicit transition table. Every change goes through setState, which
 * refuses any move the table does not list: an illegal move is a bug in the client, never a network event.
 * A graceful close is no state of its own: the channel stays open (its _closing flag set) until the server's
 * close frame, closeTimeout or a transport failure, so State in duplex.d.ts keeps its four values. */
var TRANSITIONS = {
  connecting: { open: 1, reconnecting: 1, closed: 1 },
  open: { reconnecting: 1, closed: 1 },
  reconnecting: { open: 1, closed: 1 },
  closed: {}
};

/** Whether the table allows from -> to. */
function canTransition(from, to) {
  return !!(TRANSITIONS[from] && TRANSITIONS[from][to]);
}

/** Moves obj (a channel) to state `to`, emitting 'state' {from, to}; throws on an illegal move. */
function setState(obj, to) {
  var from = obj.state;
  if (!canTransition(from, to)) throw new Error('duplex: illegal state ' + from + '>' + to);
  obj.state = to;
  obj._emit('state', { from: from, to: to });
}

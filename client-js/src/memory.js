/* Per-tab memory (sessionStorage) that WebSocket failed for this endpoint, why, and until when. While
 * remembered, the upgrade is not even tried: a tab behind a proxy that eats WebSockets should not pay a
 * timeout on every page. Storage may be missing or throw (privacy modes), hence the try blocks. */
function store(o) {
  return o.sessionStorage || G.sessionStorage;
}

function memGet(o, base) {
  try {
    var m = JSON.parse(store(o).getItem('duplex.ws ' + base));
    if (m.until > o.now()) return m;
  } catch (e) { /* none */ }
  return null;
}

function memSet(o, base, why) {
  try {
    store(o).setItem('duplex.ws ' + base, JSON.stringify({ why: why, until: o.now() + o.wsFailureMemoryMs }));
  } catch (e) { /* no storage: just no memory */ }
}

function memClear(o, base) {
  try { store(o).removeItem('duplex.ws ' + base); } catch (e) { /* no storage */ }
}

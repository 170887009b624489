/* Per-tab memory (sessionStorage) that WebSocket failed for this endpoint, why, and until when. While
 * remembered, the upgrade is not even tried: a tab behind a proxy that eats WebSockets should not pay a
 * timeout on every page. Storage may be missing or throw (privacy modes), hence the try blocks. */
function store(c) {
  return c._o.sessionStorage || G.sessionStorage;
}

function memGet(c) {
  try {
    var m = JSON.parse(store(c).getItem('duplex.ws ' + c._base));
    if (m.until > c._o.now()) return m;
  } catch (e) { /* none */ }
  return null;
}

function memSet(c, why) {
  try {
    store(c).setItem('duplex.ws ' + c._base, JSON.stringify({ why: why, until: c._o.now() + c._o.wsFailureMemoryMs }));
  } catch (e) { /* no storage: just no memory */ }
}

function memClear(c) {
  try { store(c).removeItem('duplex.ws ' + c._base); } catch (e) { /* no storage */ }
}

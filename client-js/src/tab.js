/* Surviving a reload (opt-in, {resume: 'tab'}). On pagehide the channel parks its session in this tab's
 * sessionStorage instead of closing it: the ids, the server's seq it accepted, its own unacked frames and
 * its topics. The next page of the tab that connects to the same mount takes it (once: a second page, or a
 * duplicated tab later, starts afresh) and resumes the session, so the server replays what it sent in the
 * meantime and the handler sees neither a close nor an open. Past the server's window the resume gets
 * unknown_session, and the channel reports a reset like any expired session. The token is stored too:
 * any script of this origin in this tab can read it (the README weighs that trade-off). */
function tabKey(base) {
  return 'duplex.tab ' + base;
}

/* True when the session was stored. */
function tabSave(o, base, parked) {
  try {
    store(o).setItem(tabKey(base), JSON.stringify(parked));
    return true;
  } catch (e) {
    return false; // no storage (privacy modes): the channel closes as usual
  }
}

/* The session the previous page of this tab parked for base, or null; taken out of storage either way. */
function tabTake(o, base) {
  var parked = null;
  try {
    parked = JSON.parse(store(o).getItem(tabKey(base)));
    store(o).removeItem(tabKey(base));
  } catch (e) { /* none */ }
  return parked;
}

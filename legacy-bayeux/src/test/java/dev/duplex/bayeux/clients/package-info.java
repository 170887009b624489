/** Scenarios driven by real, unmodified third-party Bayeux clients: CometD's Java client and cometd.js. */
package dev.duplex.bayeux.clients;

/**
 * Wire-level checks of the Bayeux front door with no client library ({@code java.net.http} only): refusals,
 * limits, origins, session binding and JSONP, as status codes and Bayeux error replies.
 */
package dev.duplex.bayeux.wire;

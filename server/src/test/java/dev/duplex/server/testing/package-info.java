/**
 * Test infrastructure shared by the server's tests and, through the server's test-jar, by the hostile-tests
 * module: a real Jetty, a protocol client, an injected clock, condition waits, the delivery oracle and the
 * resource check every scenario ends with.
 */
package dev.duplex.server.testing;

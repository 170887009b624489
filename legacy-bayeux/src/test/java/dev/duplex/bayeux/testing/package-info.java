/** A real embedded Jetty with a Duplex hub and its Bayeux front door, and a chat handler that records. */
package dev.duplex.bayeux.testing;

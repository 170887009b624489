/**
 * Hostile-network scenarios for the Duplex server: a real Jetty behind faultkit's fault proxy, driven by the
 * server's protocol client. Every delivery scenario is judged by the shared delivery oracle and ends with the
 * resource check; sub-packages group the scenarios by what they break.
 */
package dev.duplex.hostile;

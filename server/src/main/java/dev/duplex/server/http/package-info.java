/**
 * The HTTP edge shared by both transports: routing of a mount's paths, the origin policy and CORS, the
 * handshake snapshot, bounded body reading, and JSON error responses.
 */
package dev.duplex.server.http;

/**
 * Bayeux 1.0 on the wire: parsing and writing message batches, the channel kinds, the mapping between
 * Bayeux channels and Duplex topics, and wildcard patterns. No container API and no session state here.
 */
package dev.duplex.bayeux.message;

/**
 * The Bayeux protocol engine, free of container APIs: each Bayeux client is one ordinary Duplex session, and
 * {@link dev.duplex.bayeux.engine.LegacyClient} is that session's transport. Bayeux messages become Duplex
 * frames ({@code sub}, {@code unsub}, {@code pub}, {@code msg}, {@code close}) fed through the session's
 * inbox, so the application's handler, authorizers and topics see a Bayeux client as any other channel;
 * the session's outbox, numbered and acknowledged, feeds {@code /meta/connect} replies, so replay after a
 * lost reply comes from the same machinery as for {@code duplex.js}.
 */
package dev.duplex.bayeux.engine;

/**
 * The Bayeux (CometD) front door's public API: {@link dev.duplex.bayeux.DuplexBayeux} mounts it beside a
 * Duplex hub, {@link dev.duplex.bayeux.BayeuxOptions} tunes it, and {@link dev.duplex.bayeux.BayeuxCall}
 * lets a {@code ChannelHandler} answer CometD {@code remoteCall}s. The other packages are internal.
 */
package dev.duplex.bayeux;

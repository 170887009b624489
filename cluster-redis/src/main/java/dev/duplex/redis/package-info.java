/**
 * Duplex on many nodes over Redis 7 (docs/cluster.md): {@link dev.duplex.redis.RedisCluster} keeps each session
 * on one node and forwards or moves requests that land elsewhere (one {@code locate.lua} round trip, node
 * channels, heartbeats, hand-off snapshots that exactly one node takes); {@link dev.duplex.redis.RedisBroker}
 * carries topics, each publish numbered by one Lua script so that every gap is filled or announced. Both come
 * from {@link dev.duplex.redis.RedisClusterFactory}, which the core finds with {@link java.util.ServiceLoader}.
 */
package dev.duplex.redis;

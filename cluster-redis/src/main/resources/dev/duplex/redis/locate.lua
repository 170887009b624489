-- Finds where a session is, for a request that landed on a node that does not hold it, in one round trip.
-- KEYS[1] the session's hand-off snapshot, KEYS[2] messages queued for that snapshot, KEYS[3] the session's owner
-- if it moved, KEYS[4] when this Redis's memory of the mount began (its time in ms, set by the first locate it runs;
-- 0 if a node started on it).
-- ARGV[1] this node, ARGV[2] the node the session id names, ARGV[3] the prefix of node heartbeat
-- keys, ARGV[4] the prefix of node channels, ARGV[5] the message for the owner, ARGV[6] the owner key's TTL (ms),
-- ARGV[7] a message for the session to queue on its snapshot, or '' to take the snapshot, ARGV[8] the node timeout
-- (ms), ARGV[9] the prefix of the keys that note since when a node's heartbeat is missing, ARGV[10] how long it must
-- stay missing (ms) before the node counts as dead, ARGV[11] the set of nodes that joined.
-- Replies {'adopt', snapshot, queued messages}, {'queued'}, {'sent', owner, the owner's life (its heartbeat's value,
-- new each time the node starts)}, {'dead', owner}, {'unsure', owner} (what is missing may be Redis's loss, not the
-- node's death or the session's end: try again) or {'none'}.
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
redis.call('SET', KEYS[4], now, 'NX')
local snapshot = redis.call('GET', KEYS[1])
if snapshot then
  if ARGV[7] ~= '' then
    redis.call('RPUSH', KEYS[2], ARGV[7])
    redis.call('PEXPIRE', KEYS[2], math.max(redis.call('PTTL', KEYS[1]), 1))
    return {'queued'}
  end
  -- Taken and deleted in one script: of any number of nodes racing for it, exactly one gets it.
  redis.call('DEL', KEYS[1])
  local queued = redis.call('LRANGE', KEYS[2], 0, -1)
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[6])
  return {'adopt', snapshot, queued}
end
local moved = redis.call('GET', KEYS[3])
local owner = moved or ARGV[2]
-- A Redis that restarted empty less than a node timeout ago may not have the nodes' next beats yet, which write
-- their heartbeats and the owner keys of the sessions they took again: what is missing then is unsure (try
-- again), not gone (which ends the session).
local young = now - tonumber(redis.call('GET', KEYS[4])) < tonumber(ARGV[8])
if owner == ARGV[1] or owner == '' then
  if young and not moved and owner ~= '' then
    return {'unsure', owner}
  end
  return {'none'}
end
local life = redis.call('GET', ARGV[3] .. owner)
if not life then
  if young then
    return {'unsure', owner}
  end
  if redis.call('SISMEMBER', ARGV[11], owner) == 0 then
    return {'dead', owner} -- it left (its goodbye took it out of the set), or it never joined
  end
  -- Dead, or alive while Redis lost its heartbeat (frozen past the key's TTL): a live node beats again within a
  -- beat, and its beat deletes this note, so only a heartbeat missing for longer is death.
  local since = redis.call('GET', ARGV[9] .. owner)
  if not since then
    redis.call('SET', ARGV[9] .. owner, now, 'PX', ARGV[6])
    return {'unsure', owner}
  end
  if now - tonumber(since) < tonumber(ARGV[10]) then
    return {'unsure', owner}
  end
  return {'dead', owner}
end
redis.call('PUBLISH', ARGV[4] .. owner, ARGV[5])
return {'sent', owner, life}

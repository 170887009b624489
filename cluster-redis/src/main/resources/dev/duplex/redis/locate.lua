-- Finds where a session is, for a request that landed on a node that does not hold it, in one round trip.
-- KEYS[1] the session's hand-off snapshot, KEYS[2] messages queued for that snapshot, KEYS[3] the session's owner
-- if it moved. ARGV[1] this node, ARGV[2] the node the session id names, ARGV[3] the prefix of node heartbeat
-- keys, ARGV[4] the prefix of node channels, ARGV[5] the message for the owner, ARGV[6] the owner key's TTL (ms),
-- ARGV[7] a message for the session to queue on its snapshot, or '' to take the snapshot, ARGV[8] the prefix of
-- the keys that note since when a node's heartbeat is missing, ARGV[9] how long it must stay missing (ms) before
-- the node counts as dead, ARGV[10] the set of nodes that joined, ARGV[11] a key that exists once Redis has held
-- this mount's nodes for long, ARGV[12] a key that exists while that is not so (its data lost moments ago).
-- Replies {'adopt', snapshot, queued messages}, {'queued'}, {'sent', owner, the owner's life (its heartbeat's value,
-- new each time the node starts)}, {'dead', owner}, {'unsure', owner} (its heartbeat is missing, but not for long
-- enough to tell a dead node from a live one whose key Redis lost) or {'none'}.
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
local owner = redis.call('GET', KEYS[3]) or ARGV[2]
if owner == ARGV[1] or owner == '' then
  return {'none'}
end
local life = redis.call('GET', ARGV[3] .. owner)
if not life then
  -- Dead, or alive while Redis lost its heartbeat (restarted empty, or frozen past the key's TTL): a live node
  -- beats again within a beat, and its beat deletes the note, so only a heartbeat missing for longer is death.
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local since = redis.call('GET', ARGV[8] .. owner)
  if not since then
    if redis.call('SISMEMBER', ARGV[10], owner) == 0 and redis.call('EXISTS', ARGV[11]) == 1
        and redis.call('EXISTS', ARGV[12]) == 0 then
      return {'dead', owner} -- no such node: it never joined, and Redis has not just lost what it knew
    end
    redis.call('SET', ARGV[8] .. owner, now, 'PX', ARGV[6])
    return {'unsure', owner}
  end
  if now - tonumber(since) < tonumber(ARGV[9]) then
    return {'unsure', owner}
  end
  return {'dead', owner}
end
redis.call('PUBLISH', ARGV[4] .. owner, ARGV[5])
return {'sent', owner, life}

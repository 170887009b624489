-- One topic publish, atomically: the offset, the epoch, the history and the PUBLISH in one round trip.
-- KEYS[1] the topic's meta hash (e = epoch, o = offset), KEYS[2] its history list
-- ARGV[1] the pub/sub channel, ARGV[2] the payload (JSON), ARGV[3] history size, ARGV[4] history TTL (s),
-- ARGV[5] meta TTL (s)
-- Returns the new offset. The message is "<offset> <epoch> <payload>".
local epoch = redis.call('hget', KEYS[1], 'e')
if not epoch then
  -- A new stream (first publish, meta expired, or Redis restarted empty): a new epoch tells subscribers that
  -- offsets start again, so they cannot mistake the new stream's offsets for the old one's.
  local now = redis.call('time')
  epoch = now[1] .. string.format('%06d', tonumber(now[2]))
  redis.call('hset', KEYS[1], 'e', epoch)
end
local offset = redis.call('hincrby', KEYS[1], 'o', 1)
local message = offset .. ' ' .. epoch .. ' ' .. ARGV[2]
local size = tonumber(ARGV[3])
if size > 0 then
  redis.call('rpush', KEYS[2], message)
  redis.call('ltrim', KEYS[2], -size, -1)
  redis.call('expire', KEYS[2], ARGV[4])
end
redis.call('expire', KEYS[1], ARGV[5])
redis.call('publish', ARGV[1], message)
return offset

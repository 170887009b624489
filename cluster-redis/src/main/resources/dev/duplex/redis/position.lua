-- Where a topic's stream stands, and its history after an offset, read together.
-- KEYS[1] the topic's meta hash, KEYS[2] its history list; ARGV[1] the offset the caller has (0 for none)
-- Returns {epoch or false, offset, {messages with a greater offset, oldest first}}.
local epoch = redis.call('hget', KEYS[1], 'e')
if not epoch then
  return {false, 0, {}}
end
local offset = tonumber(redis.call('hget', KEYS[1], 'o'))
local since = tonumber(ARGV[1])
local after = {}
if since < offset then
  local all = redis.call('lrange', KEYS[2], 0, -1)
  for _, message in ipairs(all) do
    if tonumber(string.match(message, '^%d+')) > since then
      after[#after + 1] = message
    end
  end
end
return {epoch, offset, after}

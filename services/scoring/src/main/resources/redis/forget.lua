-- Erases a person: marks it gone (so that no script writes for it again), then deletes every key
-- it has, including the cap keys listed in its cap key set (same hash tag, so the same slot).
-- Returns the memberships it had (flat segment id, entry list), for the LEFT transitions.
-- KEYS: 1 gone, 2 memberships, 3 cap key set, 4.. the person's other keys
-- ARGV: 1 forgotten at (ms)
redis.call('SET', KEYS[1], ARGV[1])
local memberships = redis.call('HGETALL', KEYS[2])
for _, key in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('DEL', key)
end
for k = 2, #KEYS do
  redis.call('DEL', KEYS[k])
end
return memberships

-- Stores the memberships an evaluation decided (and, for an observed event, the transitions it
-- caused, next to the event's result, for redeliveries) and releases the evaluation's lease, if
-- it still holds it.
-- KEYS: 1 memberships, 2 lease, 3 results
-- ARGV: 1 lease token, 2 event id ('' = none), 3 transitions recorded for it, 4 count of entries
--       to set, then (segment id, entry)..., then segment ids to remove
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 'LOST'
end
if ARGV[2] ~= '' then
  redis.call('HSETNX', KEYS[3], 't:' .. ARGV[2], ARGV[3])
end
local set = tonumber(ARGV[4])
for k = 0, set - 1 do
  redis.call('HSET', KEYS[1], ARGV[5 + 2 * k], ARGV[6 + 2 * k])
end
for k = 5 + 2 * set, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[k])
end
redis.call('DEL', KEYS[2])
return 'OK'

-- Frees held reservations (released, voided) by their ids, whatever instant their held members
-- carry (see commit.lua). KEYS: contacts, held, meta.  ARGV: members...
redis.call('HINCRBY', KEYS[3], 'epoch', 1)
local ids = {}
for _, m in ipairs(ARGV) do
  ids[string.match(m, '^([^|]*)|')] = true
end
local removed = 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if ids[string.match(m, '^([^|]*)|')] then
    removed = removed + redis.call('ZREM', KEYS[2], m)
  end
end
return removed

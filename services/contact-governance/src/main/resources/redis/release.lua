-- Frees held reservations (released, voided). KEYS: contacts, held, meta.  ARGV: members...
redis.call('HINCRBY', KEYS[3], 'epoch', 1)
local removed = 0
for _, m in ipairs(ARGV) do
  removed = removed + redis.call('ZREM', KEYS[2], m)
end
return removed

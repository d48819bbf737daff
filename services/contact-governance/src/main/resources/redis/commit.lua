-- A held reservation became a contact (or an external contact was recorded): count it as made.
-- Runs even when the counters are not loaded (it then only bumps the epoch, so that a rebuild
-- reading the ledger concurrently starts over instead of loading a stale picture).
-- KEYS: contacts, held, meta.  ARGV: heldMember ('' when none), contactMember, atMs, keyTtlMs
-- The reservation is freed by its id, whatever instant its held member carries: a reserve retried
-- after its first try's answer was lost holds it under the retry's instant (see reserve.lua).
redis.call('HINCRBY', KEYS[3], 'epoch', 1)
if ARGV[1] ~= '' then
  local prefix = string.match(ARGV[1], '^[^|]*|')
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if string.sub(m, 1, #prefix) == prefix then
      redis.call('ZREM', KEYS[2], m)
    end
  end
end
if redis.call('HEXISTS', KEYS[3], 'loadedFrom') == 1 then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[2])
end
local ttl = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
return 1

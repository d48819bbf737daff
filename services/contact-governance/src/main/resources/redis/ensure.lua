-- A granted reservation is now durable in MongoDB: hold it until its own expiry. A rebuild that
-- ran while its grant was in flight held it only briefly (see LiveCounters.rebuild).
-- Bumps the epoch so that a rebuild reading MongoDB concurrently starts over and sees it HELD.
-- KEYS: contacts, held, meta.  ARGV: member, expiresAtMs
redis.call('HINCRBY', KEYS[3], 'epoch', 1)
if redis.call('HEXISTS', KEYS[3], 'loadedFrom') == 1 then
  redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[1])
end
return 1

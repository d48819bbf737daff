-- The person's change mark, read before a rebuild reads the ledger: the generation of the counters
-- and the epoch every reserve step, commit, release and consent change bumps. The generation is chosen at
-- random when Redis has none (a first rebuild, or after Redis lost the person's keys), so a
-- rebuild that read the mark before a loss never finds it again afterwards and reads the ledger
-- again, however the epoch counted meanwhile (it restarts from nothing after a loss).
-- KEYS: contacts, held, meta.  ARGV: a fresh random generation
redis.call('HSETNX', KEYS[3], 'gen', ARGV[1])
if redis.call('PTTL', KEYS[3]) == -1 then
  -- a person whose rebuild never completes leaves no key behind (a load sets the real expiry)
  redis.call('PEXPIRE', KEYS[3], 86400000)
end
return redis.call('HGET', KEYS[3], 'gen') .. ':' .. (redis.call('HGET', KEYS[3], 'epoch') or '0')

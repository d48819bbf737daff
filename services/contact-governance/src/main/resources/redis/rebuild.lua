-- Loads a person's counters from the ledger and the held reservations, unless anything touched the
-- person since the caller read the change mark (epoch.lua), or Redis lost the person's keys since
-- (then the generation differs): then the caller reads the ledger again.
-- KEYS: contacts, held, meta.  ARGV: expected mark, loadedFrom, consentRev, keyTtlMs, nContacts,
--   [score, member] * nContacts, then [score, member] held...
local gen = redis.call('HGET', KEYS[3], 'gen')
if not gen or (gen .. ':' .. (redis.call('HGET', KEYS[3], 'epoch') or '0')) ~= ARGV[1] then
  return 'RETRY'
end
redis.call('DEL', KEYS[1], KEYS[2])
local nContacts = tonumber(ARGV[5])
local i = 6
for n = 1, nContacts do
  redis.call('ZADD', KEYS[1], tonumber(ARGV[i]), ARGV[i + 1])
  i = i + 2
end
while i < #ARGV do
  redis.call('ZADD', KEYS[2], tonumber(ARGV[i]), ARGV[i + 1])
  i = i + 2
end
redis.call('HSET', KEYS[3], 'loadedFrom', ARGV[2], 'consentRev', ARGV[3])
local ttl = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
return 'OK'

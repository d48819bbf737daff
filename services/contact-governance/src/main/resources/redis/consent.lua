-- A consent change that blocks contacts: raise the consent fence so that no reservation decided on
-- the older consent can still be granted, and free the held reservations it blocks.
-- KEYS: contacts, held, meta.  ARGV: consentRev, channel ('' = every channel), categoryLetters
local rev = tonumber(ARGV[1])
local stored = tonumber(redis.call('HGET', KEYS[3], 'consentRev') or '0')
if rev > stored then
  redis.call('HSET', KEYS[3], 'consentRev', rev)
end
redis.call('HINCRBY', KEYS[3], 'epoch', 1)
local removed = {}
if ARGV[3] ~= '' then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local id, at, ch, div, cat = string.match(m, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
    if (ARGV[2] == '' or ch == ARGV[2]) and string.find(ARGV[3], cat, 1, true) then
      redis.call('ZREM', KEYS[2], m)
      removed[#removed + 1] = id
    end
  end
end
return removed

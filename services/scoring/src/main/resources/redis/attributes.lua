-- Stores the profile attributes pushed for a person, in one step: refuses a forgotten person
-- (answers its gone mark, which for a person merged away names the survivor), answers NEW for a
-- person Redis does not know yet (the caller checks the tombstones and registers it first), and
-- replaces the held snapshot only with a newer one. Versions are compared per person the snapshot
-- was pushed for; one pushed for a merged-away person (reaching its survivor) never replaces a
-- snapshot pushed for the survivor itself, whose own snapshot is the merged one.
-- KEYS: 1 gone, 2 attributes, 3 features
-- ARGV: 1 person the snapshot was pushed for, 2 this person, 3 version (decimal, >= 1),
--       4 attributes (JSON object), 5 now (ms), 6 new person checked (0/1)
-- Reply: {'GONE', mark} | {'NEW'} | {'OK', version} | {'HELD', version} (this very version is
-- held already) | {'STALE', held version}
local gone = redis.call('GET', KEYS[1])
if gone then
  return {'GONE', gone}
end
if ARGV[6] == '0' and redis.call('EXISTS', KEYS[3]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  return {'NEW'}
end
-- decimal strings without leading zeros compare exactly by length, then character by character
local function newer(a, b)
  return #a > #b or (#a == #b and a > b)
end
local held = redis.call('HMGET', KEYS[2], 'v', 'p')
local version, pushedFor = held[1], held[2]
if version then
  if ARGV[1] ~= ARGV[2] and pushedFor == ARGV[2] then
    return {'STALE', version}
  end
  if pushedFor == ARGV[1] and version == ARGV[3] then
    return {'HELD', version}
  end
  if pushedFor == ARGV[1] and not newer(ARGV[3], version) then
    return {'STALE', version}
  end
end
redis.call('HSET', KEYS[2], 'v', ARGV[3], 'p', ARGV[1], 'j', ARGV[4], 't', ARGV[5])
return {'OK', ARGV[3]}

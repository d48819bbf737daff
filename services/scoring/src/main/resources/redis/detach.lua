-- First step of merging a person away: under the person's evaluation lease, freezes it by setting
-- its gone mark to the alias ('=>' and the survivor's id: from then on every script answers GONE
-- with the alias, so events go to the survivor) and returns everything it holds, key by key, for
-- the survivor to absorb. Repeating it (a redelivered merge) returns what is still there.
-- KEYS: 1 gone, 2 lease, 3 features, 4 cap key set, 5.. the person's other keys to hand over
-- ARGV: 1 alias, 2 lease token, 3 lease ms
-- Reply: {'GONE', mark} | {'NONE'} | {'BUSY'} | {'OK', key, type, flat content, key, type, ...}
local gone = redis.call('GET', KEYS[1])
if gone and gone ~= ARGV[1] then
  return {'GONE', gone}
end
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  return {'NONE'}
end
if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return {'BUSY'}
end
redis.call('SET', KEYS[1], ARGV[1])
local keys = {KEYS[3]}
for k = 5, #KEYS do
  keys[#keys + 1] = KEYS[k]
end
for _, key in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  keys[#keys + 1] = key
end
local out = {'OK'}
for _, key in ipairs(keys) do
  local t = redis.call('TYPE', key)['ok']
  local content
  if t == 'hash' then
    content = redis.call('HGETALL', key)
  elseif t == 'zset' then
    content = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  end
  if content then
    out[#out + 1] = key
    out[#out + 1] = t
    out[#out + 1] = content
  end
end
return out

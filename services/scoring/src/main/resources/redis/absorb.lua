-- Second step of a merge: the survivor absorbs what the merged-away person held, once per merge
-- (the merge id is recorded in the survivor's merged-from hash in the same step) and only if the
-- survivor observed no event since its state was read (its event count is unchanged; otherwise
-- RETRY: the caller reads again and recomputes the scores).
-- The survivor's profile attributes are its own: the merged person's are not handed over.
-- Rules: scores as computed by the caller (the decayed sum at the merge instant, clamped);
-- features 'first' earliest, 'last'/'lp'/'r:*' latest, counts 'n'/'pc' and amounts 'a:*' add up;
-- other hashes (sessions, event results) keep the survivor's entry when both have one; sorted sets
-- (recent and retained events, contributions, purchases, sessions, caps) are united, the retained
-- events trimmed to the retained count again.
-- KEYS: 1 merged-from, 2 features, 3 scores, 4 cap key set, 5 retained events, 6 gone, 7.. the
--       survivor's keys matching the handed-over ones, in order
-- ARGV: 1 merge id, 2 merge instant (ms), 3 expected event count ('0' when the survivor has none),
--       4 retained count, 5 score count, (name, packed state)..., then per handed-over key: suffix,
--       type, item count, items...
-- Reply: 'GONE' (the survivor was forgotten or merged away itself), 'DONE' (absorbed before),
-- 'RETRY' or 'OK'
if redis.call('EXISTS', KEYS[6]) == 1 then
  return 'GONE'
end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  return 'DONE'
end
if (redis.call('HGET', KEYS[2], 'n') or '0') ~= ARGV[3] then
  return 'RETRY'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local pos = 5
local function arg()
  pos = pos + 1
  return ARGV[pos]
end
for _ = 1, tonumber(ARGV[5]) do
  redis.call('HSET', KEYS[3], arg(), arg())
end
local function keep(field, v, wantMax)
  local cur = redis.call('HGET', KEYS[2], field)
  if not cur or (wantMax and tonumber(v) > tonumber(cur)) or (not wantMax and tonumber(v) < tonumber(cur)) then
    redis.call('HSET', KEYS[2], field, v)
  end
end
local k = 6
while pos < #ARGV do
  k = k + 1
  local suffix, t, n = arg(), arg(), tonumber(arg())
  local key = KEYS[k]
  for _ = 1, n / 2 do
    local a, b = arg(), arg()
    if suffix == 'f' then
      if a == 'first' then
        keep(a, b, false)
      elseif a == 'last' or a == 'lp' or string.sub(a, 1, 2) == 'r:' then
        keep(a, b, true)
      else
        redis.call('HINCRBY', KEYS[2], a, b)
      end
    elseif t == 'hash' then
      redis.call('HSETNX', key, a, b)
    else
      redis.call('ZADD', key, b, a)
    end
  end
  if string.sub(suffix, 1, 2) == 'c:' then
    redis.call('SADD', KEYS[4], key)
  end
end
local held = redis.call('ZCARD', KEYS[5])
local keepCount = tonumber(ARGV[4])
if held > keepCount then
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, held - keepCount - 1)
end
return 'OK'

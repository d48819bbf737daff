-- Takes capacity for one person atomically: every counting rule of every item is checked against
-- the person's contacts (made and held) and the items granted before it in this call; granted
-- items become held reservations. With no items it only returns the snapshot (eligibility check).
-- All keys share the person's hash tag, so the script runs unchanged on Redis Cluster.
--
-- KEYS[1] contacts zset (score = contacted at, ms)   KEYS[2] held zset (score = expires at, ms)
-- KEYS[3] meta hash: loadedFrom (ms), consentRev, epoch (bumped by every step with items, granted or
--   refused, so that a rebuild that read MongoDB before the step starts over)
-- ARGV: now, requiredFrom, consentRev, keyTtlMs, trimBefore, nItems, then per item:
--   member, expiresAt, mayGrant (1/0), nCounters, [channel, division, campaign, categories, windowMs, limit]...,
--   nGaps, [channel, gapMs]...
-- Member: id|atMs|CHANNEL|division|categoryLetter|campaign  (empty filter field = any)
-- Returns {"REBUILD"} | {"CONSENT_STALE"} | {"OK", grants ("1"/"0" per item), nContacts, contacts..., held...}
local now = tonumber(ARGV[1])
local loadedFrom = redis.call('HGET', KEYS[3], 'loadedFrom')
if not loadedFrom or tonumber(loadedFrom) > tonumber(ARGV[2]) then
  return {'REBUILD'}
end
local storedRev = tonumber(redis.call('HGET', KEYS[3], 'consentRev') or '0')
if storedRev > tonumber(ARGV[3]) then
  return {'CONSENT_STALE'}
end
local nItems = tonumber(ARGV[6])
if nItems > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  local trimBefore = tonumber(ARGV[5])
  if trimBefore > tonumber(loadedFrom) then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. trimBefore)
    redis.call('HSET', KEYS[3], 'loadedFrom', trimBefore)
  end
end

local function parse(m)
  local id, at, ch, div, cat, camp = string.match(m, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {id = id, at = tonumber(at), ch = ch, div = div, cat = cat, camp = camp}
end

-- Parse the items first: their own ids never count against themselves (a retried reservation).
local items = {}
local own = {}
local i = 7
for n = 1, nItems do
  local item = {member = ARGV[i], expiresAt = tonumber(ARGV[i + 1]), mayGrant = ARGV[i + 2] == '1'}
  i = i + 3
  item.c = parse(item.member)
  own[item.c.id] = true
  item.counters = {}
  local nCounters = tonumber(ARGV[i]); i = i + 1
  for k = 1, nCounters do
    item.counters[k] = {ch = ARGV[i], div = ARGV[i + 1], camp = ARGV[i + 2], cats = ARGV[i + 3],
      window = tonumber(ARGV[i + 4]), limit = tonumber(ARGV[i + 5])}
    i = i + 6
  end
  item.gaps = {}
  local nGaps = tonumber(ARGV[i]); i = i + 1
  for k = 1, nGaps do
    item.gaps[k] = {ch = ARGV[i], gap = tonumber(ARGV[i + 1])}
    i = i + 2
  end
  items[n] = item
end

local contacts = redis.call('ZRANGE', KEYS[1], 0, -1)
local held = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf')
local counted = {}
local snapshotHeld = {}
-- A reservation id holds one slot at most: a reserve retried after its first try's answer was lost
-- (the process stopped, or MongoDB went away before the answer was stored) asks again under a later
-- instant; its earlier member is replaced, not left holding capacity until it expires.
local earlier = {}
for _, m in ipairs(contacts) do
  counted[#counted + 1] = parse(m)
end
for _, m in ipairs(held) do
  local c = parse(m)
  if not own[c.id] then
    counted[#counted + 1] = c
    snapshotHeld[#snapshotHeld + 1] = m
  else
    earlier[#earlier + 1] = {id = c.id, member = m}
  end
end

local function matches(c, ch, div, camp)
  return (ch == '' or c.ch == ch) and (div == '' or c.div == div) and (camp == '' or c.camp == camp)
end

local grants = {}
for n, item in ipairs(items) do
  local t = item.c.at
  local ok = item.mayGrant
  if ok then
    for _, rule in ipairs(item.counters) do
      local count = 0
      for _, c in ipairs(counted) do
        if string.find(rule.cats, c.cat, 1, true) and matches(c, rule.ch, rule.div, rule.camp)
            and math.abs(c.at - t) < rule.window then
          count = count + 1
        end
      end
      if count >= rule.limit then ok = false break end
    end
  end
  if ok then
    for _, rule in ipairs(item.gaps) do
      for _, c in ipairs(counted) do
        if c.cat == 'M' and matches(c, rule.ch, '', '') and math.abs(c.at - t) < rule.gap then
          ok = false break
        end
      end
      if not ok then break end
    end
  end
  for _, e in ipairs(earlier) do
    if e.id == item.c.id and e.member ~= item.member then
      redis.call('ZREM', KEYS[2], e.member)
    end
  end
  if ok then
    redis.call('ZADD', KEYS[2], item.expiresAt, item.member)
    counted[#counted + 1] = item.c
    grants[n] = '1'
  else
    redis.call('ZREM', KEYS[2], item.member)
    grants[n] = '0'
  end
end
if nItems > 0 then
  -- every item changed the held set (a grant added it, a refusal removed it), so a rebuild that read
  -- MongoDB before this step must not load its picture: one read while a refused item was still
  -- stored there would hold that item again and refuse another request its capacity
  redis.call('HINCRBY', KEYS[3], 'epoch', 1)
end
if nItems > 0 then
  local ttl = tonumber(ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end

local out = {'OK', table.concat(grants, ''), tostring(#contacts)}
for _, m in ipairs(contacts) do out[#out + 1] = m end
for _, m in ipairs(snapshotHeld) do out[#out + 1] = m end
return out

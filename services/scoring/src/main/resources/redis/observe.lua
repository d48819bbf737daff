-- Observes one event for one person in one step: refuses a forgotten person, answers an event id
-- seen before with its first result, otherwise updates the behaviour features, awards the points
-- of the matched rules (caps counted, decay applied, value clamped each time points are added),
-- logs the contributions and records the result under the event id (its segment transitions
-- are recorded next to it, under 't:' and the id, once published). With a lease token, an
-- applied event then takes the person's evaluation lease and answers the state as state.lua
-- reads it (HELD), or BUSY while another evaluation holds the lease; the lease is given back by
-- commit.lua.
-- KEYS: 1 features, 2 scores, 3 events, 4 sessions, 5 session index, 6 retained events,
--       7 contributions, 8 results, 9 result index, 10 gone, 11 purchases, 12 cap key set,
--       13 memberships, 14 lease, 15 attributes, 16.. the cap keys of the matched rules
-- ARGV: 1 eventId, 2 nowMs, 3 new person checked (0/1), 4 occurredMs, 5 type, 6 channel,
--       7 traffic source, 8 session id, 9 page depth, 10 time on page, 11 page view (0/1),
--       12 currency ('' = none), 13 amount minor, 14 retained event (JSON), 15 feature window ms,
--       16 retention ms, 17 retained count, 18 result retention ms, 19 purchase window ms,
--       20 lease token ('' = no lease), 21 lease ms, 22 with retained events in the state (0/1),
--       23 with the recent events, sessions and purchases in the state (0/1), 24 score count, then per score: name, min, max, piece count, (from ms, half-life ms)...;
--       then rule count, then per rule: plan, version, rule, cap key index (0 = none), cap max,
--       cap window ms, points count, (score, points)...
local SEP = '\31'
local a = ARGV
local eventId, now = a[1], tonumber(a[2])
local gone = redis.call('GET', KEYS[10])
if gone then
  return {'GONE', gone}
end
local previous = redis.call('HGET', KEYS[8], eventId)
if previous then
  return {'DUP', previous, redis.call('HGET', KEYS[8], 't:' .. eventId) or ''}
end
if a[3] == '0' and redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NEW'}
end

local function num(x)
  return string.format('%.17g', x)
end
local function split(s)
  local out = {}
  for part in string.gmatch(s .. SEP, '(.-)' .. SEP) do
    out[#out + 1] = part
  end
  return out
end
local function trim(key, before)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. num(before))
end
local function keep(field, v, wantMax)
  local cur = redis.call('HGET', KEYS[1], field)
  if not cur or (wantMax and v > tonumber(cur)) or (not wantMax and v < tonumber(cur)) then
    redis.call('HSET', KEYS[1], field, num(v))
  end
end

local t, etype, channel, source, sid = tonumber(a[4]), a[5], a[6], a[7], a[8]
local depth, top, pageView = tonumber(a[9]), tonumber(a[10]), tonumber(a[11])
local window, retainMs, retainCount = tonumber(a[15]), tonumber(a[16]), tonumber(a[17])

-- behaviour features
keep('first', t, false)
keep('last', t, true)
redis.call('HINCRBY', KEYS[1], 'n', 1)
keep('r:' .. etype .. '|' .. channel, t, true)
if etype == 'purchase' then
  redis.call('HINCRBY', KEYS[1], 'pc', 1)
  keep('lp', t, true)
  if a[12] ~= '' then
    redis.call('HINCRBY', KEYS[1], 'a:' .. a[12], a[13])
  end
  redis.call('ZADD', KEYS[11], t, a[12] .. SEP .. a[13] .. SEP .. eventId)
end
trim(KEYS[11], now - tonumber(a[19]))
redis.call('ZADD', KEYS[3], t, etype .. SEP .. source .. SEP .. eventId)
trim(KEYS[3], now - window)
if sid ~= '' then
  local raw = redis.call('HGET', KEYS[4], sid)
  local s = {t, t, 0, 0, 0, source}
  if raw then
    s = split(raw)
    for k = 1, 5 do s[k] = tonumber(s[k]) end
  end
  if t < s[1] then
    s[1] = t
    s[6] = source
  end
  if t > s[2] then s[2] = t end
  s[3] = s[3] + pageView
  if depth > s[4] then s[4] = depth end
  s[5] = s[5] + top
  redis.call('HSET', KEYS[4], sid, table.concat({num(s[1]), num(s[2]), s[3], s[4], s[5], s[6]}, SEP))
  redis.call('ZADD', KEYS[5], s[2], sid)
end
local stale = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. num(now - window))
for _, id in ipairs(stale) do
  redis.call('HDEL', KEYS[4], id)
end
trim(KEYS[5], now - window)
redis.call('ZADD', KEYS[6], t, a[14])
trim(KEYS[6], now - retainMs)
local held = redis.call('ZCARD', KEYS[6])
if held > retainCount then
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, held - retainCount - 1)
end

-- scores: value(t) = clamp(value(ref) * factor(ref, t) + points)
local pos = 23
local function arg()
  pos = pos + 1
  return a[pos]
end
local defs = {}
for _ = 1, tonumber(arg()) do
  local d = {name = arg(), min = tonumber(arg()), max = tonumber(arg()), pieces = {}}
  for k = 1, tonumber(arg()) do
    d.pieces[k] = {tonumber(arg()), tonumber(arg())}
  end
  defs[d.name] = d
end
-- what a point held from 'from' to 'to' is worth: the half-life may change over time (pieces)
local function factor(pieces, from, to)
  local exponent = 0
  for k = 1, #pieces do
    local lo = from
    if k > 1 and pieces[k][1] > lo then lo = pieces[k][1] end
    local hi = to
    if k < #pieces and pieces[k + 1][1] < hi then hi = pieces[k + 1][1] end
    if pieces[k][2] > 0 and hi > lo then
      exponent = exponent + (hi - lo) / pieces[k][2]
    end
  end
  return 0.5 ^ exponent
end
local function clamp(d, v)
  return math.max(d.min, math.min(d.max, v))
end
local function award(d, points)
  local raw = redis.call('HGET', KEYS[2], d.name)
  local v, ref, last = clamp(d, 0), t, t
  if raw then
    local f = split(raw)
    v, ref, last = tonumber(f[1]), tonumber(f[2]), math.max(tonumber(f[3]), t)
  end
  local awarded
  if t >= ref then
    v = v * factor(d.pieces, ref, t)
    local before = v
    v = clamp(d, v + points)
    awarded = v - before
    ref = t
  else
    -- a late event: its points count decayed to the score's reference instant
    local f = factor(d.pieces, t, ref)
    local before = v
    v = clamp(d, v + points * f)
    awarded = 0
    if f > 0 then awarded = (v - before) / f end
  end
  redis.call('HSET', KEYS[2], d.name, num(v) .. SEP .. num(ref) .. SEP .. num(last))
  return awarded
end

local lines = {num(now)}
for _ = 1, tonumber(arg()) do
  local plan, version, rule = arg(), arg(), arg()
  local capKey, capMax, capWindow = tonumber(arg()), tonumber(arg()), tonumber(arg())
  local applied = true
  if capKey > 0 then
    local key = KEYS[capKey]
    if redis.call('ZCOUNT', key, '(' .. num(t - capWindow), num(t)) >= capMax then
      applied = false
    else
      redis.call('ZADD', key, t, eventId)
      redis.call('SADD', KEYS[12], key)
    end
    trim(key, now - capWindow - retainMs)
  end
  local awards = {}
  for _ = 1, tonumber(arg()) do
    local score, points = arg(), tonumber(arg())
    if applied then
      local got = award(defs[score], points)
      awards[#awards + 1] = score .. '=' .. num(got)
      redis.call('ZADD', KEYS[7], t, table.concat({score, plan, version, rule, etype, num(got), eventId}, SEP))
    end
  end
  lines[#lines + 1] = table.concat({'R', plan, version, rule, applied and '1' or '0', table.concat(awards, ',')}, '\t')
end
trim(KEYS[7], now - retainMs)
local states = redis.call('HGETALL', KEYS[2])
for k = 1, #states, 2 do
  lines[#lines + 1] = 'S\t' .. states[k] .. '\t' .. states[k + 1]
end
local record = table.concat(lines, '\n')
redis.call('HSET', KEYS[8], eventId, record)
redis.call('ZADD', KEYS[9], now, eventId)
local resultsBefore = now - tonumber(a[18])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[9], '-inf', '(' .. num(resultsBefore))) do
  redis.call('HDEL', KEYS[8], id, 't:' .. id)
end
trim(KEYS[9], resultsBefore)
if a[20] == '' then
  return {'OK', record, ''}
end
if not redis.call('SET', KEYS[14], a[20], 'NX', 'PX', a[21]) then
  return {'OK', record, 'BUSY'}
end
local retainedNow, recent, sessions, purchases = {}, {}, {}, {}
if a[22] == '1' then
  retainedNow = redis.call('ZREVRANGE', KEYS[6], 0, -1)
end
if a[23] == '1' then
  recent = redis.call('ZRANGEBYSCORE', KEYS[3], num(now - window), '+inf', 'WITHSCORES')
  sessions = redis.call('HGETALL', KEYS[4])
  purchases = redis.call('ZRANGEBYSCORE', KEYS[11], num(now - tonumber(a[19])), '+inf', 'WITHSCORES')
end
return {'OK', record, 'HELD', redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), recent, sessions,
  retainedNow, {}, purchases, redis.call('HGETALL', KEYS[13]), redis.call('HGET', KEYS[15], 'j') or ''}

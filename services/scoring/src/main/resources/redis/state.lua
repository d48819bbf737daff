-- Reads everything live about one person in one step; with a lease token, first takes the
-- person's evaluation lease (BUSY while another evaluation holds it), so that memberships are
-- changed by one evaluation at a time.
-- A person is held when it has features (an event was observed) or profile attributes.
-- KEYS: 1 features, 2 scores, 3 events, 4 sessions, 5 retained events, 6 contributions,
--       7 purchases, 8 gone, 9 memberships, 10 lease, 11 attributes
-- ARGV: 1 events from (ms), 2 purchases from (ms), 3 with retained events (0/1),
--       4 with contributions (0/1), 5 lease token ('' = no lease), 6 lease ms,
--       7 with the recent events, sessions and purchases (0/1)
local gone = redis.call('GET', KEYS[8])
if gone then
  return {'GONE', gone}
end
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[11]) == 0 then
  return {'NONE'}
end
if ARGV[5] ~= '' and not redis.call('SET', KEYS[10], ARGV[5], 'NX', 'PX', ARGV[6]) then
  return {'BUSY'}
end
local retained, contributions, recent, sessions, purchases = {}, {}, {}, {}, {}
if ARGV[7] == '1' then
  recent = redis.call('ZRANGEBYSCORE', KEYS[3], ARGV[1], '+inf', 'WITHSCORES')
  sessions = redis.call('HGETALL', KEYS[4])
  purchases = redis.call('ZRANGEBYSCORE', KEYS[7], ARGV[2], '+inf', 'WITHSCORES')
end
if ARGV[3] == '1' then
  retained = redis.call('ZREVRANGE', KEYS[5], 0, -1)
end
if ARGV[4] == '1' then
  contributions = redis.call('ZRANGE', KEYS[6], 0, -1, 'WITHSCORES')
end
return {'OK', redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), recent, sessions,
  retained, contributions, purchases, redis.call('HGETALL', KEYS[9]), redis.call('HGET', KEYS[11], 'j') or ''}

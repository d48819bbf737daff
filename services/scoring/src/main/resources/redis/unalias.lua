-- Undoes a merge for the restored person: removes its gone mark if it is still the alias to the
-- survivor, so that its next event starts it afresh. KEYS: 1 gone. ARGV: 1 alias. Reply: 1 or 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0

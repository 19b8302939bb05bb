/**
 * The Lua scripts of RedisOperationStore: every change of an operation is one script, so it is
 * atomic on the server (docs/replicated-operations.md, "Store layout").
 */

/**
 * KEYS: 1 record hash, 2 index (all), 3 state index of the new state, 4 fence counter, 5 run input,
 * 6 finished index, 7 lease. ARGV: 1 json, 2 new state, 3 fencing token ('' for none), 4 channel,
 * 5 final ('1'/'0'), 6 retention seconds, 7 state-index prefix, 8 id, 9 key prefix, 10 max
 * finished, 11 lease holder (with a token). Returns 1 (stored), 0 (already final: left as it is),
 * -1 (unknown), -2 (the writer no longer holds the lease: its token is stale, or its lease lapsed).
 */
export const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[3] ~= '' and (redis.call('GET', KEYS[4]) ~= ARGV[3] or redis.call('GET', KEYS[7]) ~= ARGV[11]) then return -2 end
local old = redis.call('HGET', KEYS[1], 'state')
if old == 'SUCCEEDED' or old == 'FAILED' or old == 'CANCELLED' then return 0 end
local created = redis.call('HGET', KEYS[1], 'createdAt')
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
local cancel = redis.call('HGET', KEYS[1], 'cancel')
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'state', ARGV[2])
if old ~= ARGV[2] then
  redis.call('ZREM', ARGV[7] .. old, ARGV[8])
  redis.call('ZADD', KEYS[3], created, ARGV[8])
end
if ARGV[5] == '1' then
  local ttl = tonumber(ARGV[6])
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[4], ttl)
  redis.call('DEL', KEYS[5])
  redis.call('ZADD', KEYS[6], created, ARGV[8])
  local over = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[10])
  if over > 0 then
    for _, old in ipairs(redis.call('ZRANGE', KEYS[6], 0, over - 1)) do
      redis.call('DEL', ARGV[9] .. ':op:' .. old, ARGV[9] .. ':fence:' .. old)
      redis.call('ZREM', KEYS[2], old)
      for _, s in ipairs({'SUCCEEDED', 'FAILED', 'CANCELLED'}) do redis.call('ZREM', ARGV[7] .. s, old) end
    end
    redis.call('ZREMRANGEBYRANK', KEYS[6], 0, over - 1)
  end
end
redis.call('PUBLISH', ARGV[4], v .. '\\n' .. cancel .. '\\n' .. ARGV[1])
return 1
`;

/**
 * KEYS: 1 record hash, 2 index (all), 3 state index. ARGV: 1 json, 2 state, 3 cancel, 4 createdAt
 * (ms), 5 id, 6 retention seconds ('' unless created final). Returns 0 when the id is taken.
 */
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'state', ARGV[2], 'cancel', ARGV[3], 'v', '0', 'createdAt', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
if ARGV[6] ~= '' then redis.call('EXPIRE', KEYS[1], ARGV[6]) end
return 1
`;

/**
 * A new operation in one step: its lease, its run input and its record, so that no replica ever
 * sees a record without a holder or an input, and a start that fails leaves nothing behind (no
 * run input, which may hold Secret data, kept without an expiry). KEYS: 1 lease, 2 fence counter,
 * 3 run input, 4 record hash, 5 index (all), 6 state index. ARGV: 1 holder, 2 ttl ms, 3 run json,
 * 4 record json, 5 state, 6 createdAt (ms), 7 id. Returns the fencing token, or nil when the id is taken.
 */
export const BEGIN = `
if redis.call('EXISTS', KEYS[4]) == 1 or redis.call('EXISTS', KEYS[1]) == 1 then return nil end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[4], 'json', ARGV[4], 'state', ARGV[5], 'cancel', '0', 'v', '0', 'createdAt', ARGV[6])
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[7])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[7])
return token
`;

/**
 * The lease of an operation this holder may have begun (its BEGIN's answer was lost): taken if
 * free, kept if already this holder's. KEYS: 1 lease, 2 fence counter, 3 record hash. ARGV: 1
 * holder, 2 ttl ms. Returns the fencing token, 0 (no such operation), -1 (another holder has it).
 */
export const RECLAIM = `
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return -1 end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return redis.call('INCR', KEYS[2])
end
return tonumber(redis.call('GET', KEYS[2]))
`;

/** KEYS: 1 record hash. ARGV: 1 channel. Returns nil (unknown) or {cancel, json}. */
export const CANCEL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local state = redis.call('HGET', KEYS[1], 'state')
local cancel = redis.call('HGET', KEYS[1], 'cancel')
local json = redis.call('HGET', KEYS[1], 'json')
if cancel == '0' and state ~= 'SUCCEEDED' and state ~= 'FAILED' and state ~= 'CANCELLED' then
  cancel = '1'
  redis.call('HSET', KEYS[1], 'cancel', '1')
  local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
  redis.call('PUBLISH', ARGV[1], v .. '\\n' .. cancel .. '\\n' .. json)
end
return {cancel, json}
`;

/** KEYS: 1 lease, 2 fence counter. ARGV: 1 owner, 2 ttl ms. Returns the new fencing token, or nil when the lease is held. */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return nil
`;

/** KEYS: 1 lease. ARGV: 1 owner, 2 ttl ms (renew) or '' (release). Returns 1 when the owner held it. */
export const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

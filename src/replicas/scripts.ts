/**
 * The Lua scripts every replica runs against Redis. Each runs atomically (Redis executes one
 * script at a time), which is what makes leases, fencing and "append and update the stream's
 * state together" safe without locks on our side. KEYS/ARGV orders are documented per script
 * and used only by RedisReplicas.ts.
 */

/**
 * Take the lease if nobody holds it, and draw a fencing token (one per acquisition).
 * KEYS: lease, fence. ARGV: holder, ttlMs. Returns the token, or nil when the lease is held.
 */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return false`;

/** Extend the lease only if this holder still has it. KEYS: lease. ARGV: holder, ttlMs. Returns 1 or 0. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** Give the lease up, only if this holder has it. KEYS: lease. ARGV: holder. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Append one change, only for the current fencing token: a stale owner (its lease expired and
 * another replica took the stream, drawing a newer token) is refused, whatever its clock says.
 * The entry gets the next sequence number as its stream id (`SEQ-0`), so a reader can count what
 * was trimmed away; the stream's state (the object by key, what a new owner diffs against) is
 * updated in the same step, then every replica is woken.
 * KEYS: log, seq, epoch, state, fence. ARGV: token, maxLen, newEpoch, payload, objectKey,
 * objectJson ('' for a deletion), channel, streamId. Returns the sequence number, or nil if fenced off.
 */
export const APPEND = `
if redis.call('GET', KEYS[5]) ~= ARGV[1] then return false end
redis.call('SET', KEYS[3], ARGV[3], 'NX')
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'v', ARGV[4])
if ARGV[6] == '' then redis.call('HDEL', KEYS[4], ARGV[5]) else redis.call('HSET', KEYS[4], ARGV[5], ARGV[6]) end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return seq`;

/**
 * The first owner of a stream records the state of its first LIST (silently: a first LIST is not
 * a change), fenced like an append, and wakes the readers (mirrors wait for it). KEYS: fence,
 * state, synced, epoch, streamId (not a key: the message). ARGV: token, newEpoch, channel, then
 * key, objectJson pairs. Returns 1, or 0 if fenced off.
 */
export const SYNC = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[4], ARGV[2], 'NX')
redis.call('DEL', KEYS[2])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('SET', KEYS[3], '1')
redis.call('PUBLISH', ARGV[3], KEYS[5])
return 1`;

/** The lines HEAD and READ start with: the stream's epoch (made if new), last and first sequence numbers held. KEYS: log, seq, epoch. ARGV[1]: newEpoch. */
const STREAM_HEAD = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[3])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local first = last + 1
if head[1] then first = tonumber(string.match(head[1][1], '^(%d+)')) end
`;

/**
 * Where a stream stands: its epoch (made now if the stream is new), the last sequence number,
 * the first one still held. KEYS: log, seq, epoch. ARGV: newEpoch. Returns {epoch, last, first}.
 */
export const HEAD = `${STREAM_HEAD}return {epoch, last, first}`;

/**
 * Entries after a position: from `fromSeq`, or from the first entry held when the position was
 * trimmed away or is from another epoch of the stream. KEYS: log, seq, epoch. ARGV: newEpoch,
 * cursorEpoch, fromSeq, limit. Returns {epoch, last, first, entries}.
 */
export const READ = `${STREAM_HEAD}local from = tonumber(ARGV[3])
if epoch ~= ARGV[2] or from < first then from = first end
local entries = {}
if from <= last then entries = redis.call('XRANGE', KEYS[1], from .. '-0', '+', 'COUNT', tonumber(ARGV[4])) end
return {epoch, last, first, entries}`;

/** A new owner's starting point: whether the stream has a recorded state, and that state. KEYS: synced, state. */
export const LOAD_STATE = `
return {redis.call('GET', KEYS[1]) or '', redis.call('HGETALL', KEYS[2])}`;

/**
 * The owner records the stream's standing failure (the cluster refuses the watch), or clears it
 * (''), fenced like an append, and tells every replica. KEYS: fence, problem. ARGV: token,
 * problemJson, channel, streamId. Returns 1, or 0 if fenced off.
 */
export const SET_PROBLEM = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/**
 * A consistent starting point for a mirror of the stream: its recorded state and the position
 * of the last entry that state includes (both change together, in APPEND). KEYS: synced, state,
 * seq, epoch. ARGV: newEpoch. Returns {synced, flat state, epoch, last}.
 */
export const SNAPSHOT = `
redis.call('SET', KEYS[4], ARGV[1], 'NX')
return {redis.call('GET', KEYS[1]) or '', redis.call('HGETALL', KEYS[2]), redis.call('GET', KEYS[4]), tonumber(redis.call('GET', KEYS[3]) or '0')}`;

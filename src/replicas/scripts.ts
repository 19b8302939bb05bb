/**
 * The Lua scripts every replica runs against Redis. Each runs atomically (Redis executes one
 * script at a time), which is what makes leases, fencing and "append and update the stream's
 * state together" safe without locks on our side. KEYS/ARGV orders are documented per script
 * and used only by RedisReplicas.ts.
 */

/**
 * A Lua function the scripts that read or write a stream start with: the stream's epoch, made
 * anew when there is none or when the Redis that made it is not the one running now. The key
 * holds `<epoch>:<run_id>`, the run_id (INFO server, passed by the client: new at every start of
 * Redis) of the server that made it. Why: a Redis restarted from its persistence files (an RDB
 * snapshot, an AOF fsync'd a second ago) may hold a stream as it was a while ago, and the entries
 * appended after that restart would reuse sequence numbers that cursors handed out before already
 * passed: a cursor would silently skip them, or be refused as ahead. A new epoch makes every
 * such cursor a gap instead. (A restart that lost nothing costs the same gap: it cannot be told apart.)
 */
const CURRENT_EPOCH = `
local function current_epoch(key, fresh, run)
  local e = redis.call('GET', key)
  if not e or string.sub(e, 10) ~= run then
    e = fresh .. ':' .. run
    redis.call('SET', key, e)
  end
  return string.sub(e, 1, 8)
end
`;

/**
 * Take the lease if nobody holds it, and draw a fencing token (one per acquisition): the fence
 * counter and the run_id of the Redis server, `<n>:<run_id>`. Why the run_id: a Redis restarted
 * from its persistence files may hold an older counter, and would hand the same number out again;
 * a token drawn before the restart never matches one drawn after. KEYS: lease, fence. ARGV:
 * holder, ttlMs, runId. Returns the token, or nil when the lease is held.
 */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2]) .. ':' .. ARGV[3]
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
 * objectJson ('' for a deletion), channel, streamId, runId. Returns the sequence number, or nil if fenced off.
 */
export const APPEND = `${CURRENT_EPOCH}
if (redis.call('GET', KEYS[5]) or '') .. ':' .. ARGV[9] ~= ARGV[1] then return false end
current_epoch(KEYS[3], ARGV[3], ARGV[9])
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'v', ARGV[4])
if ARGV[6] == '' then redis.call('HDEL', KEYS[4], ARGV[5]) else redis.call('HSET', KEYS[4], ARGV[5], ARGV[6]) end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return seq`;

/**
 * The first owner of a stream records the state of its first LIST (silently: a first LIST is not
 * a change), fenced like an append, and wakes the readers (mirrors wait for it). KEYS: fence,
 * state, synced, epoch, streamId (not a key: the message). ARGV: token, newEpoch, runId, channel,
 * then key, objectJson pairs. Returns 1, or 0 if fenced off.
 */
export const SYNC = `${CURRENT_EPOCH}
if (redis.call('GET', KEYS[1]) or '') .. ':' .. ARGV[3] ~= ARGV[1] then return 0 end
current_epoch(KEYS[4], ARGV[2], ARGV[3])
redis.call('DEL', KEYS[2])
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('SET', KEYS[3], '1')
redis.call('PUBLISH', ARGV[4], KEYS[5])
return 1`;

/** The lines HEAD and READ start with: the stream's epoch (made if new), last and first sequence numbers held. KEYS: log, seq, epoch. ARGV[1]: newEpoch, ARGV[2]: runId. */
const STREAM_HEAD = `${CURRENT_EPOCH}
local epoch = current_epoch(KEYS[3], ARGV[1], ARGV[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local first = last + 1
if head[1] then first = tonumber(string.match(head[1][1], '^(%d+)')) end
`;

/**
 * Where a stream stands: its epoch (made now if the stream is new), the last sequence number,
 * the first one still held. KEYS: log, seq, epoch. ARGV: newEpoch, runId. Returns {epoch, last, first}.
 */
export const HEAD = `${STREAM_HEAD}return {epoch, last, first}`;

/**
 * Entries after a position: from `fromSeq`, or from the first entry held when the position was
 * trimmed away or is from another epoch of the stream. KEYS: log, seq, epoch. ARGV: newEpoch,
 * runId, cursorEpoch, fromSeq, limit. Returns {epoch, last, first, entries}.
 */
export const READ = `${STREAM_HEAD}local from = tonumber(ARGV[4])
if epoch ~= ARGV[3] or from < first then from = first end
local entries = {}
if from <= last then entries = redis.call('XRANGE', KEYS[1], from .. '-0', '+', 'COUNT', tonumber(ARGV[5])) end
return {epoch, last, first, entries}`;

/** A new owner's starting point: whether the stream has a recorded state, and that state. KEYS: synced, state. */
export const LOAD_STATE = `
return {redis.call('GET', KEYS[1]) or '', redis.call('HGETALL', KEYS[2])}`;

/**
 * The owner records the stream's standing failure (the cluster refuses the watch), or clears it
 * (''), fenced like an append, and tells every replica. KEYS: fence, problem. ARGV: token,
 * problemJson, channel, streamId, runId. Returns 1, or 0 if fenced off.
 */
export const SET_PROBLEM = `
if (redis.call('GET', KEYS[1]) or '') .. ':' .. ARGV[5] ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/**
 * A consistent starting point for a mirror of the stream: its recorded state and the position
 * of the last entry that state includes (both change together, in APPEND). KEYS: synced, state,
 * seq, epoch. ARGV: newEpoch, runId. Returns {synced, flat state, epoch, last}.
 */
export const SNAPSHOT = `${CURRENT_EPOCH}
local epoch = current_epoch(KEYS[4], ARGV[1], ARGV[2])
return {redis.call('GET', KEYS[1]) or '', redis.call('HGETALL', KEYS[2]), epoch, tonumber(redis.call('GET', KEYS[3]) or '0')}`;

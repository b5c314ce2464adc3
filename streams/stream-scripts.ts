/** Lua for the metric-stream consumer groups (keys in stream-keys.ts). */

/** Reads `seq` and `n` from an entry's flat field list. */
const FIELDS = `
local function seqOf(f)
  local seq, n = 0, 0
  for i = 1, #f, 2 do
    if f[i] == 'seq' then seq = tonumber(f[i + 1]) elseif f[i] == 'n' then n = tonumber(f[i + 1]) end
  end
  return seq, n
end
`;

/**
 * KEYS: buffer, status hash, seq counter. ARGV: group. Creates the group at the start of the buffer (once), and
 * records where its count of datapoints starts, so entries trimmed before it existed are not counted as dropped.
 * Returns 1 when it created the group.
 */
export const ENSURE_GROUP = `${FIELDS}
local ok = redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
if type(ok) == 'table' and ok.err then return 0 end
local base = tonumber(redis.call('GET', KEYS[3]) or '0')
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
if #first > 0 then
  local seq, n = seqOf(first[1][2])
  base = seq - n
end
redis.call('HSET', KEYS[2], 'seq', base)
return 1
`;

/**
 * KEYS: buffer, status hash. ARGV: group, consumer, count. Reads new entries for the group (XREADGROUP >) and, in the
 * same step, counts the datapoints of entries trimmed before the group read them (a gap in `seq`) into `dropped`.
 * Returns { dropped, entries, last id }: the last id read, or the buffer's last id when nothing was new (a blocking
 * XREAD from it wakes on the next entry).
 */
export const READ_NEW = `${FIELDS}
local res = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
if not res then
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  local id = '0-0'
  if #last > 0 then id = last[1][1] end
  return {0, {}, id}
end
local entries = res[1][2]
local seen = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local dropped = 0
for _, e in ipairs(entries) do
  local seq, n = seqOf(e[2])
  if seq - n > seen then dropped = dropped + (seq - n - seen) end
  if seq > seen then seen = seq end
end
redis.call('HSET', KEYS[2], 'seq', seen)
if dropped > 0 then redis.call('HINCRBY', KEYS[2], 'dropped', dropped) end
return {dropped, entries, entries[#entries][1]}
`;

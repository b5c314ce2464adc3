import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Moves datapoints one tier down, atomically (a Lua script runs alone in Redis):
 * KEYS[1] source sorted set, KEYS[2] target sorted set; ARGV[1] = m, ARGV[2..m+1] = the source members to move,
 * then pairs (bucket start, summary delta). Only if every listed member still exists are they removed and the deltas
 * merged into the target buckets (member `start#summary`, one per bucket); otherwise nothing changes and it returns 0,
 * so a datapoint is rolled up exactly once even when several processes roll up at the same time.
 * The merge mirrors `mergeSummary` in sketch.ts; `%.17g` keeps doubles exact.
 */
const MOVE = `
local m = tonumber(ARGV[1])
for i = 2, m + 1 do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then return 0 end
end
for i = 2, m + 1, 500 do
  redis.call('ZREM', KEYS[1], unpack(ARGV, i, math.min(i + 499, m + 1)))
end
local function parse(s)
  local semi = string.find(s, ';', 1, true)
  local head = semi and string.sub(s, 1, semi - 1) or s
  local f = {}
  for x in string.gmatch(head, '[^,]+') do f[#f + 1] = tonumber(x) end
  local acc = { n = f[1], sum = f[2], min = f[3], max = f[4], opaque = f[5], bins = {} }
  if semi then
    for k, w in string.gmatch(string.sub(s, semi + 1), '([^:,]+):([^,]+)') do
      acc.bins[k] = (acc.bins[k] or 0) + tonumber(w)
    end
  end
  return acc
end
local function fmt(x) return string.format('%.17g', x) end
for i = m + 2, #ARGV, 2 do
  local b = ARGV[i]
  local acc = parse(ARGV[i + 1])
  for _, e in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], b, b)) do
    local o = parse(string.sub(e, string.find(e, '#', 1, true) + 1))
    acc.n = acc.n + o.n
    acc.sum = acc.sum + o.sum
    if o.min < acc.min then acc.min = o.min end
    if o.max > acc.max then acc.max = o.max end
    acc.opaque = acc.opaque + o.opaque
    for k, w in pairs(o.bins) do acc.bins[k] = (acc.bins[k] or 0) + w end
    redis.call('ZREM', KEYS[2], e)
  end
  local parts = {}
  for k, w in pairs(acc.bins) do parts[#parts + 1] = k .. ':' .. fmt(w) end
  redis.call('ZADD', KEYS[2], b, b .. '#' .. fmt(acc.n) .. ',' .. fmt(acc.sum) .. ',' .. fmt(acc.min) .. ',' ..
    fmt(acc.max) .. ',' .. fmt(acc.opaque) .. ';' .. table.concat(parts, ','))
end
return 1
`;

/** KEYS = [index hash, ...every tier key of the series]; ARGV[1] = series id. Forgets a series with no data left. */
const FORGET = `
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
return redis.call('HDEL', KEYS[1], ARGV[1])
`;

const sha = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = { move: { lua: MOVE, sha: sha(MOVE) }, forget: { lua: FORGET, sha: sha(FORGET) } };

async function run(
  redis: Redis,
  name: keyof typeof SCRIPTS,
  keys: string[],
  args: Array<string | number>,
): Promise<number> {
  const s = SCRIPTS[name];
  try {
    return (await redis.evalsha(s.sha, keys.length, ...keys, ...args)) as number;
  } catch (err) {
    if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
    return (await redis.eval(s.lua, keys.length, ...keys, ...args)) as number;
  }
}

/** Runs the move script; true when the members were moved, false when another process got there first. */
export async function moveMembers(
  redis: Redis,
  source: string,
  target: string,
  members: string[],
  deltas: Array<[number, string]>,
): Promise<boolean> {
  const args: Array<string | number> = [members.length, ...members];
  for (const [b, summary] of deltas) args.push(b, summary);
  return (await run(redis, 'move', [source, target], args)) === 1;
}

/** Removes the series from the index if none of `dataKeys` exists (atomically, so a concurrent write is never lost). */
export async function forgetIfEmpty(
  redis: Redis,
  indexKey: string,
  seriesId: string,
  dataKeys: string[],
): Promise<boolean> {
  return (await run(redis, 'forget', [indexKey, ...dataKeys], [seriesId])) === 1;
}

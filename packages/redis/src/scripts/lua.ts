/**
 * The store's Lua scripts. Each runs atomically on the server, so a compare-and-set either applies
 * whole or not at all, and no reader sees half of a write. Every key a script touches is passed in
 * KEYS and shares the prefix's hash tag, as Redis Cluster requires.
 */

/**
 * KEYS[1] config hash, KEYS[2] audit list. ARGV: expected version, updatedAt, channel, a new
 * generation id, the digest the writer read at the expected version ('' when it does not know it),
 * the new content's digest, the audit entry (JSON; '' for none) and the audit retention, then
 * field/value pairs. The audit entry is pushed and the list trimmed in the same step as the write. The hash keeps its generation across writes; a write that finds none (the
 * first ever, or the first after Redis lost its data) starts the new one, so readers can tell a
 * history that began again at version 1 from an old version. A writer that names a digest must find
 * it: after a lossy failover the expected version number may be back with other content, which the
 * writer never read. Returns {1, newVersion, generation}, {0, storedVersion, ''} (another version)
 * or {-1, storedVersion, ''} (the version, with other content). The pairs are written in batches
 * because Lua's `unpack` is limited by the C stack (about 8000 values).
 */
export const WRITE_CONFIG = `
local stored = redis.call('HMGET', KEYS[1], 'version', 'generation', 'digest')
local current = tonumber(stored[1] or '0')
if current ~= tonumber(ARGV[1]) then return {0, current, ''} end
if ARGV[5] ~= '' and stored[3] ~= ARGV[5] then return {-1, current, ''} end
local version = current + 1
local generation = stored[2] or ARGV[4]
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'version', version, 'updatedAt', ARGV[2], 'generation', generation, 'digest', ARGV[6])
local i = 9
while i <= #ARGV do
  local last = math.min(i + 199, #ARGV)
  redis.call('HSET', KEYS[1], unpack(ARGV, i, last))
  i = last + 1
end
if ARGV[7] ~= '' then
  redis.call('LPUSH', KEYS[2], ARGV[7])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[8]) - 1)
end
redis.call('PUBLISH', ARGV[3], tostring(version))
return {1, version, generation}
`;

/**
 * KEYS[1] lease hash (holder, token, and the ttl it was last given, so readers can tell when it was
 * renewed), KEYS[2] token counter. ARGV: holder, ttl ms.
 * The holder that still holds the lease keeps its token (acquiring is idempotent for it); anyone
 * taking a free or expired lease gets the next token. Returns {1, token} or {0, 0}.
 */
export const ACQUIRE_LEASE = `
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder then
  if holder ~= ARGV[1] then return {0, 0} end
  local token = tonumber(redis.call('HGET', KEYS[1], 'token'))
  redis.call('HSET', KEYS[1], 'ttl', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, token}
end
local token = redis.call('INCR', KEYS[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'token', token, 'ttl', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, token}
`;

/** KEYS[1] lease hash. ARGV: holder, token, ttl ms. Returns 1 when extended, 0 when the lease was lost. */
export const RENEW_LEASE = `
local current = redis.call('HMGET', KEYS[1], 'holder', 'token')
if current[1] == ARGV[1] and current[2] == ARGV[2] then
  redis.call('HSET', KEYS[1], 'ttl', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
`;

/** KEYS[1] lease hash. ARGV: holder, token. Deletes the lease only if that token still holds it. */
export const RELEASE_LEASE = `
local current = redis.call('HMGET', KEYS[1], 'holder', 'token')
if current[1] == ARGV[1] and current[2] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

/**
 * KEYS[1] document hash, KEYS[2] document index, KEYS[3] fencing lease hash (any key of the slot
 * when there is no fence). ARGV: expected version, JSON value, document key, fence token or ''.
 * The fence is checked first: a writer that lost its lease must stop, whatever the version.
 * Returns {1, newVersion}, {0, storedVersion} or {-1, 0} (fence refused).
 */
export const PUT_DOCUMENT = `
if ARGV[4] ~= '' then
  local token = redis.call('HGET', KEYS[3], 'token')
  if token ~= ARGV[4] then return {-1, 0} end
end
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return {0, current} end
local version = current + 1
redis.call('HSET', KEYS[1], 'version', version, 'value', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return {1, version}
`;

/**
 * KEYS: one key per experiment of one unit (one slot). ARGV: ttl ms, then the proposed variation
 * for each key. Keeps the first assignment and returns, per key, the variation in force.
 */
export const ASSIGN_STICKY = `
local out = {}
for i, key in ipairs(KEYS) do
  local variation = redis.call('GET', key)
  if not variation then
    variation = ARGV[i + 1]
    redis.call('SET', key, variation, 'PX', ARGV[1])
  end
  out[i] = variation
end
return out
`;

/**
 * Applies one batch of experiment data (core's `ExperimentDataStore`), atomically. KEYS[1] the batch's
 * write-id key; then per experiment three keys: its exposures hash (unit → `<exposedAt> <arm>`), its
 * totals hash (`c|s <field>` → count, sum) and its per-unit metric counter hash. ARGV: retention ms,
 * write-id ttl ms, the number of exposures, then per exposure (key index, unit, arm, exposedAt), then
 * per increment (key index, unit, arm, field, count, sum). Mirrors core's attribution.ts: the
 * earliest exposure wins, and totals are added only in the arm of the unit's stored exposure. A write
 * id already applied makes the script a no-op (a retry after a lost reply). Returns 1, or 0 for a
 * repeated write id.
 */
export const WRITE_EXPERIMENT_DATA = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
local maxMetrics = ${64}
local touched = {}
local function armOf(stored)
  local space = string.find(stored, ' ', 1, true)
  return tonumber(string.sub(stored, 1, space - 1)), string.sub(stored, space + 1)
end
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local k = tonumber(ARGV[i])
  local unit, arm, at = ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local stored = redis.call('HGET', KEYS[k], unit)
  if (not stored) or at < armOf(stored) then
    redis.call('HSET', KEYS[k], unit, ARGV[i + 3] .. ' ' .. arm)
  end
  touched[k] = true
  i = i + 4
end
while i <= #ARGV do
  local k = tonumber(ARGV[i])
  local unit, arm, field = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local stored = redis.call('HGET', KEYS[k], unit)
  if stored then
    local _, storedArm = armOf(stored)
    if storedArm == arm then
      local known = redis.call('HEXISTS', KEYS[k + 1], 'c' .. field) == 1
      if known or redis.call('HINCRBY', KEYS[k + 2], unit, 1) <= maxMetrics then
        redis.call('HINCRBY', KEYS[k + 1], 'c' .. field, ARGV[i + 4])
        redis.call('HINCRBYFLOAT', KEYS[k + 1], 's' .. field, ARGV[i + 5])
        touched[k] = true
      end
    end
  end
  i = i + 6
end
for k in pairs(touched) do
  for j = 0, 2 do redis.call('PEXPIRE', KEYS[k + j], ARGV[1]) end
end
return 1
`;

/**
 * Sign-in back-off shared by every process (REDIS_URL): the failures of a key
 * (an email and client address, or an address) are counted in Redis, so a
 * guesser spreading attempts over N processes waits as long as against one.
 * The same policy as BackoffLimiter (auth/backoff-limiter.ts), applied by one
 * script per step so each is atomic; the clock is Redis's own (TIME). A key
 * expires once it has not failed for the policy's `forgetAfterMs`. Keys are
 * hashed: Redis never holds an email address.
 *
 * While Redis is unreachable each process falls back to its own BackoffLimiter
 * (back-off per process, as without Redis) rather than refusing every sign-in.
 */
import { createHash } from 'node:crypto';
import { BackoffLimiter, type Backoff, type BackoffPolicy } from '../auth/backoff-limiter.js';
import type { RedisLink } from './redis-link.js';

/** KEYS[1]; ARGV waitAfterFailures, baseDelayMs, maxDelayMs, forgetAfterMs. Counts a failure. */
const FAIL_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local failures = (tonumber(redis.call('HGET', KEYS[1], 'f')) or 0) + 1
local allowed = tonumber(redis.call('HGET', KEYS[1], 'a')) or 0
local beyond = failures - tonumber(ARGV[1])
if beyond >= 0 then
  allowed = now + math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ math.min(beyond, 30))
end
redis.call('HSET', KEYS[1], 'f', failures, 'a', allowed)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 0
`;

/** KEYS[1]. The milliseconds the key must still wait (0: may try now). */
const WAIT_SCRIPT = `
local allowed = tonumber(redis.call('HGET', KEYS[1], 'a')) or 0
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, allowed - now)
`;

interface BackoffCommands {
  concordBackoffFail(key: string, waitAfter: number, base: number, max: number, forget: number): Promise<number>;
  concordBackoffWait(key: string): Promise<number>;
}

export function redisBackoff(link: RedisLink, name: string, policy: BackoffPolicy): Backoff {
  link.commands.defineCommand('concordBackoffFail', { numberOfKeys: 1, lua: FAIL_SCRIPT });
  link.commands.defineCommand('concordBackoffWait', { numberOfKeys: 1, lua: WAIT_SCRIPT });
  const command = link.commands as unknown as BackoffCommands;
  const fallback = new BackoffLimiter(policy);
  const redisKey = (key: string) => `concord:backoff:${name}:${createHash('sha256').update(key).digest('base64url')}`;
  const ready = () => link.commands.status === 'ready';
  return {
    async msUntilAllowed(key) {
      if (!ready()) return fallback.msUntilAllowed(key);
      try {
        return Math.max(await command.concordBackoffWait(redisKey(key)), fallback.msUntilAllowed(key));
      } catch {
        return fallback.msUntilAllowed(key);
      }
    },
    async fail(key) {
      // Counted here too, so an outage later still finds this process's own count.
      fallback.fail(key);
      if (!ready()) return;
      await command
        .concordBackoffFail(redisKey(key), policy.waitAfterFailures, policy.baseDelayMs, policy.maxDelayMs, policy.forgetAfterMs)
        .catch(() => {});
    },
    async reset(key) {
      fallback.reset(key);
      if (!ready()) return;
      await link.commands.del(redisKey(key)).catch(() => {});
    },
  };
}

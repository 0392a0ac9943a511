/**
 * Rate limits shared by every process (REDIS_URL): one token bucket per limit
 * and account, kept in Redis and updated by one script, so the whole check is
 * atomic and N processes grant what one would. The clock is Redis's own (TIME),
 * the same for every process. A bucket's key expires once it would be full again.
 *
 * While Redis is unreachable each process falls back to its own buckets: limits
 * then hold per process (as without Redis) rather than refusing everyone.
 */
import type { RateLimiterFactory } from '../limits/rate-limiter.js';
import { localRateLimiters } from '../limits/rate-limiter.js';
import type { RedisLink } from './redis-link.js';

/** KEYS[1] bucket; ARGV rate (tokens/ms), burst. Returns 0 (taken) or the ms until a token is there. */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 't', 'n')
local last = tonumber(saved[1]) or now
local tokens = tonumber(saved[2]) or burst
tokens = math.min(burst, tokens + (now - last) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 't', now, 'n', tostring(tokens))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
`;

export function redisRateLimiters(link: RedisLink): RateLimiterFactory {
  link.commands.defineCommand('concordTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  const command = link.commands as unknown as { concordTakeToken(key: string, rate: number, burst: number): Promise<number> };
  return (name, perSecond, burst) => {
    const fallback = localRateLimiters(name, perSecond, burst);
    return {
      async take(key) {
        if (link.commands.status !== 'ready') return fallback.take(key);
        try {
          return await command.concordTakeToken(`concord:rate:${name}:${key}`, perSecond / 1000, burst);
        } catch {
          return fallback.take(key);
        }
      },
    };
  };
}

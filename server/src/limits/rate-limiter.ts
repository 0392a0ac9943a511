/**
 * Per-account rate limits (votes, comments, proposals, imports) behind one
 * interface, so that several server processes (REDIS_URL) share one budget per
 * account instead of each granting its own: events/redis-rate-limiter.ts keeps
 * the buckets in Redis. Without Redis they are token buckets in this process.
 */
import { UserRateLimiter } from '../comments/user-rate-limiter.js';

export interface RateLimiter {
  /** Takes a token for `key`: 0 when allowed, else the milliseconds until one is there (for Retry-After). */
  take(key: string): Promise<number>;
}

/** Makes the limiter called `name` (distinct per limit): `perSecond` tokens a second, at most `burst` saved. */
export type RateLimiterFactory = (name: string, perSecond: number, burst: number) => RateLimiter;

/** Buckets in this process's memory. */
export const localRateLimiters: RateLimiterFactory = (_name, perSecond, burst) => {
  const buckets = new UserRateLimiter(perSecond, burst);
  return { take: async (key) => (buckets.take(key) ? 0 : Math.max(1, buckets.msUntilNext(key))) };
};

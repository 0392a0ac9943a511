/** Everything that runs on Redis, in one module loaded only with REDIS_URL (see optional-engines.ts). */
export { RedisLink } from '../events/redis-link.js';
export { RedisEventBus } from '../events/redis-event-bus.js';
export { RedisDocFanout } from '../events/redis-doc-fanout.js';
export { redisRateLimiters } from '../events/redis-rate-limiter.js';
export { redisBackoff } from '../events/redis-backoff-limiter.js';
export { RedisConnectionSlots } from '../events/redis-connection-slots.js';

/**
 * The caps on open sync sockets per account and per address, counted across
 * every process (REDIS_URL). Each open socket is a member of two sorted sets in
 * Redis (its account's and its address's), scored with the time it expires: a
 * process refreshes its sockets' entries every 10 s, so the entries of a process
 * that died (kill -9) lapse within 30 s, and after Redis restarts empty the next
 * refresh puts every live socket back. Checking and reserving is one script.
 *
 * While Redis is unreachable, new sockets are counted in this process only.
 */
import { ConnectionLimits, type ConnectionSlots, type ReleaseSlot } from '../sync/connection-limits.js';
import type { RedisLink } from './redis-link.js';

/** How long an entry lasts without a refresh, and how often this process refreshes its own. */
const SLOT_TTL_MS = 30_000;
const REFRESH_MS = 10_000;

/** KEYS user set, address set; ARGV max per user, max per address, member, ttl. Returns 1 when reserved. */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
local ttl = tonumber(ARGV[4])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + ttl, ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return 1
`;

/** KEYS the sets; ARGV ttl, then the member to refresh in each key (same order). */
const REFRESH_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return #KEYS
`;

interface Held {
  userKey: string;
  addressKey: string;
}

export class RedisConnectionSlots implements ConnectionSlots {
  private readonly held = new Map<string, Held>();
  private readonly local: ConnectionLimits;
  private readonly timer: NodeJS.Timeout;
  private sequence = 0;

  constructor(
    private readonly link: RedisLink,
    private readonly maxPerUser: number,
    private readonly maxPerAddress: number,
  ) {
    this.local = new ConnectionLimits(maxPerUser, maxPerAddress);
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
    // Redis may have come back empty: put this process's sockets back at once.
    link.onResumed(() => void this.refresh());
  }

  async acquire(userId: string, address: string): Promise<ReleaseSlot | null> {
    if (this.link.commands.status !== 'ready') return this.local.acquireNow(userId, address);
    const member = `${this.link.processId}:${++this.sequence}`;
    const held: Held = { userKey: `concord:conns:user:${userId}`, addressKey: `concord:conns:addr:${address}` };
    let reserved: unknown;
    try {
      reserved = await this.link.commands.eval(
        ACQUIRE_SCRIPT,
        2,
        held.userKey,
        held.addressKey,
        this.maxPerUser,
        this.maxPerAddress,
        member,
        SLOT_TTL_MS,
      );
    } catch {
      return this.local.acquireNow(userId, address);
    }
    if (Number(reserved) !== 1) return null;
    this.held.set(member, held);
    return () => {
      if (!this.held.delete(member)) return;
      void this.link.commands
        .multi()
        .zrem(held.userKey, member)
        .zrem(held.addressKey, member)
        .exec()
        .catch(() => {});
    };
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async refresh(): Promise<void> {
    if (this.held.size === 0 || this.link.commands.status !== 'ready') return;
    const keys: string[] = [];
    const members: string[] = [];
    for (const [member, { userKey, addressKey }] of this.held) {
      keys.push(userKey, addressKey);
      members.push(member, member);
    }
    await this.link.commands.eval(REFRESH_SCRIPT, keys.length, ...keys, SLOT_TTL_MS, ...members).catch(() => {});
  }
}

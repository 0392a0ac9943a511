import { TokenBucket } from '../sync/token-bucket.js';

/** One token bucket per user; buckets that have refilled are forgotten so the map stays small. */
export class UserRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; last: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(userId: string): boolean {
    const now = performance.now();
    if (this.buckets.size > 10_000) this.sweep(now);
    let entry = this.buckets.get(userId);
    if (!entry) this.buckets.set(userId, (entry = { bucket: new TokenBucket(this.perSecond, this.burst), last: now }));
    entry.last = now;
    return entry.bucket.take();
  }

  /** Milliseconds until this user may act again; for `Retry-After`. */
  msUntilNext(userId: string): number {
    return this.buckets.get(userId)?.bucket.msUntil() ?? 0;
  }

  private sweep(now: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [id, e] of this.buckets) if (now - e.last > full) this.buckets.delete(id);
  }
}

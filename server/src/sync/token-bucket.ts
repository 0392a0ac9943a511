/** A token bucket: `rate` tokens per second, at most `burst` saved up. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Milliseconds until `cost` tokens will be there (0 if they are now); for `Retry-After`. */
  msUntil(cost = 1): number {
    const saved = Math.min(this.burst, this.tokens + ((this.now() - this.last) / 1000) * this.rate);
    return saved >= cost ? 0 : ((cost - saved) / this.rate) * 1000;
  }
}

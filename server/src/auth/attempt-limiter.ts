/** Counts failures per key in a sliding window (login attempts per email and per address). */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  isBlocked(key: string): boolean {
    return this.recent(key).length >= this.maxFailures;
  }

  /** Milliseconds until `key` is no longer blocked (0 if it is not); for `Retry-After`. */
  msUntilUnblocked(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    // Unblocked once enough of the oldest failures have left the window.
    const freeing = recent[recent.length - this.maxFailures]!;
    return Math.max(0, freeing + this.windowMs - this.now());
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.prune();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key).length === 0) this.failures.delete(key);
  }
}

/**
 * Exponential back-off per key (sign-in failures per email+address pair and per
 * address). After `waitAfterFailures` failures the key waits `baseDelayMs`
 * before its next attempt, and each further failure doubles the wait, never longer than `maxDelayMs`. A key is
 * forgotten once it has not failed for `forgetAfterMs`, and a success forgets it.
 *
 * Unlike a hard lockout, the worst an attacker achieves against someone else's
 * key is a wait of `maxDelayMs`, and only for keys the attacker shares (the
 * pair includes the client address, so failing from elsewhere does not touch
 * the real user's pair).
 */
export interface BackoffPolicy {
  /** The failure that starts the first wait (earlier ones cost nothing). */
  waitAfterFailures: number;
  /** That first wait; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts again from nothing. */
  forgetAfterMs: number;
}

interface KeyState {
  failures: number;
  lastFailureAt: number;
  allowedAt: number;
}

/** Keys remembered at most; past this, forgotten ones are swept, then the oldest. */
const MAX_KEYS = 100_000;

/** What sign-in asks of a back-off: this process's BackoffLimiter, or the one every process shares through Redis (events/redis-backoff-limiter.ts). */
export interface Backoff {
  /** Milliseconds `key` must still wait before its next attempt (0: may try now). */
  msUntilAllowed(key: string): number | Promise<number>;
  fail(key: string): void | Promise<void>;
  reset(key: string): void | Promise<void>;
}

export class BackoffLimiter implements Backoff {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    readonly policy: BackoffPolicy,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Milliseconds `key` must still wait before its next attempt (0: may try now). */
  msUntilAllowed(key: string): number {
    const state = this.current(key);
    return state ? Math.max(0, state.allowedAt - this.now()) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const state = this.current(key) ?? { failures: 0, lastFailureAt: now, allowedAt: 0 };
    state.failures++;
    state.lastFailureAt = now;
    const beyond = state.failures - this.policy.waitAfterFailures;
    if (beyond >= 0) {
      const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(beyond, 30));
      state.allowedAt = now + delay;
    }
    this.keys.delete(key);
    this.keys.set(key, state); // Map order = least recently failed first, for the sweep.
    if (this.keys.size > MAX_KEYS) this.sweep();
  }

  reset(key: string): void {
    this.keys.delete(key);
  }

  private current(key: string): KeyState | undefined {
    const state = this.keys.get(key);
    if (state && this.now() - state.lastFailureAt > this.policy.forgetAfterMs) {
      this.keys.delete(key);
      return undefined;
    }
    return state;
  }

  private sweep(): void {
    for (const key of [...this.keys.keys()]) this.current(key);
    for (const key of this.keys.keys()) {
      if (this.keys.size <= MAX_KEYS * 0.9) break;
      this.keys.delete(key);
    }
  }
}

/** Sign-in failures per (email, client address): the real user elsewhere is never slowed. */
export const LOGIN_PAIR_POLICY: BackoffPolicy = { waitAfterFailures: 5, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000 };
/** Sign-in failures per client address over all emails: slows spraying guesses over many accounts. */
export const LOGIN_ADDRESS_POLICY: BackoffPolicy = {
  waitAfterFailures: 50,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
};

/** Per-account import rate: a burst of IMPORTS_PER_WINDOW, refilled over IMPORT_WINDOW_MINUTES. */
import type { RateLimiter, RateLimiterFactory } from '../limits/rate-limiter.js';

export const IMPORTS_PER_WINDOW = 20;
export const IMPORT_WINDOW_MINUTES = 10;

export function importRateLimiter(limits: RateLimiterFactory): RateLimiter {
  return limits('imports', IMPORTS_PER_WINDOW / (IMPORT_WINDOW_MINUTES * 60), IMPORTS_PER_WINDOW);
}

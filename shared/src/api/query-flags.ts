/** Query-string pieces the request schemas share. */
import { z } from 'zod';

/** `0`/`1`/`true`/`false` → boolean; absent is false. */
export const flag = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 0, 1, true or false' })
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** A whole number in [min, max] written in the query string; absent gives `fallback`. */
export function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((v) => v ?? fallback);
}

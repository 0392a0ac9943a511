/**
 * Seeded randomness for fuzz and convergence runs: the same seed replays the
 * same run. Every runner prints its seed; FUZZ_SEED overrides it.
 */

/** A small, fast PRNG (mulberry32). */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [w, value] of choices) {
      if ((r -= w) < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** A Yjs client id (positive 32-bit integer), as Yjs itself would choose. */
  clientId(): number {
    return 1 + this.int(0x7ffffffe);
  }

  word(): string {
    return this.pick(WORDS);
  }
}

const WORDS = [
  'commission',
  'agrees',
  'report',
  'paragraph',
  'consensus',
  'dispute',
  'vote',
  'the',
  'and',
  'of',
  'é',
  '👍',
  '<b>',
  '&amp;',
  ' ',
  '\n',
];

/** The seed for a run: env `name` if set, else a fresh one (printed by the caller so it can be replayed). */
export function seedFromEnv(name = 'FUZZ_SEED', fallback?: number): number {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`${name} must be an integer (got "${raw}")`);
    return n >>> 0;
  }
  return fallback ?? (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** A positive integer from env `name`, or `fallback`. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${raw}")`);
  return n;
}

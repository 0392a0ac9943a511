/** Password hashing with scrypt (memory-hard), in a self-describing format. */
import { COMMON_PASSWORDS } from './common-passwords.js';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

/** scrypt's cost parameters. Each stored hash records the ones it was made with, and is verified with those. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** The cost every new password is hashed at: 32 MiB and ~100 ms of one core per hash. */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEM = 128 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * `scrypt$N$r$p$salt$key`, base64url parts. The product always hashes at
 * PASSWORD_COST; a cheaper `cost` is for hashes made once and reused where the
 * cost buys nothing (the test suite's fixture users, tests/helpers/users.ts).
 */
export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: MAX_MEM });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedPasswordHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

/** A stored hash's parts; undefined when it is not a well-formed scrypt hash. */
export function parsePasswordHash(stored: string): ParsedPasswordHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || rest.length > 0) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isSafeInteger(cost.N) && cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (!powerOfTwo || !Number.isSafeInteger(cost.r) || cost.r < 1 || !Number.isSafeInteger(cost.p) || cost.p < 1) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Checks `password` against a stored hash, at the cost recorded in that hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const actual = await scrypt(password.normalize('NFC'), parsed.salt, parsed.key.length, { ...parsed.cost, maxmem: MAX_MEM });
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/**
 * Whether a stored hash was made at a lower cost than `current` in any of scrypt's
 * parameters, or with a shorter key (an older default, the test fixtures' cheap
 * hash): a successful sign-in then hashes the password again at `current`.
 * A malformed hash is not (it never verifies).
 */
export function isBelowCost(stored: string, current: ScryptCost = PASSWORD_COST): boolean {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return N < current.N || r < current.r || p < current.p || parsed.key.length < KEY_LENGTH;
}

/** A hash that never verifies, for comparing against when the email is unknown (equal timing). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'this password is among the most common ones; choose another';
  return undefined;
}

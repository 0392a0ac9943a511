/**
 * Unsubscribe links work without signing in: the token names the person and the
 * document and is signed (HMAC-SHA256) with a key kept in the data directory, so
 * nobody can forge one for someone else. It never expires: an old email's link
 * still works.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'mail-signing.key';

/** The signing key of this data directory, made on first use (readable by the server's user only). */
export function loadSigningKey(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export function signUnsubscribe(key: Buffer, userId: string, docId: string): string {
  const payload = Buffer.from(JSON.stringify([userId, docId])).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The person and document a token names, or null when it is not one this server signed. */
export function verifyUnsubscribe(key: Buffer, token: string): { userId: string; docId: string } | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string'))
      return { userId: parsed[0] as string, docId: parsed[1] as string };
  } catch {
    // fall through: not ours
  }
  return null;
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(`unsubscribe:${payload}`).digest('base64url');

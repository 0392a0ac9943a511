/**
 * Server configuration from environment variables. Only main.ts and the CLI
 * read the environment; everything else receives a Config.
 */
import { resolve } from 'node:path';
import { isTimeZone } from '@concord/shared';
import { normalizeAddress } from './auth/client-address.js';
import { PASSWORD_COST, type ScryptCost } from './auth/password.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite file inside dataDir (unused when databaseUrl is set). */
  dbFile: string;
  /**
   * PostgreSQL instead of the embedded SQLite (DATABASE_URL, postgres:// or postgresql://):
   * every store in one PostgreSQL database, which several server processes may share.
   */
  databaseUrl: string | null;
  logLevel: string;
  /** Create the demo commission and document into an empty data dir. */
  demo: boolean;
  /** Browser origins allowed to open sockets; empty = only the server's own origin. */
  allowedOrigins: string[];
  /** Idle lifetime of a session. */
  sessionTtlMs: number;
  /** Largest WebSocket message accepted (bytes). */
  maxMessageBytes: number;
  /** Bytes sent to one socket and not yet read by the client, beyond which it is closed (1013; it reconnects). */
  maxUnreadBytes: number;
  /** Bytes of accepted updates waiting for the disk beyond which client sockets stop being read. */
  writeQueueMaxBytes: number;
  /** Keep a document in memory this long after its last connection closes. */
  unloadGraceMs: number;
  sqliteSynchronous: 'full' | 'normal';
  /** Open sync sockets allowed per account and per network address. */
  maxConnectionsPerUser: number;
  maxConnectionsPerAddress: number;
  /** Documents one account may create. */
  maxDocsPerUser: number;
  /** Largest figure image one upload may be (bytes). */
  maxImageBytes: number;
  /** Total bytes of the images one document may hold. */
  maxDocImageBytes: number;
  /** Total bytes of the images one export may embed (beyond it the export is refused, nothing written). */
  maxExportImageBytes: number;
  /** Time one export may take in the export worker (EXPORT_TIME_LIMIT_SECONDS); beyond it 413. */
  exportTimeLimitMs: number;
  /** The export worker's V8 heap limit (EXPORT_MEMORY_LIMIT_MB); beyond it 413. */
  exportMemoryLimitMb: number;
  /**
   * Reverse proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES, comma-separated
   * addresses). Empty: the socket's peer is the client, and the header is ignored.
   */
  trustedProxies: ReadonlySet<string>;
  /** Directory of the built client (served at /). */
  clientDist: string;
  /** SMTP server for email (SMTP_URL, smtp:// or smtps://); null: no email is sent. */
  smtpUrl: string | null;
  /** The From address of every email (MAIL_FROM); required with SMTP_URL. */
  mailFrom: string | null;
  /** The address people open Concord at, for links in emails (PUBLIC_URL); null: the server's own URL. */
  publicUrl: string | null;
  /** First retry of a failed email after this long; doubling up to an hour (MAIL_RETRY_MS). */
  mailRetryMs: number;
  /** The hour (0–23, in timeZone) at which the daily digests go out (MAIL_DIGEST_HOUR). */
  mailDigestHour: number;
  /** The commission's time zone, an IANA name (TIME_ZONE): the digest hour and the dates in emails. */
  timeZone: string;
  /** Editing window after which a version-history checkpoint is taken (at most one per window). */
  checkpointIntervalMs: number;
  /** Automatic versions kept per document (named versions are never thinned). */
  maxAutoVersions: number;
  /**
   * Redis (REDIS_URL, redis:// or rediss://) shared by several server processes:
   * events, document updates and presence, limits. Null: one process, everything in memory.
   */
  redisUrl: string | null;
  /**
   * The scrypt cost a password hashed at less is raised to when its owner signs in:
   * PASSWORD_COST. Not an environment variable; the test suite lowers it to its
   * fixture users' cheap cost (tests/helpers/server.ts), so they are not re-hashed.
   */
  passwordCost: ScryptCost;
}

type Env = Record<string, string | undefined>;

export function configFromEnv(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = resolve(cwd, env.DATA_DIR ?? './data');
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFrom(env, 'PORT', 8787, 0, 65535),
    dataDir,
    dbFile: resolve(dataDir, 'concord.sqlite'),
    databaseUrl: urlFrom(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: boolFrom(env, 'DEMO', true),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sessionTtlMs: intFrom(env, 'SESSION_TTL_DAYS', 30, 1, 3650) * 24 * 3600 * 1000,
    maxMessageBytes: intFrom(env, 'MAX_MESSAGE_BYTES', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxUnreadBytes: intFrom(env, 'MAX_UNREAD_BYTES', 32 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    writeQueueMaxBytes: intFrom(env, 'WRITE_QUEUE_MAX_BYTES', 8 * 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
    unloadGraceMs: intFrom(env, 'UNLOAD_GRACE_MS', 30_000, 0, 24 * 3600 * 1000),
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS === 'normal' ? 'normal' : 'full',
    maxConnectionsPerUser: intFrom(env, 'MAX_CONNECTIONS_PER_USER', 32, 1, 100_000),
    maxConnectionsPerAddress: intFrom(env, 'MAX_CONNECTIONS_PER_ADDRESS', 256, 1, 100_000),
    maxDocsPerUser: intFrom(env, 'MAX_DOCS_PER_USER', 500, 1, 1_000_000),
    maxImageBytes: intFrom(env, 'MAX_IMAGE_BYTES', 10 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxDocImageBytes: intFrom(env, 'MAX_DOC_IMAGE_BYTES', 200 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    maxExportImageBytes: intFrom(env, 'MAX_EXPORT_IMAGE_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    exportTimeLimitMs: intFrom(env, 'EXPORT_TIME_LIMIT_SECONDS', 60, 1, 3600) * 1000,
    exportMemoryLimitMb: intFrom(env, 'EXPORT_MEMORY_LIMIT_MB', 768, 16, 16_384),
    trustedProxies: new Set(
      (env.TRUSTED_PROXIES ?? '')
        .split(',')
        .map((s) => normalizeAddress(s.trim()))
        .filter(Boolean),
    ),
    checkpointIntervalMs: intFrom(env, 'CHECKPOINT_INTERVAL_MS', 5 * 60_000, 50, 24 * 3600 * 1000),
    maxAutoVersions: intFrom(env, 'MAX_AUTO_VERSIONS', 500, 1, 100_000),
    passwordCost: PASSWORD_COST,
    clientDist: resolve(cwd, env.CLIENT_DIST ?? new URL('../../client/dist', import.meta.url).pathname),
    ...mailFrom(env),
    publicUrl: urlFrom(env, 'PUBLIC_URL', ['http:', 'https:']),
    mailRetryMs: intFrom(env, 'MAIL_RETRY_MS', 30_000, 100, 3600_000),
    mailDigestHour: intFrom(env, 'MAIL_DIGEST_HOUR', 8, 0, 23),
    timeZone: timeZoneFrom(env),
    redisUrl: urlFrom(env, 'REDIS_URL', ['redis:', 'rediss:']),
  };
}

function mailFrom(env: Env): Pick<Config, 'smtpUrl' | 'mailFrom'> {
  const smtpUrl = urlFrom(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const from = env.MAIL_FROM?.trim() || null;
  if (smtpUrl && !from) throw new Error('MAIL_FROM is required with SMTP_URL (the address emails come from)');
  return { smtpUrl, mailFrom: from };
}

function timeZoneFrom(env: Env): string {
  const zone = env.TIME_ZONE?.trim() || 'UTC';
  if (!isTimeZone(zone)) throw new Error(`TIME_ZONE must be an IANA time zone name such as Europe/Brussels (got "${zone}")`);
  return zone;
}

function urlFrom(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be a URL (got "${raw}")`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return raw.replace(/\/+$/, '');
}

function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}

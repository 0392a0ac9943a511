/**
 * Connects to PostgreSQL (DATABASE_URL) and brings its schema up to date. Every
 * server process opens its own pool; several may start at once, so the
 * migrations run under a transaction-scoped advisory lock: one process migrates,
 * the others wait and then find nothing to do.
 */
import postgres from 'postgres';
import { pgMigrations } from './pg-migrations.js';
import { StoreError } from './types.js';

export type PgSql = postgres.Sql;
/** A pool or a transaction: what a query helper runs on. */
export type PgQuery = postgres.Sql | postgres.TransactionSql;

export interface OpenPgOptions {
  /** Connections in the pool (default 10). */
  max?: number;
}

/** Arbitrary but fixed: the advisory lock migrations take. */
const MIGRATION_LOCK = 0x636f6e63; // 'conc'

/** Opens a pool and migrates. Throws StoreError('io') when the database cannot be reached. */
export async function openPg(url: string, options: OpenPgOptions = {}): Promise<PgSql> {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    // No array or custom types are read: skip the type query on every new connection.
    fetch_types: false,
    // BIGINT (sequence numbers, counts) as a JavaScript number, as SQLite gives them: exact to 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) },
    },
  }) as unknown as PgSql;
  try {
    await migrate(sql);
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    if (err instanceof StoreError || isPgServerError(err)) throw err;
    throw new StoreError(`cannot reach PostgreSQL (${describeUrl(url)}): ${err instanceof Error ? err.message : String(err)}`, 'io');
  }
  return sql;
}

async function migrate(sql: PgSql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS concord_schema (version INTEGER NOT NULL)`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM concord_schema`;
    if (rows.length === 0) await tx`INSERT INTO concord_schema (version) VALUES (0)`;
    const current = rows[0]?.version ?? 0;
    if (current > pgMigrations.length)
      throw new StoreError(
        `database schema version ${current} is newer than this server (${pgMigrations.length}); refusing to touch it`,
        'conflict',
      );
    for (let version = current; version < pgMigrations.length; version++) {
      await tx.unsafe(pgMigrations[version]!);
      await tx`UPDATE concord_schema SET version = ${version + 1}`;
    }
  });
}

/** An error PostgreSQL itself answered with (it has an SQLSTATE), as opposed to a connection failure. */
export function isPgServerError(err: unknown): err is postgres.PostgresError {
  return err instanceof postgres.PostgresError;
}

/** The SQLSTATE of a server error, else undefined. */
export function pgCode(err: unknown): string | undefined {
  return isPgServerError(err) ? err.code : undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** Buffer view of bytes, without copying (postgres.js sends a Buffer as BYTEA). */
export function toBytea(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes an audit entry inside the caller's transaction: a change and its entry commit together. Returns its seq. */
export async function insertAudit(
  tx: PgQuery,
  e: { docId: string; at: string; actorId: string; action: string; blockId: string | null; details: unknown },
): Promise<number> {
  const [row] = await tx<{ seq: number }[]>`
    INSERT INTO audit_log (doc_id, at, actor_id, action, block_id, details)
    VALUES (${e.docId}, ${e.at}, ${e.actorId}, ${e.action}, ${e.blockId}, ${JSON.stringify(e.details)})
    RETURNING seq`;
  return row!.seq;
}

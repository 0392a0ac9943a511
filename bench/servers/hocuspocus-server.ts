/**
 * Hocuspocus 3.4 with SQLite storage. @hocuspocus/extension-sqlite (and
 * extension-database) are not installed here, so this is the same thing by
 * hand: extension-sqlite's table and queries, through onLoadDocument /
 * onStoreDocument, on better-sqlite3 with the pragmas Concord uses (WAL,
 * synchronous=FULL). Default debounce (2 s, at most 10 s) and everything else.
 *
 * Env: PORT, DB_FILE. `--seed FILE --docs a,b` stores FILE as each document's state, then exits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as Y from 'yjs';
import { Server } from '@hocuspocus/server';

// The bench package has better-sqlite3 but not its type declarations: the little used here, typed by hand.
interface Statement {
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
}
interface Db {
  pragma(source: string): unknown;
  exec(source: string): void;
  prepare(source: string): Statement;
  close(): void;
}
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as new (file: string) => Db;

const db = new Database(process.env.DB_FILE ?? 'hocuspocus.sqlite');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))');
const select = db.prepare('SELECT data FROM "documents" WHERE name = ? ORDER BY rowid DESC');
const upsert = db.prepare('INSERT INTO "documents" ("name", "data") VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data');

const args = process.argv.slice(2);
const seedIndex = args.indexOf('--seed');
if (seedIndex >= 0) {
  const seed = readFileSync(args[seedIndex + 1]!);
  for (const doc of (args[args.indexOf('--docs') + 1] ?? '').split(',').filter(Boolean)) upsert.run(doc, seed);
  db.close();
  process.exit(0);
}

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: '127.0.0.1',
  quiet: true,
  async onLoadDocument({ documentName, document }) {
    // As extension-database does: fetch, then apply to the document being loaded.
    const row = select.get(documentName) as { data: Buffer } | undefined;
    if (row) Y.applyUpdate(document, new Uint8Array(row.data));
    return document;
  },
  async onStoreDocument({ documentName, document }) {
    upsert.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
  },
});
await server.listen();

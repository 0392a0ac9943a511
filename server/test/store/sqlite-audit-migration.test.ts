/**
 * The migration that lets a document's deletion entry outlive it (the audit log
 * loses its foreign key to documents; SQLite copies the table to drop one): a
 * database from before keeps every entry, numbering goes on where it was — past
 * the entries of documents deleted before the upgrade — and the log is still
 * append-only.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/sqlite-migrations.js';
import { openSqliteStores } from '../../src/store/open-stores.js';

const MIGRATION = migrations.findIndex((m) => m.includes('CREATE TABLE audit_log_new'));

describe('SQLite: the audit log without a foreign key to documents', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'concord-audit-migration-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every entry and goes on numbering after the highest ever used', async () => {
    expect(MIGRATION).toBeGreaterThan(0);
    const file = join(dir, 'concord.sqlite');
    // A database as the server before this migration left it.
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    for (const sql of migrations.slice(0, MIGRATION)) old.exec(sql);
    old.pragma(`user_version = ${MIGRATION}`);
    const insertDoc = old.prepare("INSERT INTO documents (id, title, created_at, updated_at) VALUES (?, ?, 'T', 'T')");
    const insertEntry = old.prepare("INSERT INTO audit_log (doc_id, at, actor_id, action, details) VALUES (?, 'T', 'u1', ?, '{}')");
    insertDoc.run('kept', 'Kept');
    insertDoc.run('gone', 'Gone');
    insertEntry.run('kept', 'rule.changed');
    insertEntry.run('gone', 'rule.changed');
    insertEntry.run('gone', 'rule.changed');
    old.prepare('DELETE FROM documents WHERE id = ?').run('gone'); // its entries 2 and 3 go with it (cascade)
    old.close();

    const stores = openSqliteStores(file);
    try {
      expect((await stores.consensus.listAudit('kept')).map((e) => [e.seq, e.action])).toEqual([[1, 'rule.changed']]);
      // Numbers 2 and 3 were used by the deleted document's entries: never again.
      await stores.docs.deleteDoc('kept', {
        docId: 'kept',
        at: 'T2',
        actorId: 'u1',
        action: 'doc.deleted',
        blockId: null,
        details: { title: 'Kept' },
      });
      expect((await stores.consensus.listAudit('kept')).map((e) => [e.seq, e.action])).toEqual([[4, 'doc.deleted']]);
      expect(() => stores.db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    } finally {
      await stores.close();
    }
  });
});

/**
 * Attacks that could take the process down run against a real server process:
 * the attacker, a signed-in account with a document of its own, is written
 * straight into a fresh data dir, then the server is started on it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { addUser } from '@concord/server/auth/accounts';
import { createDocument } from '@concord/server/docs/create-document';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { makeDataDir } from '../../helpers/server.js';
import { seededSessionCookie } from '../../helpers/sessions.js';

export interface SeededDataDir {
  dataDir: string;
  dbFile: string;
  docId: string;
  /** Session cookie of the document's author. */
  cookie: string;
  remove(): void;
}

export async function seedDataDir(options: { initialUpdate?: Uint8Array } = {}): Promise<SeededDataDir> {
  const dataDir = makeDataDir();
  const dbFile = join(dataDir, 'concord.sqlite');
  const stores = openSqliteStores(dbFile);
  try {
    const user = await addUser(stores.accounts, {
      email: `attacker-${Date.now()}@test.concord`,
      name: 'Attacker',
      password: 'attacker password',
    });
    const sessionCookie = await seededSessionCookie(stores.accounts, user.id);
    const doc = await createDocument(stores, {
      title: 'Attack',
      authorId: user.id,
      ...(options.initialUpdate ? { initialUpdate: options.initialUpdate } : {}),
    });
    return {
      dataDir,
      dbFile,
      docId: doc.id,
      cookie: sessionCookie,
      remove: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  } finally {
    await stores.close();
  }
}

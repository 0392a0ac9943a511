/**
 * A fresh data dir written straight through the SQLite store: people with live
 * sessions and documents, ready for a server started on it as a child process
 * (helpers/process.ts), which accepts the cookies at once. For the tests that
 * kill, restart or starve a real process: crash tests, attacks, limits.
 * (multi/pg-crash.test.ts seeds PostgreSQL instead.)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDocument } from '@concord/server/docs/create-document';
import { openSqliteStores } from '@concord/server/store/open-stores';
import type { Role, User } from '@concord/server/store/types';
import { makeDataDir } from './server.js';
import { seededSessionCookie } from './sessions.js';
import { addFixtureUser } from './users.js';

type SqliteStores = ReturnType<typeof openSqliteStores>;

interface SeedPerson {
  name: string;
  /** Default: from the name, unique in this data dir. */
  email?: string;
  /** Their role in every document; ignored for the first person, every document's author. Default commissioner. */
  role?: Exclude<Role, 'author'>;
}

interface SeedOptions {
  /** The first is every document's author. Default: one person, "Author". */
  people?: SeedPerson[];
  /** Default: one document, "Seeded". */
  docs?: { title?: string; initialUpdate?: Uint8Array }[];
  /** Default: a fresh temp dir. */
  dataDir?: string;
  /** More rows, written through the same stores before they close (a mail preference, a rule …). */
  also?: (stores: SqliteStores, seeded: SeededDataDir) => Promise<void>;
}

interface SeededPerson {
  user: User;
  /** A live session's cookie header value. */
  cookie: string;
}

export interface SeededDataDir {
  dataDir: string;
  dbFile: string;
  /** In the order given. */
  docIds: string[];
  /** The first document. */
  docId: string;
  /** In the order given; the first is the author. */
  people: SeededPerson[];
  /** The author's session cookie. */
  cookie: string;
  /** The session cookie of the person with this name. */
  cookieOf: (name: string) => string;
  /** Deletes the data dir. */
  remove: () => void;
}

export async function seedDataDir(options: SeedOptions = {}): Promise<SeededDataDir> {
  const { people: wanted = [{ name: 'Author' }], docs = [{}] } = options;
  if (wanted.length === 0) throw new Error('a seeded data dir needs an author');
  const dataDir = options.dataDir ?? makeDataDir();
  const dbFile = join(dataDir, 'concord.sqlite');
  const stores = openSqliteStores(dbFile);
  try {
    const people: SeededPerson[] = [];
    for (const [i, p] of wanted.entries()) {
      const email = p.email ?? `${p.name.toLowerCase().replace(/\W+/g, '.')}.${i}@seeded.concord`;
      const user = await addFixtureUser(stores.accounts, { email, name: p.name });
      people.push({ user, cookie: await seededSessionCookie(stores.accounts, user.id) });
    }
    const author = people[0]!;
    const docIds: string[] = [];
    for (const d of docs) {
      const doc = await createDocument(stores, {
        title: d.title ?? 'Seeded',
        authorId: author.user.id,
        ...(d.initialUpdate ? { initialUpdate: d.initialUpdate } : {}),
      });
      for (const [i, p] of people.entries())
        if (i > 0) await stores.members.setMember(doc.id, p.user.id, wanted[i]!.role ?? 'commissioner');
      docIds.push(doc.id);
    }
    const seeded: SeededDataDir = {
      dataDir,
      dbFile,
      docIds,
      docId: docIds[0]!,
      people,
      cookie: author.cookie,
      cookieOf: (name) => {
        const found = people.find((p) => p.user.name === name);
        if (!found) throw new Error(`nobody called ${name} was seeded`);
        return found.cookie;
      },
      remove: () => rmSync(dataDir, { recursive: true, force: true }),
    };
    await options.also?.(stores, seeded);
    return seeded;
  } finally {
    await stores.close();
  }
}

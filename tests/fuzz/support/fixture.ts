/**
 * Users, sessions and a document for hardening tests: over HTTP against an
 * in-process server, or written straight into a data dir for a server that runs
 * as a child process (tests/helpers/process.ts).
 */
import { join } from 'node:path';
import { addUser } from '@concord/server/auth/accounts';
import { createDocument } from '@concord/server/docs/create-document';
import { openSqliteStores } from '@concord/server/store/open-stores';
import type { Role } from '@concord/server/store/types';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { seededSessionCookie } from '../../helpers/sessions.js';

export interface DocFixture {
  server: TestServer;
  docId: string;
  /** The document's author: the well-behaved client. */
  good: SignedIn;
  /** A commissioner who sends hostile bytes. */
  attacker: SignedIn;
  /** A read-only member: watches the server's state, and attacks without write rights. */
  observer: SignedIn;
  /** Every Yjs client id the server itself used (one per load of the document). */
  serverClientIds: Set<number>;
}

/** A real server (in this process, port 0, temp SQLite) with one document and three members. */
export async function startDocFixture(env: Record<string, string> = {}, dataDir?: string): Promise<DocFixture> {
  const server = await startTestServer({ env, ...(dataDir ? { dataDir } : {}) });
  const serverClientIds = watchServerClientIds(server);
  const good = await signedInUser(server, 'Good Author');
  const attacker = await signedInUser(server, 'Hostile Commissioner');
  const observer = await signedInUser(server, 'Quiet Observer');
  const docId = await createDocWithMembers(server, good, [
    { user: attacker.user, role: 'commissioner' },
    { user: observer.user, role: 'observer' },
  ]);
  return { server, docId, good, attacker, observer, serverClientIds };
}

/** Records the Yjs client id of every document the server loads (its own block-id updates use it). */
export function watchServerClientIds(server: TestServer, into = new Set<number>()): Set<number> {
  server.services.rooms.onRoomCreated((room) => into.add(room.doc.clientID));
  return into;
}

export interface SeededDataDir {
  dataDir: string;
  dbFile: string;
  docIds: string[];
  /** Cookie per user name given. */
  cookies: Record<string, string>;
}

/**
 * Writes users with live sessions and documents into `dataDir`, so a server
 * started there as a child process accepts the cookies at once.
 */
export async function seedDataDir(
  dataDir: string,
  users: { name: string; role: Role }[],
  docCount = 1,
  initialUpdate?: (index: number) => Uint8Array | undefined,
): Promise<SeededDataDir> {
  const dbFile = join(dataDir, 'concord.sqlite');
  const stores = openSqliteStores(dbFile);
  try {
    const cookies: Record<string, string> = {};
    const ids: Record<string, string> = {};
    for (const u of users) {
      const user = await addUser(stores.accounts, {
        email: `${u.name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@test.concord`,
        name: u.name,
        password: 'hardening password',
      });
      const sessionCookie = await seededSessionCookie(stores.accounts, user.id);
      cookies[u.name] = sessionCookie;
      ids[u.name] = user.id;
    }
    const author = users[0]!;
    const docIds: string[] = [];
    for (let i = 0; i < docCount; i++) {
      const initial = initialUpdate?.(i);
      const doc = await createDocument(stores, {
        title: `Hardening ${i + 1}`,
        authorId: ids[author.name]!,
        ...(initial ? { initialUpdate: initial } : {}),
      });
      for (const u of users.slice(1)) await stores.members.setMember(doc.id, ids[u.name]!, u.role);
      docIds.push(doc.id);
    }
    return { dataDir, dbFile, docIds, cookies };
  } finally {
    await stores.close();
  }
}

/** GET /healthz; resolves with the time it took, rejects if it fails or takes longer than `timeoutMs`. */
export async function healthz(serverUrl: string, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${serverUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
  await res.text();
  return performance.now() - started;
}

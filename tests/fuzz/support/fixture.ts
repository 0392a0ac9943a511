/**
 * Users, sessions and a document for hardening tests, over HTTP against an
 * in-process server. (For a server that runs as a child process, the data dir is
 * seeded straight through the store: helpers/seeded-data-dir.ts.)
 */
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';

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

/** GET /healthz; resolves with the time it took, rejects if it fails or takes longer than `timeoutMs`. */
export async function healthz(serverUrl: string, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${serverUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
  await res.text();
  return performance.now() - started;
}

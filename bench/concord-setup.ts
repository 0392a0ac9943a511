/**
 * Prepares a Concord DATA_DIR before the server process starts: an author, a
 * pool of commissioners and observers, documents holding the benchmark report,
 * memberships, and one session per benchmark connection.
 *
 * Sessions are minted with the server's own SessionService rather than through
 * POST /api/auth/login, because the login route (rightly) allows 50 sign-ins per
 * address per 15 minutes and a ramp opens hundreds of sockets. The author signs
 * in over HTTP once per server start (see targets.ts), which checks that path.
 */
import { openSqliteStores } from '@concord/server/store/open-stores';
import { addUser } from '@concord/server/auth/accounts';
import { SessionService, SESSION_COOKIE } from '@concord/server/auth/sessions';
import { createDocument } from '@concord/server/docs/create-document';
import type { Role, Stores, User } from '@concord/server/store/types';
import { extractBlocks, ydocToProseMirror } from '@concord/shared';
import * as Y from 'yjs';

export const BENCH_PASSWORD = 'bench password 1';
export const AUTHOR_EMAIL = 'author@bench.concord';

export interface ConcordSetup {
  docIds: string[];
  /** One cookie per writer connection (commissioners), then per reader connection (observers). */
  writerCookies: string[];
  readerCookies: string[];
}

export interface ConcordSetupOptions {
  seed: Uint8Array;
  docs: number;
  writers: number;
  readers: number;
  /** Distinct user accounts per role; connections beyond that share accounts, each with its own session. */
  commissioners?: number;
  observers?: number;
  /** A reviewed report (browser scenario): every commissioner's vote on every block, and this many open threads. */
  reviewed?: { threads: number };
}

/** Prepares a SQLite database file (DATA_DIR/concord.sqlite). */
export async function setupConcord(dbFile: string, options: ConcordSetupOptions): Promise<ConcordSetup> {
  const stores = openSqliteStores(dbFile);
  try {
    return await setupConcordOn(stores, options);
  } finally {
    await stores.close();
  }
}

/** Prepares any open stores (PostgreSQL for the scale scenario); the caller closes them. */
export async function setupConcordOn(stores: Stores, options: ConcordSetupOptions): Promise<ConcordSetup> {
  const sessions = new SessionService(stores.accounts, 30 * 24 * 3600 * 1000);
  const author = await addUser(stores.accounts, { email: AUTHOR_EMAIL, name: 'Report Author', password: BENCH_PASSWORD });
  const pool = async (count: number, label: string): Promise<User[]> => {
    const users: User[] = [];
    for (let i = 0; i < count; i++) {
      users.push(
        await addUser(stores.accounts, { email: `${label}${i + 1}@bench.concord`, name: `${label} ${i + 1}`, password: BENCH_PASSWORD }),
      );
    }
    return users;
  };
  const commissioners = await pool(Math.max(1, Math.min(options.writers, options.commissioners ?? 16)), 'commissioner');
  const observers = await pool(Math.max(1, Math.min(options.readers, options.observers ?? 4)), 'observer');
  const docIds: string[] = [];
  for (let d = 0; d < options.docs; d++) {
    const meta = await createDocument(stores, { title: `Benchmark report ${d + 1}`, authorId: author.id, initialUpdate: options.seed });
    const add = async (users: User[], role: Role) => {
      for (const u of users) await stores.members.setMember(meta.id, u.id, role);
    };
    await add(commissioners, 'commissioner');
    await add(observers, 'observer');
    if (options.reviewed) await review(stores, meta.id, options.seed, commissioners, options.reviewed.threads);
    docIds.push(meta.id);
  }
  const cookies = async (users: User[], count: number) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(`${SESSION_COOKIE}=${(await sessions.create(users[i % users.length]!.id)).token}`);
    return out;
  };
  return {
    docIds,
    writerCookies: await cookies(commissioners, options.writers),
    readerCookies: await cookies(observers, options.readers),
  };
}

/** Every commissioner agrees with every block (every seventh is disputed by one), and `threads` open threads on blocks spread through the report. */
async function review(stores: Stores, docId: string, seed: Uint8Array, commissioners: User[], threads: number): Promise<void> {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, seed);
  const blocks = extractBlocks(ydocToProseMirror(ydoc)).filter((b) => b.id);
  const at = new Date().toISOString();
  for (const [i, user] of commissioners.entries()) {
    const votes = blocks.map((b, n) => ({
      docId,
      blockId: b.id!,
      userId: user.id,
      stance: i === 0 && n % 7 === 3 ? ('dispute' as const) : ('agree' as const),
      reason: i === 0 && n % 7 === 3 ? 'Not this wording.' : null,
      fingerprint: b.fingerprint,
      text: b.text,
      at,
    }));
    await stores.consensus.putVotes(votes, { docId, actorId: user.id, at, sectionId: null });
  }
  const step = Math.max(1, Math.floor(blocks.length / Math.max(1, threads)));
  for (let t = 0; t < threads && t * step < blocks.length; t++) {
    const block = blocks[t * step]!;
    const author = commissioners[t % commissioners.length]!;
    const id = `bench-thread-${t}`;
    await stores.comments.createThread(
      {
        id,
        docId,
        blockId: block.id!,
        quote: null,
        anchorText: block.text,
        createdBy: author.id,
        createdAt: at,
        status: 'open',
        resolvedBy: null,
        resolvedAt: null,
      },
      {
        id: `${id}-c0`,
        threadId: id,
        docId,
        authorId: author.id,
        text: `Comment ${t} on this paragraph.`,
        createdAt: at,
        editedAt: null,
        deletedAt: null,
      },
    );
  }
}

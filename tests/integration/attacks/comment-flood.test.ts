/**
 * Issue 12 #8: no cap on comments per document, and every thread request read
 * all of them (20 000 comments: 20 s per list, 8 s stalls). Now a document holds
 * at most MAX_COMMENTS_PER_DOCUMENT, the list comes in pages, and a request reads
 * only the comments of the threads it returns — counted in rows, not timed.
 */
import { join } from 'node:path';
import { openSqlite } from '@concord/server/store/sqlite-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_THREADS_LISTED, docFragment, MAX_COMMENTS_PER_DOCUMENT, MAX_THREADS_LISTED, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { api, createCommissionDoc, signedInCommission, type Commission } from '../../helpers/users.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';

let server: TestServer;
let people: Commission;
let docId: string;
const THREADS = 600;
const PER_THREAD = 8;
/** Seeded straight into the file, leaving room for exactly two more through the API. */
const SEEDED = MAX_COMMENTS_PER_DOCUMENT - 2;

beforeAll(async () => {
  server = await startTestServer();
  people = await signedInCommission(server);
  docId = await createCommissionDoc(server, people);
  const writer = stockClient(server.url, docId, people.author.cookie);
  await synced(writer);
  replaceDocContent(writer.doc, {
    type: 'doc',
    content: [{ type: 'paragraph', attrs: { id: 'p1' }, content: [{ type: 'text', text: 'Text.' }] }],
  });
  await waitFor(() => docFragment(server.services.rooms.get(docId)?.doc ?? new Y.Doc()).length === 1, 30_000, 'the paragraph');
  writer.destroy();
  // A flood as a script would leave it (one transaction, beside the running server, like the CLI).
  const db = openSqlite(join(server.dataDir, 'concord.sqlite'));
  const at = new Date().toISOString();
  const thread = db.prepare(
    "INSERT INTO comment_threads (id, doc_id, block_id, quote, anchor_text, created_by, created_at, status) VALUES (?, ?, 'p1', NULL, 'Text.', ?, ?, 'open')",
  );
  const comment = db.prepare('INSERT INTO comments (id, thread_id, doc_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    let n = 0;
    for (let t = 0; t < THREADS; t++) {
      thread.run(`t-flood-${t}`, docId, people.c1.user.id, at);
      const count = t === THREADS - 1 ? SEEDED - n : PER_THREAD;
      for (let c = 0; c < count; c++) comment.run(`c-flood-${t}-${c}`, `t-flood-${t}`, docId, people.c1.user.id, `comment ${n++}`, at);
    }
  })();
  db.close();
}, 60_000);

afterAll(async () => {
  await server?.dispose();
});

/** SqliteCommentStore's count of comment rows read. */
function rowsRead(): number {
  const store: object = server.services.stores.comments;
  if (!('commentRowsRead' in store) || typeof store.commentRowsRead !== 'number')
    throw new Error('the test server stores comments in SQLite');
  return store.commentRowsRead;
}
const threads = (query: string) => api(server, people.c2.cookie, 'GET', `/api/docs/${docId}/threads${query}`);
type Page = { threads: { id: string; comments: unknown[] }[]; nextCursor: string | null };

describe('comments per document are capped and the thread list is paged (issue 12 #8)', () => {
  it('one page reads only its own threads’ comments; paging through reads each comment once', { timeout: 300_000 }, async () => {
    const before = rowsRead();
    const first = await threads('');
    expect(first.status).toBe(200);
    const page = first.body as Page;
    expect(page.threads).toHaveLength(DEFAULT_THREADS_LISTED);
    expect(page.nextCursor).toBe(page.threads.at(-1)!.id);
    expect(rowsRead() - before).toBe(DEFAULT_THREADS_LISTED * PER_THREAD);

    const start = rowsRead();
    const seen: string[] = [];
    let cursor: string | null = null;
    let requests = 0;
    do {
      const res = await threads(`?limit=${MAX_THREADS_LISTED}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body = res.body as Page;
      seen.push(...body.threads.map((t) => t.id));
      cursor = body.nextCursor;
      requests++;
    } while (cursor !== null);
    expect(requests).toBe(Math.ceil(THREADS / MAX_THREADS_LISTED));
    expect(new Set(seen).size).toBe(THREADS);
    expect(rowsRead() - start).toBe(SEEDED);

    const one = rowsRead();
    expect((await api(server, people.c2.cookie, 'GET', `/api/docs/${docId}/threads/t-flood-3`)).status).toBe(200);
    expect(rowsRead() - one).toBe(PER_THREAD);
  });

  it('refuses bad pages with 400', async () => {
    for (const query of ['?limit=0', `?limit=${MAX_THREADS_LISTED + 1}`, '?limit=ten', '?cursor=no-such-thread']) {
      const res = await threads(query);
      expect(res.status, query).toBe(400);
    }
  });

  it(`the ${MAX_COMMENTS_PER_DOCUMENT}th comment is the last: further threads and replies get 409, nothing stored`, async () => {
    const path = `/api/docs/${docId}/threads`;
    expect((await api(server, people.c1.cookie, 'POST', `${path}/t-flood-0/replies`, { text: 'one more' })).status).toBe(201);
    expect((await api(server, people.c1.cookie, 'POST', path, { blockId: 'p1', text: 'the last one' })).status).toBe(201);
    expect(await server.services.stores.comments.countComments(docId)).toBe(MAX_COMMENTS_PER_DOCUMENT);
    const reply = await api(server, people.c2.cookie, 'POST', `${path}/t-flood-0/replies`, { text: 'too many' });
    expect(reply.status).toBe(409);
    expect(JSON.stringify(reply.body)).toContain(`limit of ${MAX_COMMENTS_PER_DOCUMENT} comments`);
    expect((await api(server, people.c2.cookie, 'POST', path, { blockId: 'p1', text: 'too many' })).status).toBe(409);
    expect(await server.services.stores.comments.countComments(docId)).toBe(MAX_COMMENTS_PER_DOCUMENT);
  });
});

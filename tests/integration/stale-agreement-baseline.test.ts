/**
 * The stale-agreement watcher looks at the whole document once, as the room
 * loads, and not on the first keystrokes (issues 11, 21): on a reviewed report
 * that first look converts and fingerprints every block, and it used to run
 * ~100 ms after the room's first commit, on the cores the typing shares. After
 * it, the check that a keystroke causes converts only the block it changed,
 * whatever the size of the document (counted, not timed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';

let server: TestServer;
let author: SignedIn, commissioner: SignedIn;
const cleanup: (() => void)[] = [];

beforeEach(async () => {
  server = await startTestServer();
  [author, commissioner] = await Promise.all(['Author', 'Ines'].map((n) => signedInUser(server, n)));
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await server.dispose();
});

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });

function client(docId: string): StockClient {
  const c = stockClient(server.url, docId, author.cookie);
  cleanup.push(() => c.destroy());
  return c;
}

/**
 * A document of `blocks` paragraphs, every one agreed to by the commissioner, and no longer
 * loaded. Block ids differ between documents: a notice is de-duplicated per (voter, block, text).
 */
async function reviewedDoc(blocks: number): Promise<string> {
  const docId = await createDocWithMembers(server, author, [{ user: commissioner.user, role: 'commissioner' }], `Report of ${blocks}`);
  const writer = client(docId);
  await synced(writer);
  const texts = Array.from({ length: blocks }, (_, i) => `Paragraph ${i}.`);
  replaceDocContent(writer.doc, { type: 'doc', content: texts.map((t, i) => para(`b${blocks}-${i}`, t)) });
  await waitFor(() => docFragment(server.services.rooms.get(docId)!.doc).length === blocks, 30_000, 'content on the server');
  const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
  const fingerprints = new Map<string, string>(
    (view.body.blocks as { id: string; fingerprint: string }[]).map((b) => [b.id, b.fingerprint]),
  );
  const at = new Date().toISOString();
  await server.services.stores.consensus.putVotes(
    texts.map((text, i) => ({
      docId,
      blockId: `b${blocks}-${i}`,
      userId: commissioner.user.id,
      stance: 'agree' as const,
      reason: null,
      fingerprint: fingerprints.get(`b${blocks}-${i}`)!,
      text,
      at,
    })),
    { docId, actorId: commissioner.user.id, at, sectionId: null },
  );
  writer.destroy();
  await waitFor(() => server.services.rooms.get(docId) === undefined, 30_000, 'the document unloaded');
  return docId;
}

function append(c: StockClient, id: string, text: string): void {
  const el = docFragment(c.doc)
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id) as Y.XmlElement;
  const t = el.get(0) as Y.XmlText;
  t.insert(t.length, text);
}

async function staleNotices(): Promise<number> {
  const res = await api(server, commissioner.cookie, 'GET', '/api/notifications');
  return (res.body.notifications as { kind: string }[]).filter((n) => n.kind === 'agreement_stale').length;
}

describe('the stale-agreement watcher', () => {
  it('looks at the whole document as the room loads; a keystroke then costs its check one block, on a report of any size', async () => {
    const keystroke: number[] = [];
    for (const blocks of [20, 80]) {
      const docId = await reviewedDoc(blocks);
      const editor = client(docId);
      await synced(editor);
      const room = server.services.rooms.get(docId)!;
      const converted = () => server.services.consensus.blocksConverted(room);
      // Nobody has typed: the first check runs because the room loaded.
      await waitFor(() => converted() >= blocks, 30_000, 'the check as the room loads');
      expect(converted()).toBe(blocks);
      const before = converted();
      const noticesBefore = await staleNotices();
      append(editor, `b${blocks}-1`, ' Changed.');
      // The check after this commit finds that agreement stale (at most one check every 2 s).
      const start = Date.now();
      while ((await staleNotices()) === noticesBefore && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 100));
      expect(await staleNotices()).toBe(noticesBefore + 1);
      keystroke.push(converted() - before);
    }
    expect(keystroke).toEqual([1, 1]);
  });
});

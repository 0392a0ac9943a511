import { cpSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { docFragment } from '@concord/shared';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn, signedInCommission, createCommissionDoc } from '../helpers/users.js';
import { afterCreation } from '../helpers/audit.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';

let server: TestServer;
let author: SignedIn, c1: SignedIn, c2: SignedIn, publisher: SignedIn, observer: SignedIn, outsider: SignedIn;
let docId: string;
const clients: StockClient[] = [];

beforeEach(async () => {
  server = await startTestServer();
  ({ author, c1, c2, publisher, observer, outsider } = await signedInCommission(server));
  docId = await createCommissionDoc(server, { author, c1, c2, publisher, observer, outsider });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.dispose();
});

/** Writes paragraphs without ids through the stock client, as a non-Concord tool would. */
async function writeParagraphs(who: SignedIn, texts: string[]): Promise<StockClient> {
  const client = stockClient(server.url, docId, who.cookie);
  clients.push(client);
  await synced(client);
  const fragment = docFragment(client.doc);
  client.doc.transact(() => {
    fragment.insert(
      fragment.length,
      texts.map((t) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(t)]);
        return p;
      }),
    );
  });
  return client;
}

async function consensus(who: SignedIn = author) {
  const res = await api(server, who.cookie, 'GET', `/api/docs/${docId}/consensus`);
  expect(res.status).toBe(200);
  return res.body as {
    blocks: {
      id: string;
      text: string;
      fingerprint: string;
      status: string;
      stale: boolean;
      votes: { userId: string; stale: boolean; votedText?: string }[];
    }[];
  };
}

async function blocksWithIds(count: number) {
  let view = await consensus();
  const start = Date.now();
  while (!(view.blocks.length === count && view.blocks.every((b) => b.id))) {
    if (Date.now() - start > 30_000) throw new Error('server did not assign block ids');
    await new Promise((r) => setTimeout(r, 50));
    view = await consensus();
  }
  return view.blocks;
}

const vote = (who: SignedIn, blockId: string, body: unknown) =>
  api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${blockId}/vote`, body);

describe('votes are server-authoritative', () => {
  it('gives ids to blocks written by a stock client, and two agreeing commissioners make a block agreed', async () => {
    await writeParagraphs(author, ['First paragraph.', 'Second paragraph.']);
    const [first] = await blocksWithIds(2);
    expect((await vote(c1, first!.id, { stance: 'agree', fingerprint: first!.fingerprint })).status).toBe(200);
    expect((await consensus()).blocks[0]!.status).toBe('in_review');
    expect((await vote(c2, first!.id, { stance: 'agree', fingerprint: first!.fingerprint })).status).toBe(200);
    const after = await consensus();
    expect(after.blocks[0]!.status).toBe('agreed');
    expect(after.blocks[1]!.status).toBe('unreviewed');
  });

  it('an agreed paragraph edited over the socket immediately reads as stale', async () => {
    const writer = await writeParagraphs(author, ['Agreed words.']);
    const [block] = await blocksWithIds(1);
    await vote(c1, block!.id, { stance: 'agree', fingerprint: block!.fingerprint });
    await vote(c2, block!.id, { stance: 'agree', fingerprint: block!.fingerprint });
    const agreed = await consensus();
    expect(agreed.blocks[0]!.status).toBe('agreed');
    // Votes on the current wording do not repeat the block's text (it is the block's `text`).
    expect(agreed.blocks[0]!.votes.map((v) => v.votedText)).toEqual([undefined, undefined]);

    // Another client (a commissioner) edits the text.
    const editor = stockClient(server.url, docId, c1.cookie);
    clients.push(editor);
    await synced(editor);
    await waitFor(() => docFragment(editor.doc).length === 1, 30_000, 'doc content');
    const p = docFragment(editor.doc).get(0) as Y.XmlElement;
    (p.get(0) as Y.XmlText).insert(0, 'Changed: ');
    await waitFor(() => (docFragment(writer.doc).get(0) as Y.XmlElement).toString().includes('Changed'), 30_000, 'edit reaches others');

    const view = await consensus();
    expect(view.blocks[0]!.text).toBe('Changed: Agreed words.');
    expect(view.blocks[0]!.status).not.toBe('agreed');
    expect(view.blocks[0]!.stale).toBe(true);
    expect(view.blocks[0]!.votes.every((v) => v.stale)).toBe(true);
    // A stale vote says what it was cast on.
    expect(view.blocks[0]!.votes.map((v) => v.votedText)).toEqual(['Agreed words.', 'Agreed words.']);
  });

  it('refuses votes from every role that may not vote, and records nothing', async () => {
    await writeParagraphs(author, ['Text.']);
    const [block] = await blocksWithIds(1);
    const body = { stance: 'agree', fingerprint: block!.fingerprint };
    expect((await vote(author, block!.id, body)).status).toBe(403);
    expect((await vote(publisher, block!.id, body)).status).toBe(403);
    expect((await vote(observer, block!.id, body)).status).toBe(403);
    expect((await vote(outsider, block!.id, body)).status).toBe(404);
    expect((await api(server, undefined, 'PUT', `/api/docs/${docId}/blocks/${block!.id}/vote`, body)).status).toBe(401);
    expect((await vote(c1, 'no-such-block', body)).status).toBe(404);
    expect((await vote(c1, block!.id, { stance: 'agree', fingerprint: 'ab'.repeat(32) })).status).toBe(409);
    expect((await vote(c1, block!.id, { stance: 'dispute', fingerprint: block!.fingerprint })).status).toBe(400);
    expect((await vote(c1, block!.id, { stance: 'dispute', reason: 'x'.repeat(2001), fingerprint: block!.fingerprint })).status).toBe(400);
    expect((await vote(c1, block!.id, { stance: 'maybe', fingerprint: block!.fingerprint })).status).toBe(400);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
    expect(afterCreation(await server.services.stores.consensus.listAudit(docId))).toEqual([]);
  });

  it('a stale fingerprint gets 409 with the current text', async () => {
    await writeParagraphs(author, ['Current text.']);
    const [block] = await blocksWithIds(1);
    const res = await vote(c1, block!.id, { stance: 'agree', fingerprint: 'cd'.repeat(32) });
    expect(res.status).toBe(409);
    expect(res.body.error.details.text).toBe('Current text.');
  });

  it('a vote flood is rate-limited with 429', async () => {
    await writeParagraphs(author, ['Text.']);
    const [block] = await blocksWithIds(1);
    // Sent at once: the budget (a burst of 30, 5 a second) is what limits them, not how slow the machine is.
    const statuses = (
      await Promise.all(Array.from({ length: 60 }, () => vote(c1, block!.id, { stance: 'agree', fingerprint: block!.fingerprint })))
    ).map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
  });

  it('the vote budget belongs to the server: two servers in one process with the same accounts do not share it', async () => {
    await writeParagraphs(author, ['Text.']);
    const [block] = await blocksWithIds(1);
    const body = { stance: 'agree', fingerprint: block!.fingerprint };
    // A copy of the data directory: same account ids on a second server in this process.
    for (const c of clients.splice(0)) c.destroy();
    await server.stop();
    const copyDir = makeDataDir();
    cpSync(server.dataDir, copyDir, { recursive: true });
    onTestFinished(() => rmSync(copyDir, { recursive: true, force: true }));
    const original = server;
    server = await startTestServer({ dataDir: original.dataDir });
    onTestFinished(() => rmSync(original.dataDir, { recursive: true, force: true }));
    const second = await startTestServer({ dataDir: copyDir });
    onTestFinished(() => second.stop());
    const flood = (target: TestServer) =>
      Promise.all(
        // 100 at once against a burst of 30 refilled at 5/s: the 429s cannot depend on how fast a loaded machine answers.
        Array.from({ length: 100 }, () => api(target, c1.cookie, 'PUT', `/api/docs/${docId}/blocks/${block!.id}/vote`, body)),
      ).then((responses) => responses.map((r) => r.status));
    const first = await flood(server);
    expect(first).toContain(429);
    const other = await flood(second);
    // A budget shared through the module would leave the second server only what refilled meanwhile.
    expect(other.filter((s) => s === 200).length).toBeGreaterThanOrEqual(30);
  });

  it('audits votes and withdrawals; the audit log is for authors and publishers only', async () => {
    await writeParagraphs(author, ['Text.']);
    const [block] = await blocksWithIds(1);
    await vote(c1, block!.id, { stance: 'dispute', reason: 'Too vague', fingerprint: block!.fingerprint });
    expect((await api(server, c1.cookie, 'DELETE', `/api/docs/${docId}/blocks/${block!.id}/vote`)).status).toBe(200);
    const audit = await api(server, publisher.cookie, 'GET', `/api/docs/${docId}/audit`);
    expect(audit.status).toBe(200);
    expect(afterCreation(audit.body.entries).map((e: { action: string }) => e.action)).toEqual(['vote.cast', 'vote.withdrawn']);
    expect((await api(server, c1.cookie, 'GET', `/api/docs/${docId}/audit`)).status).toBe(403);
    expect((await api(server, observer.cookie, 'GET', `/api/docs/${docId}/audit`)).status).toBe(403);
  });
});

/**
 * Issue 14 #13: sign-off by section. `POST /api/docs/:id/votes` records one
 * vote per block against each block's current fingerprint, all or nothing (a
 * changed block fails the whole request with 409 listing it), audited as one
 * act; one request costs one rate-limit token; 429s carry Retry-After; the
 * document list says how many blocks wait for my review.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn, signedInCommission, createCommissionDoc } from '../helpers/users.js';
import { afterCreation } from '../helpers/audit.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';

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

interface Block {
  id: string;
  text: string;
  fingerprint: string;
  sectionId: string | null;
  status: string;
  votes: { userId: string; stance: string }[];
}

async function writeBlocks(texts: string[]): Promise<StockClient> {
  const client = stockClient(server.url, docId, author.cookie);
  clients.push(client);
  await synced(client);
  const fragment = docFragment(client.doc);
  client.doc.transact(() => {
    fragment.insert(
      fragment.length,
      texts.map((t) => {
        const heading = t.startsWith('# ');
        const el = new Y.XmlElement(heading ? 'heading' : 'paragraph');
        if (heading) el.setAttribute('level', 1 as unknown as string);
        el.insert(0, [new Y.XmlText(heading ? t.slice(2) : t)]);
        return el;
      }),
    );
  });
  return client;
}

async function blocks(count: number): Promise<Block[]> {
  const start = Date.now();
  for (;;) {
    const res = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
    const list = res.body.blocks as Block[];
    if (list.length === count && list.every((b) => b.id)) return list;
    if (Date.now() - start > 30_000) throw new Error('server did not assign block ids');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const signOff = (who: SignedIn | undefined, body: unknown) => api(server, who?.cookie, 'POST', `/api/docs/${docId}/votes`, body);
const agreeAll = (list: Block[]) => ({ votes: list.map((b) => ({ blockId: b.id, fingerprint: b.fingerprint, stance: 'agree' })) });

describe('sign-off by section', () => {
  it('records one vote per block at once, audited as one act with each vote pointing at it', async () => {
    await writeBlocks(['# Findings', 'One.', 'Two.', '# Other', 'Three.']);
    const all = await blocks(5);
    const section = all.slice(0, 3);
    const res = await signOff(c1, { ...agreeAll(section), sectionId: section[0]!.id });
    expect(res.status).toBe(200);
    expect(res.body.votes.map((v: { stance: string }) => v.stance)).toEqual(['agree', 'agree', 'agree']);

    const after = await blocks(5);
    expect(after.slice(0, 3).every((b) => b.votes.some((v) => v.userId === c1.user.id && v.stance === 'agree'))).toBe(true);
    expect(after.slice(3).every((b) => b.votes.length === 0)).toBe(true);

    const audit = afterCreation(
      (await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).body.entries as {
        seq: number;
        action: string;
        blockId: string | null;
        details: Record<string, unknown>;
      }[],
    );
    expect(audit.map((e) => e.action)).toEqual(['vote.batch', 'vote.cast', 'vote.cast', 'vote.cast']);
    const batch = audit[0]!;
    expect(batch.details).toMatchObject({ count: 3, sectionId: section[0]!.id, stance: 'agree', blockIds: section.map((b) => b.id) });
    expect(batch.blockId).toBe(section[0]!.id);
    expect(audit.slice(1).every((e) => e.details.batchSeq === batch.seq)).toBe(true);
  });

  it('a block that changed in the meantime fails the whole request with 409 listing it, and nothing is recorded', async () => {
    const writer = await writeBlocks(['# Findings', 'One.', 'Two.']);
    const read = await blocks(3);
    // Someone edits "Two." after the commissioner read the section.
    const p = docFragment(writer.doc).get(2) as Y.XmlElement;
    (p.get(0) as Y.XmlText).insert(0, 'Now: ');
    const start = Date.now();
    while ((await blocks(3))[2]!.text !== 'Now: Two.') {
      if (Date.now() - start > 30_000) throw new Error('edit did not reach the server');
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await signOff(c1, agreeAll(read));
    expect(res.status).toBe(409);
    expect(res.body.error.details.changed).toEqual([{ blockId: read[2]!.id, fingerprint: expect.any(String), text: 'Now: Two.' }]);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
    expect(afterCreation(await server.services.stores.consensus.listAudit(docId))).toEqual([]);

    // A deleted block is listed too, with no text.
    const gone = await signOff(c1, {
      votes: [{ blockId: 'no-such-block', fingerprint: read[1]!.fingerprint, stance: 'agree' }, agreeAll(read).votes[1]],
    });
    expect(gone.status).toBe(409);
    expect(gone.body.error.details.changed).toEqual([{ blockId: 'no-such-block', fingerprint: null, text: null }]);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
  });

  it('refuses roles that do not vote and malformed bodies, recording nothing', async () => {
    await writeBlocks(['One.', 'Two.']);
    const list = await blocks(2);
    const body = agreeAll(list);
    expect((await signOff(author, body)).status).toBe(403);
    expect((await signOff(publisher, body)).status).toBe(403);
    expect((await signOff(observer, body)).status).toBe(403);
    expect((await signOff(outsider, body)).status).toBe(404);
    expect((await signOff(undefined, body)).status).toBe(401);
    expect((await signOff(c1, { votes: [] })).status).toBe(400);
    expect((await signOff(c1, { votes: [body.votes[0], body.votes[0]] })).status).toBe(400);
    expect((await signOff(c1, { votes: [{ ...body.votes[0], stance: 'dispute' }] })).status).toBe(400);
    expect((await signOff(c1, { votes: [{ ...body.votes[0], fingerprint: 'nope' }] })).status).toBe(400);
    expect((await signOff(c1, 'not an object')).status).toBe(400);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
    expect(afterCreation(await server.services.stores.consensus.listAudit(docId))).toEqual([]);
  });

  it('disputes with reasons can be part of a batch', async () => {
    await writeBlocks(['One.', 'Two.']);
    const [one, two] = await blocks(2);
    const res = await signOff(c2, {
      votes: [
        { blockId: one!.id, fingerprint: one!.fingerprint, stance: 'agree' },
        { blockId: two!.id, fingerprint: two!.fingerprint, stance: 'dispute', reason: 'Too vague' },
      ],
    });
    expect(res.status).toBe(200);
    const after = await blocks(2);
    expect(after[1]!.status).toBe('disputed');
  });

  it('rate limits count a request, not its blocks; a 429 says when to retry', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}.`);
    await writeBlocks(texts);
    const list = await blocks(40);
    // 40 blocks in one request: far over the per-vote burst of 30 if blocks were counted.
    expect((await signOff(c1, agreeAll(list))).status).toBe(200);
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await fetch(`${server.url}/api/docs/${docId}/votes`, {
        method: 'POST',
        headers: { cookie: c1.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(agreeAll(list.slice(0, 1))),
      });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).toBeDefined();
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  });

  it('the document list says how many blocks wait for my review', async () => {
    await writeBlocks(['One.', 'Two.', 'Three.']);
    const list = await blocks(3);
    await signOff(c1, agreeAll(list.slice(0, 2)));
    const mine = (who: SignedIn) =>
      api(server, who.cookie, 'GET', '/api/docs').then(
        (r) => (r.body.docs as { id: string; needsMyReview: number | null }[]).find((d) => d.id === docId)!.needsMyReview,
      );
    expect(await mine(c1)).toBe(1);
    expect(await mine(c2)).toBe(3);
    expect(await mine(author)).toBeNull();
  });
});

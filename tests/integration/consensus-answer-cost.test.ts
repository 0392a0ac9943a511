/**
 * GET /api/docs/:id/consensus on a reviewed report is megabytes of JSON (every
 * commissioner's vote on every block). Its cost must follow what changed, not
 * the document (issues 11, 21): counted here (no timings) on a 5-page and a
 * 50-page report — after one vote or one edit, one block's JSON is built again;
 * with nothing changed, none. And what is kept must be what a fresh build gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, extractBlocks, updateFromProseMirrorJSON, ydocToProseMirror } from '@concord/shared';
import { generateReport } from '@concord/shared/fixtures/index';
import { createDocument } from '@concord/server/docs/create-document';
import { ConsensusAnswers } from '@concord/server/consensus/consensus-answer';
import { consensusAnswerInput } from '@concord/server/http/consensus-answer-input';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInUser, type SignedIn } from '../helpers/users.js';

let server: TestServer;
beforeAll(async () => {
  // Rooms stay loaded between requests (a reload starts every cache afresh).
  server = await startTestServer({ env: { UNLOAD_GRACE_MS: '600000' } });
});
afterAll(async () => {
  await server.dispose();
});

/** A report of `pages` pages with three commissioners' votes on every block (one dispute in seven). */
async function reviewedReport(pages: number): Promise<{ docId: string; voter: SignedIn }> {
  const { stores } = server.services;
  const author = await signedInUser(server, 'Author');
  const commissioners = [await signedInUser(server, 'Ines'), await signedInUser(server, 'Tom'), await signedInUser(server, 'Amira')];
  const initialUpdate = updateFromProseMirrorJSON(generateReport({ pages, seed: 11 }) as unknown as Record<string, unknown>);
  const meta = await createDocument(stores, { title: `${pages} pages`, authorId: author.user.id, initialUpdate });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialUpdate);
  const blocks = extractBlocks(ydocToProseMirror(doc)).filter((b) => b.id !== null);
  const at = new Date().toISOString();
  for (const [i, { user }] of commissioners.entries()) {
    await stores.members.setMember(meta.id, user.id, 'commissioner');
    const dispute = (n: number) => i === 0 && n % 7 === 3;
    await stores.consensus.putVotes(
      blocks.map((b, n) => ({
        docId: meta.id,
        blockId: b.id!,
        userId: user.id,
        stance: dispute(n) ? ('dispute' as const) : ('agree' as const),
        reason: dispute(n) ? 'Not this wording.' : null,
        fingerprint: b.fingerprint,
        text: b.text,
        at,
      })),
      { docId: meta.id, actorId: user.id, at, sectionId: null },
    );
  }
  return { docId: meta.id, voter: commissioners[1]! };
}

interface Answer {
  blocks: { id: string | null; fingerprint: string; votes: { userId: string; reason: string | null }[] }[];
}

async function getConsensus(docId: string, cookie: string) {
  const res = await fetch(`${server.url}/api/docs/${docId}/consensus`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { text: await res.text(), stats: { ...server.services.consensus.answers.lastStats } };
}

/** The answer built from nothing kept, for the same state. */
async function freshAnswer(docId: string): Promise<string> {
  const pieces = new ConsensusAnswers().pieces(await consensusAnswerInput(server.services, docId));
  return Buffer.concat([...pieces]).toString('utf8');
}

function firstParagraph(doc: Y.Doc): Y.XmlText {
  for (const child of docFragment(doc).toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === 'paragraph' && child.getAttribute(BLOCK_ID_ATTR)) {
      const text = child.get(0);
      if (text instanceof Y.XmlText) return text;
    }
  }
  throw new Error('no paragraph');
}

async function costsOf(pages: number) {
  const { docId, voter } = await reviewedReport(pages);
  const room = await server.services.rooms.acquire(docId);
  try {
    const cold = await getConsensus(docId, voter.cookie);
    const warm = await getConsensus(docId, voter.cookie);
    expect(warm.text).toBe(cold.text);

    const blocks = (JSON.parse(warm.text) as Answer).blocks;
    const target = blocks.find((b) => b.id !== null && b.votes.some((v) => v.userId === voter.user.id))!;
    const voted = await api(server, voter.cookie, 'PUT', `/api/docs/${docId}/blocks/${target.id}/vote`, {
      stance: 'dispute',
      reason: 'Changed my mind.',
      fingerprint: target.fingerprint,
    });
    expect(voted.status).toBe(200);
    const afterVote = await getConsensus(docId, voter.cookie);
    expect(afterVote.text).toBe(await freshAnswer(docId));
    const reason = (JSON.parse(afterVote.text) as Answer).blocks
      .find((b) => b.id === target.id)!
      .votes.find((v) => v.userId === voter.user.id)!.reason;
    expect(reason).toBe('Changed my mind.');

    firstParagraph(room.doc).insert(0, 'Reworded: ');
    await new Promise<void>((resolve) => room.afterCommit(resolve));
    const afterEdit = await getConsensus(docId, voter.cookie);
    expect(afterEdit.text).toBe(await freshAnswer(docId));
    expect(afterEdit.text).toContain('Reworded: ');
    return {
      blocks: cold.stats.blocks,
      cold: cold.stats.built,
      warm: warm.stats.built,
      vote: afterVote.stats.built,
      edit: afterEdit.stats.built,
      pieces: warm.stats.pieces,
    };
  } finally {
    server.services.rooms.release(room);
  }
}

describe('the consensus answer’s cost follows what changed', () => {
  it(
    'one vote or one edit rebuilds one block’s JSON, on 5 pages and on 50; nothing changed rebuilds none',
    { timeout: 180_000 },
    async () => {
      const small = await costsOf(5);
      const large = await costsOf(50);
      expect(large.blocks).toBeGreaterThan(small.blocks * 5);
      for (const r of [small, large]) {
        expect(r.cold).toBe(r.blocks);
        expect(r).toMatchObject({ warm: 0, vote: 1, edit: 1 });
      }
      // Sent in pieces, so the event loop serves other sockets in between.
      expect(large.pieces).toBeGreaterThan(small.pieces);
      expect(large.pieces).toBeGreaterThan(5);
    },
  );
});

/**
 * The compact consensus the editor opens with (GET …/consensus/summary) and a
 * block's votes in full on demand (GET …/blocks/:blockId/votes), issue 11: together
 * they carry every vote of the full answer (GET …/consensus), which stays as it was
 * for users' scripts; the summary is a fraction of its size and does not load the
 * document; an unchanged vote list is grouped once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  extractBlocks,
  updateFromProseMirrorJSON,
  ydocToProseMirror,
  type ConsensusJson,
  type ConsensusSummaryJson,
  type VoteJson,
} from '@concord/shared';
import { generateReport } from '@concord/shared/fixtures/index';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInUser, type SignedIn } from '../helpers/users.js';

let server: TestServer;
let docId: string;
let author: SignedIn;
let commissioners: SignedIn[];
let outsider: SignedIn;
/** A block one commissioner voted on in an earlier wording, and those words. */
const OLDER = { fingerprint: 'ab'.repeat(32), text: 'Older words of this paragraph.' };
let staleBlock: string;
/** A block the tests vote on again. */
let revotedBlock: string;

beforeAll(async () => {
  server = await startTestServer();
  const { stores } = server.services;
  author = await signedInUser(server, 'Author');
  commissioners = [await signedInUser(server, 'Ines'), await signedInUser(server, 'Tom'), await signedInUser(server, 'Amira')];
  outsider = await signedInUser(server, 'Outsider');
  const initialUpdate = updateFromProseMirrorJSON(generateReport({ pages: 3, seed: 5 }) as unknown as Record<string, unknown>);
  docId = (await createDocument(stores, { title: 'Reviewed', authorId: author.user.id, initialUpdate })).id;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialUpdate);
  const blocks = extractBlocks(ydocToProseMirror(doc)).filter((b) => b.id !== null);
  staleBlock = blocks[2]!.id!;
  revotedBlock = blocks[4]!.id!;
  const at = '2026-11-30T09:00:00.000Z';
  for (const [i, { user }] of commissioners.entries()) {
    await stores.members.setMember(docId, user.id, 'commissioner');
    const dispute = (n: number) => i === 0 && n % 5 === 1;
    await stores.consensus.putVotes(
      blocks.map((b, n) => {
        const older = i === 2 && b.id === staleBlock;
        return {
          docId,
          blockId: b.id!,
          userId: user.id,
          stance: dispute(n) ? ('dispute' as const) : ('agree' as const),
          reason: dispute(n) ? `Not this wording (${n}).` : null,
          fingerprint: older ? OLDER.fingerprint : b.fingerprint,
          text: older ? OLDER.text : b.text,
          at,
        };
      }),
      { docId, actorId: user.id, at, sectionId: null },
    );
  }
});
afterAll(async () => {
  await server.dispose();
});

const get = (who: SignedIn | undefined, path: string) => api(server, who?.cookie, 'GET', `/api/docs/${encodeURIComponent(docId)}${path}`);

/** (block, person) → "stance fingerprint", from either form. */
function fromFull(full: ConsensusJson): Map<string, string> {
  const votes = new Map<string, string>();
  for (const b of full.blocks) for (const v of b.votes) votes.set(`${b.id} ${v.userId}`, `${v.stance} ${v.fingerprint}`);
  return votes;
}
function fromSummary(summary: ConsensusSummaryJson): Map<string, string> {
  const votes = new Map<string, string>();
  for (const b of summary.blocks)
    for (const g of b.votes)
      for (const stance of ['agree', 'dispute'] as const)
        for (const i of g[stance]) votes.set(`${b.id} ${summary.voters[i]!.userId}`, `${stance} ${g.fingerprint}`);
  return votes;
}

describe('GET /api/docs/:id/consensus/summary', () => {
  it('carries every vote of the full answer (stance and wording), the rule and the commissioners, in a fraction of its size', async () => {
    const full = await get(commissioners[1], '/consensus');
    const summary = await get(commissioners[1], '/consensus/summary');
    expect(full.status).toBe(200);
    expect(summary.status).toBe(200);
    const f = full.body as ConsensusJson;
    const s = summary.body as ConsensusSummaryJson;
    expect(fromSummary(s)).toEqual(fromFull(f));
    expect(fromSummary(s).size).toBe(3 * f.blocks.filter((b) => b.id !== null).length);
    expect(s.voters.map((p) => p.name).sort()).toEqual(['Amira', 'Ines', 'Tom']);
    expect({ rule: s.rule, ruleText: s.ruleText, commissioners: s.commissioners }).toEqual({
      rule: f.rule,
      ruleText: f.ruleText,
      commissioners: f.commissioners,
    });
    // The stale vote is grouped under the wording it was cast on.
    const stale = s.blocks.find((b) => b.id === staleBlock)!;
    expect(stale.votes.map((g) => g.fingerprint)).toContain(OLDER.fingerprint);
    expect(JSON.stringify(s).length * 4).toBeLessThan(JSON.stringify(f).length);
  });

  it('leaves the full answer as documented (the contract of users’ scripts)', async () => {
    const f = (await get(commissioners[1], '/consensus')).body as ConsensusJson;
    expect(Object.keys(f).sort()).toEqual(['blocks', 'commissioners', 'coverage', 'orphaned', 'rule', 'ruleText', 'sections', 'totals']);
    const block = f.blocks.find((b) => b.id === staleBlock)!;
    expect(Object.keys(block).sort()).toEqual(
      [
        'agree',
        'dispute',
        'fingerprint',
        'id',
        'kind',
        'level',
        'path',
        'pending',
        'proposals',
        'sectionId',
        'stale',
        'status',
        'text',
        'votes',
      ].sort(),
    );
    const staleVote = block.votes.find((v) => v.userId === commissioners[2]!.user.id)!;
    expect(staleVote).toMatchObject({ stale: true, counted: true, votedText: OLDER.text, fingerprint: OLDER.fingerprint, name: 'Amira' });
    expect(staleVote.diff).toBeDefined();
    const current = block.votes.find((v) => v.userId === commissioners[1]!.user.id)!;
    expect(Object.keys(current).sort()).toEqual(['at', 'counted', 'fingerprint', 'name', 'reason', 'stale', 'stance', 'userId']);
  });

  it('groups an unchanged vote list once, and follows a vote', async () => {
    const { summaries } = server.services.consensus;
    await get(author, '/consensus/summary');
    const before = summaries.groupings;
    await get(author, '/consensus/summary');
    expect(summaries.groupings).toBe(before);
    const target = ((await get(author, '/consensus')).body as ConsensusJson).blocks.find((b) => b.id === revotedBlock)!;
    const voted = await api(server, commissioners[1]!.cookie, 'PUT', `/api/docs/${docId}/blocks/${revotedBlock}/vote`, {
      stance: 'dispute',
      reason: 'On second thoughts, no.',
      fingerprint: target.fingerprint,
    });
    expect(voted.status).toBe(200);
    const s = (await get(author, '/consensus/summary')).body as ConsensusSummaryJson;
    expect(summaries.groupings).toBe(before + 1);
    expect(fromSummary(s).get(`${revotedBlock} ${commissioners[1]!.user.id}`)).toBe(`dispute ${target.fingerprint}`);
    // …and the block's votes in full carry the new reason.
    const full = (await get(author, `/blocks/${encodeURIComponent(revotedBlock)}/votes`)).body.votes as VoteJson[];
    expect(full.find((v) => v.userId === commissioners[1]!.user.id)).toMatchObject({
      stance: 'dispute',
      reason: 'On second thoughts, no.',
    });
  });

  it('does not load the document', async () => {
    const { rooms } = server.services;
    const id = (await createDocument(server.services.stores, { title: 'Unopened', authorId: author.user.id })).id;
    const res = await api(server, author.cookie, 'GET', `/api/docs/${id}/consensus/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ blocks: [], voters: [] });
    expect(rooms.get(id)).toBeUndefined();
  });

  it('is for members only', async () => {
    expect((await get(undefined, '/consensus/summary')).status).toBe(401);
    expect((await get(outsider, '/consensus/summary')).status).toBe(404);
  });
});

describe('GET /api/docs/:id/blocks/:blockId/votes', () => {
  it("gives one block's votes in full, as the full answer has them", async () => {
    const f = (await get(author, '/consensus')).body as ConsensusJson;
    const disputed = f.blocks.find((b) => b.votes.some((v) => v.stance === 'dispute'))!;
    const res = await get(author, `/blocks/${encodeURIComponent(disputed.id!)}/votes`);
    expect(res.status).toBe(200);
    const votes = res.body.votes as VoteJson[];
    expect(votes).toHaveLength(disputed.votes.length);
    for (const v of disputed.votes) {
      const { stale: _stale, counted: _counted, diff: _diff, votedText, ...rest } = v;
      expect(votes.find((w) => w.userId === v.userId)).toEqual({ ...rest, votedText: votedText ?? disputed.text });
    }
    expect(votes.find((v) => v.stance === 'dispute')!.reason).toMatch(/^Not this wording/);
  });

  it('gives a vote on an earlier wording with the words it was cast on, and none for a block nobody voted on', async () => {
    const res = await get(author, `/blocks/${encodeURIComponent(staleBlock)}/votes`);
    expect(res.status).toBe(200);
    const votes = res.body.votes as VoteJson[];
    expect(votes.length).toBe(3);
    expect(votes.find((v) => v.userId === commissioners[2]!.user.id)).toMatchObject({
      name: 'Amira',
      fingerprint: OLDER.fingerprint,
      votedText: OLDER.text,
    });
    const nobody = await get(author, '/blocks/no-such-block/votes');
    expect(nobody).toEqual({ status: 200, body: { votes: [] } });
  });

  it('is for members only', async () => {
    expect((await get(undefined, `/blocks/${staleBlock}/votes`)).status).toBe(401);
    expect((await get(outsider, `/blocks/${staleBlock}/votes`)).status).toBe(404);
  });
});

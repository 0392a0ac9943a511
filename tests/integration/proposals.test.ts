/**
 * Proposals over real HTTP and real sockets (issue 16): the whole flow
 * "propose → support → adopt → agreed", and every way it must refuse with
 * nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, type SignedIn } from '../helpers/users.js';
import { waitFor } from '../helpers/yclient.js';
import { blockText, blockView, editBlock, paragraph, proposalCommission, type ProposalCommission } from './support/proposal-doc.js';

let server: TestServer;
let k: ProposalCommission;

beforeEach(async () => {
  server = await startTestServer();
  k = await proposalCommission(server, { p1: 'The board meets yearly.', p2: 'Members serve three years.' });
});
afterEach(async () => {
  k.dispose();
  await server.dispose();
});

const propose = async (who: SignedIn, blockId: string, text: string, base?: string) => {
  const fingerprint = base ?? (await blockView(server, who, k.docId, blockId)).fingerprint;
  return api(server, who.cookie, 'POST', `/api/docs/${k.docId}/blocks/${blockId}/proposals`, {
    content: paragraph(text),
    rationale: 'clearer',
    base: fingerprint,
  });
};
const support = (who: SignedIn, pid: string) =>
  api(server, who.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}/vote`, { stance: 'support' });
const adopt = (who: SignedIn, pid: string, body?: unknown) =>
  api(server, who.cookie, 'POST', `/api/docs/${k.docId}/proposals/${pid}/adopt`, body);

describe('propose, support, adopt', () => {
  it('one commissioner proposes, two support, the author adopts: every client shows the new text, agreed, and the audit log has every step', async () => {
    const created = await propose(k.c1, 'p1', 'The board meets monthly.');
    expect(created.status).toBe(201);
    const pid = created.body.proposal.id as string;
    expect(created.body.proposal).toMatchObject({
      status: 'open',
      outdated: false,
      revision: 1,
      baseText: 'The board meets yearly.',
      consensus: { status: 'in_review', support: 1 },
    });
    expect(created.body.proposal.changes).toEqual([
      { op: 'equal', text: 'The board meets ' },
      { op: 'delete', text: 'yearly' },
      { op: 'insert', text: 'monthly' },
      { op: 'equal', text: '.' },
    ]);

    expect((await support(k.c2, pid)).body.proposal.consensus).toMatchObject({ status: 'in_review', support: 2 });
    expect((await support(k.c3, pid)).body.proposal.consensus).toMatchObject({ status: 'agreed', meetsRule: true, support: 3 });
    // The consensus view shows the open proposal and its status on its block; the text is unchanged so far.
    const before = await blockView(server, k.author, k.docId, 'p1');
    expect(before).toMatchObject({
      text: 'The board meets yearly.',
      status: 'unreviewed',
      proposals: [{ id: pid, status: 'open', consensus: { status: 'agreed', support: 3 } }],
    });

    const adopted = await adopt(k.author, pid);
    expect(adopted.status).toBe(200);
    expect(adopted.body.proposal).toMatchObject({ status: 'adopted', forced: false, resolvedBy: k.author.user.id });
    expect(adopted.body.block).toMatchObject({
      id: 'p1',
      text: 'The board meets monthly.',
      fingerprint: adopted.body.proposal.fingerprint,
    });

    for (const { client } of k.clients)
      await waitFor(() => blockText(client.doc, 'p1') === 'The board meets monthly.', 30_000, 'adopted text on every client');
    const after = await blockView(server, k.author, k.docId, 'p1');
    expect(after).toMatchObject({ text: 'The board meets monthly.', status: 'agreed', proposals: [] });
    expect(after.votes.map((v) => [v.userId, v.stance, v.stale]).sort()).toEqual(
      [k.c1, k.c2, k.c3].map((c) => [c.user.id, 'agree', false]).sort(),
    );
    // p2 untouched.
    expect((await blockView(server, k.author, k.docId, 'p2')).text).toBe('Members serve three years.');

    // Every client heard about it as it happened.
    for (const { inbox } of k.clients) {
      await waitFor(
        () => inbox.events.some((e: any) => e.type === 'proposal.changed' && e.proposal.status === 'adopted'),
        30_000,
        'adoption event',
      );
      expect(inbox.events.filter((e: any) => e.type === 'vote.changed' && e.blockId === 'p1')).toHaveLength(3);
    }

    const audit = await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/audit`);
    const steps = (audit.body.entries as { action: string; blockId: string; details: any }[]).filter(
      (e) => e.action.startsWith('proposal.') || e.action === 'vote.cast',
    );
    expect(steps.map((e) => e.action)).toEqual([
      'proposal.created',
      'proposal.voted',
      'proposal.voted',
      'proposal.voted',
      'proposal.adopted',
      'vote.cast',
      'vote.cast',
      'vote.cast',
    ]);
    expect(steps.find((e) => e.action === 'proposal.adopted')!.details).toMatchObject({
      proposalId: pid,
      previousText: 'The board meets yearly.',
      text: 'The board meets monthly.',
      forced: false,
    });
  });

  it('objections carry over as disputes with their reasons (quorum rule)', async () => {
    expect(
      (await api(server, k.author.cookie, 'PUT', `/api/docs/${k.docId}/rule`, { kind: 'quorum', minAgree: 2, maxDispute: 1 })).status,
    ).toBe(200);
    const pid = (await propose(k.c1, 'p1', 'The board meets weekly.')).body.proposal.id;
    await support(k.c2, pid);
    const objected = await api(server, k.c3.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}/vote`, {
      stance: 'object',
      reason: 'too often',
    });
    expect(objected.body.proposal.consensus).toMatchObject({
      status: 'agreed',
      object: 1,
      objectors: [{ userId: k.c3.user.id, reason: 'too often' }],
    });
    expect((await adopt(k.c2, pid)).status).toBe(200);
    const after = await blockView(server, k.author, k.docId, 'p1');
    expect(after.status).toBe('agreed');
    expect(after.votes.find((v) => v.userId === k.c3.user.id)).toMatchObject({ stance: 'dispute', reason: 'too often', stale: false });
  });

  it('an un-agreed proposal is refused (409) unless the author explicitly forces it; then the text needs agreement like any edit', async () => {
    const pid = (await propose(k.c1, 'p1', 'The board rarely meets.')).body.proposal.id;
    const refused = await adopt(k.author, pid);
    expect(refused.status).toBe(409);
    expect((await adopt(k.c2, pid, { force: true })).status).toBe(403);
    expect(blockText(k.clients[1]!.client.doc, 'p1')).toBe('The board meets yearly.');
    const forced = await adopt(k.author, pid, { force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.proposal).toMatchObject({ status: 'adopted', forced: true });
    const after = await blockView(server, k.author, k.docId, 'p1');
    expect(after).toMatchObject({ text: 'The board rarely meets.', status: 'in_review' });
    expect(after.votes.map((v) => v.userId)).toEqual([k.c1.user.id]);
  });
});

describe('outdated proposals', () => {
  it('a block edited after the proposal makes it outdated with a diff; adopting it is refused with the current text, nothing changed; a rebase resets support', async () => {
    const pid = (await propose(k.c1, 'p1', 'The board meets monthly.')).body.proposal.id;
    await support(k.c2, pid);
    await support(k.c3, pid);
    editBlock(k.clients[1]!.client, 'p1', 'The board meets twice a year.');
    await waitFor(() => blockText(k.clients[0]!.client.doc, 'p1') === 'The board meets twice a year.', 30_000, 'edit relayed');
    let listed = await api(server, k.c3.cookie, 'GET', `/api/docs/${k.docId}/proposals?status=open&block=p1`);
    for (let i = 0; i < 600 && !listed.body.proposals[0].outdated; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = await api(server, k.c3.cookie, 'GET', `/api/docs/${k.docId}/proposals?status=open&block=p1`);
    }
    expect(listed.body.proposals[0]).toMatchObject({ id: pid, outdated: true, currentText: 'The board meets twice a year.' });
    expect(
      listed.body.proposals[0].diff
        .filter((d: any) => d.op !== 'equal')
        .map((d: any) => d.text)
        .join('|'),
    ).toBe('yearly|twice a year');

    const refused = await adopt(k.author, pid);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ text: 'The board meets twice a year.' });
    expect((await blockView(server, k.author, k.docId, 'p1')).text).toBe('The board meets twice a year.');

    const current = await blockView(server, k.c1, k.docId, 'p1');
    const rebased = await api(server, k.c1.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}`, {
      content: paragraph('The board meets monthly.'),
      rationale: 'rebased',
      base: current.fingerprint,
    });
    expect(rebased.status).toBe(200);
    expect(rebased.body.proposal).toMatchObject({ revision: 2, outdated: false, consensus: { support: 1, status: 'in_review' } });
    // The old support is history: still listed, no longer counted.
    expect(rebased.body.proposal.votes.filter((v: any) => v.revision === 1 && !v.counted)).toHaveLength(3);
    expect(
      (
        await api(server, k.c2.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}`, {
          content: paragraph('x'),
          base: current.fingerprint,
        })
      ).status,
    ).toBe(403);
  });
});

describe('concurrency', () => {
  it('two adoptions of two alternatives at the same moment: exactly one wins, the other gets 409', async () => {
    const a = (await propose(k.c1, 'p1', 'Alternative A.')).body.proposal.id;
    const b = (await propose(k.c2, 'p1', 'Alternative B.')).body.proposal.id;
    for (const who of [k.c1, k.c2, k.c3]) {
      await support(who, a);
      await support(who, b);
    }
    const results = await Promise.all([adopt(k.author, a), adopt(k.c3, b)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results[0]!.status === 200 ? 'Alternative A.' : 'Alternative B.';
    for (const { client } of k.clients) await waitFor(() => blockText(client.doc, 'p1') === winner, 30_000, 'winner everywhere');
    expect(await blockView(server, k.author, k.docId, 'p1')).toMatchObject({ text: winner, status: 'agreed' });
    // The loser stays open, now outdated (written against the older text).
    const open = await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/proposals?status=open`);
    expect(open.body.proposals).toHaveLength(1);
    expect(open.body.proposals[0].outdated).toBe(true);
  });

  it('edits to other blocks made while adopting are kept; an edit to the same block that arrives first makes the adoption fail with 409', async () => {
    const pid = (await propose(k.c1, 'p1', 'The board meets monthly.')).body.proposal.id;
    await support(k.c2, pid);
    await support(k.c3, pid);
    const adopting = adopt(k.author, pid);
    editBlock(k.clients[2]!.client, 'p2', 'Members serve four years.');
    expect((await adopting).status).toBe(200);
    for (const { client } of k.clients) {
      await waitFor(
        () => blockText(client.doc, 'p1') === 'The board meets monthly.' && blockText(client.doc, 'p2') === 'Members serve four years.',
        30_000,
        'both changes everywhere',
      );
    }

    const second = (await propose(k.c1, 'p1', 'The board meets weekly.')).body.proposal.id;
    await support(k.c2, second);
    await support(k.c3, second);
    editBlock(k.clients[1]!.client, 'p1', 'The board meets when needed.');
    await waitFor(() => blockText(k.clients[0]!.client.doc, 'p1') === 'The board meets when needed.', 30_000, 'edit relayed');
    let res = await adopt(k.author, second);
    // The edit reached the server before the adoption (it was relayed to another client), so the adoption must fail.
    expect(res.status).toBe(409);
    res = await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/proposals/${second}`);
    expect(res.body.proposal).toMatchObject({ status: 'open', outdated: true });
    expect(blockText(k.clients[2]!.client.doc, 'p1')).toBe('The board meets when needed.');
  });
});

describe('unhappy paths: clear error, nothing changed', () => {
  it('refuses unknown blocks, other documents, wrong content, wrong base and wrong roles', async () => {
    const fp = (await blockView(server, k.c1, k.docId, 'p1')).fingerprint;
    const post = (who: SignedIn, blockId: string, body: unknown, docId = k.docId) =>
      api(server, who.cookie, 'POST', `/api/docs/${docId}/blocks/${blockId}/proposals`, body);
    expect((await post(k.c1, 'nope', { content: paragraph('x'), base: fp })).status).toBe(404);
    const other = await createDocWithMembers(server, k.author, [{ user: k.c1.user, role: 'commissioner' }]);
    expect((await post(k.c1, 'p1', { content: paragraph('x'), base: fp }, other)).status).toBe(404);
    expect(
      (await post(k.c1, 'p1', { content: { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'x' }] }, base: fp }))
        .status,
    ).toBe(400);
    expect((await post(k.c1, 'p1', { content: { type: 'doc', content: [paragraph('a'), paragraph('b')] }, base: fp })).status).toBe(400);
    expect((await post(k.c1, 'p1', { content: paragraph('x'.repeat(10_001)), base: fp })).status).toBe(400);
    expect((await post(k.c1, 'p1', { content: paragraph('x'.repeat(100_000)), base: fp })).status).toBe(400);
    expect((await post(k.c1, 'p1', { base: fp })).status).toBe(400);
    expect((await post(k.c1, 'p1', { content: paragraph('x'), base: 'f'.repeat(64) })).status).toBe(409);
    expect((await post(k.observer, 'p1', { content: paragraph('x'), base: fp })).status).toBe(403);
    expect((await post(k.publisher, 'p1', { content: paragraph('x'), base: fp })).status).toBe(403);
    expect((await post(k.outsider, 'p1', { content: paragraph('x'), base: fp })).status).toBe(404);
    expect((await api(server, k.outsider.cookie, 'GET', `/api/docs/${k.docId}/proposals`)).status).toBe(404);
    expect((await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/proposals?status=weird`)).status).toBe(400);
    expect((await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/proposals`)).body.proposals).toEqual([]);

    const pid = (await propose(k.c1, 'p1', 'Better.')).body.proposal.id;
    const vote = (who: SignedIn, body: unknown) => api(server, who.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}/vote`, body);
    expect((await vote(k.observer, { stance: 'support' })).status).toBe(403);
    expect((await vote(k.publisher, { stance: 'support' })).status).toBe(403);
    expect((await vote(k.outsider, { stance: 'support' })).status).toBe(404);
    expect((await vote(k.c2, { stance: 'object' })).status).toBe(400);
    expect((await vote(k.c2, { stance: 'maybe' })).status).toBe(400);
    expect((await api(server, k.c2.cookie, 'PUT', `/api/docs/${other}/proposals/${pid}/vote`, { stance: 'support' })).status).toBe(404);
    expect((await adopt(k.observer, pid)).status).toBe(403);
    expect((await api(server, k.c2.cookie, 'POST', `/api/docs/${k.docId}/proposals/${pid}/reject`)).status).toBe(403);
    expect((await api(server, k.c2.cookie, 'POST', `/api/docs/${k.docId}/proposals/${pid}/withdraw`)).status).toBe(403);
    const listed = await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/proposals`);
    expect(listed.body.proposals).toHaveLength(1);
    expect(listed.body.proposals[0]).toMatchObject({ status: 'open', consensus: { support: 1, object: 0 } });
    expect(blockText(k.clients[0]!.client.doc, 'p1')).toBe('The board meets yearly.');
  });

  it('withdrawn and rejected proposals are closed: still readable, no more votes or adoption', async () => {
    const a = (await propose(k.c1, 'p1', 'A.')).body.proposal.id;
    const b = (await propose(k.c2, 'p1', 'B.')).body.proposal.id;
    expect((await api(server, k.c1.cookie, 'POST', `/api/docs/${k.docId}/proposals/${a}/withdraw`)).body.proposal).toMatchObject({
      status: 'closed',
      closedAs: 'withdrawn',
    });
    expect((await api(server, k.author.cookie, 'POST', `/api/docs/${k.docId}/proposals/${b}/reject`)).body.proposal).toMatchObject({
      status: 'closed',
      closedAs: 'rejected',
    });
    expect((await support(k.c3, a)).status).toBe(409);
    expect((await adopt(k.author, b, { force: true })).status).toBe(409);
    const closed = await api(server, k.c3.cookie, 'GET', `/api/docs/${k.docId}/proposals?status=closed`);
    expect(closed.body.proposals.map((p: any) => p.id).sort()).toEqual([a, b].sort());
    const actions = (await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/audit`)).body.entries.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['proposal.withdrawn', 'proposal.rejected']));
  });

  it('a flood of proposals is refused with 429 and Retry-After', async () => {
    const fp = (await blockView(server, k.c1, k.docId, 'p2')).fingerprint;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${server.url}/api/docs/${k.docId}/blocks/p2/proposals`, {
        method: 'POST',
        headers: { cookie: k.c2.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ content: paragraph(`Flood ${i}.`), base: fp }),
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const listed = await api(server, k.c2.cookie, 'GET', `/api/docs/${k.docId}/proposals?block=p2`);
    expect(listed.body.proposals).toHaveLength(statuses.filter((s) => s === 201).length);
  });
});

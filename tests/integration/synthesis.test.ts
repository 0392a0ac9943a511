/**
 * The author's synthesis data and re-review requests against a real server:
 * what is listed (disputed or stale, by section, in document order) with its
 * reasons, threads, missing voters and word diffs; who may see it; who gets notified.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn, signedInCommission, createCommissionDoc } from '../helpers/users.js';
import { afterCreation } from '../helpers/audit.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';

let server: TestServer;
let author: SignedIn, c1: SignedIn, c2: SignedIn, publisher: SignedIn, observer: SignedIn, outsider: SignedIn;
let docId: string;
let writer: StockClient;

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });
const heading = (id: string, text: string) => ({ type: 'heading', attrs: { id, level: 1 }, content: [{ type: 'text', text }] });

beforeEach(async () => {
  server = await startTestServer();
  ({ author, c1, c2, publisher, observer, outsider } = await signedInCommission(server));
  docId = await createCommissionDoc(server, { author, c1, c2, publisher, observer, outsider });
  writer = stockClient(server.url, docId, author.cookie);
  await synced(writer);
  replaceDocContent(writer.doc, {
    type: 'doc',
    content: [
      heading('h1', 'Housing'),
      para('p1', 'Rents should be capped at 30% of income.'),
      para('p2', 'Social housing needs more funding.'),
      heading('h2', 'Transport'),
      para('p3', 'Buses should be free for students.'),
      para('p4', 'Cycle lanes everywhere.'),
    ],
  });
  await waitFor(() => serverText('p4') === 'Cycle lanes everywhere.', 30_000, 'content on the server');
});
afterEach(async () => {
  writer.destroy();
  await server.dispose();
});

function element(doc: Y.Doc, id: string): Y.XmlElement | undefined {
  return docFragment(doc)
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id) as Y.XmlElement | undefined;
}
function serverText(id: string): string | undefined {
  const room = server.services.rooms.get(docId);
  const el = room && element(room.doc, id);
  return el ? (el.get(0) as Y.XmlText).toString() : undefined;
}
/** Rewrites a paragraph through the stock client, as the author would in the editor. */
async function rewrite(id: string, text: string): Promise<void> {
  const t = element(writer.doc, id)!.get(0) as Y.XmlText;
  writer.doc.transact(() => {
    t.delete(0, t.length);
    t.insert(0, text);
  });
  await waitFor(() => serverText(id) === text, 30_000, 'rewrite on the server');
}

async function fingerprint(blockId: string): Promise<string> {
  const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
  return view.body.blocks.find((b: { id: string }) => b.id === blockId).fingerprint;
}
async function vote(who: SignedIn, blockId: string, stance: 'agree' | 'dispute', reason?: string) {
  const res = await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${blockId}/vote`, {
    stance,
    fingerprint: await fingerprint(blockId),
    ...(reason ? { reason } : {}),
  });
  expect(res.status).toBe(200);
}
const synthesis = (who: SignedIn | undefined) => api(server, who?.cookie, 'GET', `/api/docs/${docId}/synthesis`);
const requestReview = (who: SignedIn | undefined, blockId: string, body?: unknown) =>
  api(server, who?.cookie, 'POST', `/api/docs/${docId}/blocks/${blockId}/request-review`, body);
const notes = async (who: SignedIn) =>
  (await api(server, who.cookie, 'GET', '/api/notifications')).body.notifications as {
    kind: string;
    blockId: string;
    text: string;
    actor: { userId: string } | null;
  }[];

describe('synthesis workspace data', () => {
  it('lists every disputed or stale block by section in document order, with reasons, threads, missing voters and diffs', async () => {
    await vote(c1, 'p1', 'dispute', 'Too high; 25% is the norm.');
    await vote(c2, 'p1', 'agree');
    await vote(c1, 'p2', 'agree');
    await vote(c2, 'p2', 'agree');
    await vote(c1, 'p3', 'agree');
    const thread = (
      await api(server, c1.cookie, 'POST', `/api/docs/${docId}/threads`, { blockId: 'p1', quote: '30%', text: 'Where does 30% come from?' })
    ).body.thread;
    const resolved = (await api(server, c2.cookie, 'POST', `/api/docs/${docId}/threads`, { blockId: 'p1', text: 'Old question.' })).body
      .thread;
    await api(server, c2.cookie, 'POST', `/api/docs/${docId}/threads/${resolved.id}/resolve`);
    await rewrite('p3', 'Buses should be free for all students.');

    const res = await synthesis(author);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.progress).toEqual({
      totalBlocks: 6,
      agreed: 1,
      notAgreed: 5,
      disputed: 1,
      inReview: 0,
      unreviewed: 4,
      stale: 1,
      shareAgreed: 1 / 6,
      listed: 2,
      waiting: 3,
    });
    // Everything else not agreed is listed too, briefly, by section: nothing is left off the page.
    type Waiting = { title: string; blocks: { id: string; status: string; notYetVoted: number; excerpt: string }[] };
    expect((s.waiting as Waiting[]).map((sec) => [sec.title, sec.blocks.map((b) => [b.id, b.status, b.notYetVoted, b.excerpt])])).toEqual([
      ['Housing', [['h1', 'unreviewed', 2, 'Housing']]],
      [
        'Transport',
        [
          ['h2', 'unreviewed', 2, 'Transport'],
          ['p4', 'unreviewed', 2, 'Cycle lanes everywhere.'],
        ],
      ],
    ]);
    // Members added in the same millisecond are listed by user id: compare as a set.
    expect(s.commissioners).toHaveLength(2);
    expect(s.commissioners).toEqual(
      expect.arrayContaining([
        { userId: c1.user.id, name: 'Ines' },
        { userId: c2.user.id, name: 'Tom' },
      ]),
    );
    expect(s.ruleText).toEqual(expect.any(String));
    expect(s.sections.map((sec: { title: string; blocks: { id: string }[] }) => [sec.title, sec.blocks.map((b) => b.id)])).toEqual([
      ['Housing', ['p1']],
      ['Transport', ['p3']],
    ]);

    const p1 = s.sections[0].blocks[0];
    expect(p1).toMatchObject({
      id: 'p1',
      kind: 'paragraph',
      text: 'Rents should be capped at 30% of income.',
      status: 'disputed',
      stale: false,
      disputes: [{ userId: c1.user.id, name: 'Ines', reason: 'Too high; 25% is the norm.', at: expect.any(String) }],
      agreedBy: [{ userId: c2.user.id, name: 'Tom' }],
      staleVotes: [],
      notYetVoted: [],
    });
    expect(p1.openThreads.map((t: { id: string }) => t.id)).toEqual([thread.id]); // the resolved one is left out
    expect(p1.openThreads[0].comments[0].text).toBe('Where does 30% come from?');

    const p3 = s.sections[1].blocks[0];
    expect(p3).toMatchObject({
      id: 'p3',
      text: 'Buses should be free for all students.',
      status: 'unreviewed',
      stale: true,
      disputes: [],
      agreedBy: [],
      notYetVoted: [{ userId: c2.user.id, name: 'Tom' }],
    });
    expect(p3.staleVotes).toEqual([
      {
        userId: c1.user.id,
        name: 'Ines',
        stance: 'agree',
        reason: null,
        at: expect.any(String),
        votedText: 'Buses should be free for students.',
        diff: [
          { op: 'equal', text: 'Buses should be free for ' },
          { op: 'insert', text: 'all ' },
          { op: 'equal', text: 'students.' },
        ],
      },
    ]);
    expect(s.detachedThreads).toEqual([]);
  });

  it('keeps open threads of deleted paragraphs as detached', async () => {
    await api(server, c1.cookie, 'POST', `/api/docs/${docId}/threads`, { blockId: 'p4', text: 'Which streets?' });
    const fragment = docFragment(writer.doc);
    fragment.delete(fragment.toArray().indexOf(element(writer.doc, 'p4')!), 1);
    await waitFor(() => serverText('p4') === undefined, 30_000, 'deletion on the server');
    const s = (await synthesis(author)).body;
    expect(s.detachedThreads).toEqual([expect.objectContaining({ blockId: 'p4', detached: true, anchorText: 'Cycle lanes everywhere.' })]);
  });

  it('is for the author only', async () => {
    for (const who of [c1, publisher, observer]) expect((await synthesis(who)).status).toBe(403);
    expect((await synthesis(outsider)).status).toBe(404);
    expect((await synthesis(undefined)).status).toBe(401);
  });
});

describe('re-review requests', () => {
  it('notify the commissioners whose vote is disputed, stale or missing — not those who agree — and are audited', async () => {
    await vote(c1, 'p1', 'dispute', 'Too high.');
    await vote(c2, 'p1', 'agree');
    const res = await requestReview(author, 'p1', { message: 'Rewrote it with 25%; please look again.' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ notified: [{ userId: c1.user.id, name: 'Ines' }] });
    expect(await notes(c1)).toEqual([
      expect.objectContaining({
        kind: 'review_requested',
        blockId: 'p1',
        actor: { userId: author.user.id, name: 'Author' },
        text: expect.stringContaining('Rewrote it with 25%'),
      }),
    ]);
    expect(await notes(c2)).toEqual([]);

    await vote(c1, 'p3', 'agree');
    await rewrite('p3', 'Buses should be free for everyone.');
    const both = await requestReview(author, 'p3');
    expect(both.body.notified.map((p: { name: string }) => p.name).sort()).toEqual(['Ines', 'Tom']);
    expect((await notes(c2)).map((n) => n.kind)).toEqual(['review_requested']);

    const audit = (await server.services.stores.consensus.listAudit(docId)).filter((e) => e.action === 'review.requested');
    expect(audit.map((e) => [e.blockId, e.actorId, (e.details.notified as string[]).length])).toEqual([
      ['p1', author.user.id, 1],
      ['p3', author.user.id, 2],
    ]);
    expect(audit[0]!.details.message).toBe('Rewrote it with 25%; please look again.');
  });

  it('refuses everyone but the author, unknown blocks and oversized messages, recording nothing', async () => {
    for (const who of [c1, publisher, observer]) expect((await requestReview(who, 'p1')).status).toBe(403);
    expect((await requestReview(outsider, 'p1')).status).toBe(404);
    expect((await requestReview(undefined, 'p1')).status).toBe(401);
    expect((await requestReview(author, 'no-such-block')).status).toBe(404);
    expect((await requestReview(author, 'p1', { message: 'm'.repeat(1001) })).status).toBe(400);
    expect((await requestReview(author, 'p1', { message: 42 })).status).toBe(400);
    expect((await api(server, author.cookie, 'POST', `/api/docs/${docId}/blocks/p1/request-review`, 'not json')).status).toBe(400);
    expect(await notes(c1)).toEqual([]);
    expect(await notes(c2)).toEqual([]);
    expect(afterCreation(await server.services.stores.consensus.listAudit(docId))).toEqual([]);
  });

  it('when everyone already agrees, nobody is notified and nothing is recorded', async () => {
    await vote(c1, 'p2', 'agree');
    await vote(c2, 'p2', 'agree');
    expect((await requestReview(author, 'p2')).body).toEqual({ notified: [] });
    expect((await server.services.stores.consensus.listAudit(docId)).filter((e) => e.action === 'review.requested')).toEqual([]);
  });
});

describe('the dispute → rewrite → re-review → re-agree loop', () => {
  it('a commissioner disputes with a reason and comments; the author sees both, rewrites, asks again; the commissioner is notified and agrees', async () => {
    await vote(c1, 'p1', 'dispute', '30% is too high.');
    await api(server, c1.cookie, 'POST', `/api/docs/${docId}/threads`, { blockId: 'p1', text: 'Could we say 25%, @Author?' });
    expect((await notes(author)).map((n) => n.kind)).toEqual(['mention']);

    const before = (await synthesis(author)).body.sections[0].blocks[0];
    expect(before.disputes[0].reason).toBe('30% is too high.');
    expect(before.openThreads[0].comments[0].text).toBe('Could we say 25%, @Author?');

    await rewrite('p1', 'Rents should be capped at 25% of income.');
    expect((await requestReview(author, 'p1', { message: 'Now 25%.' })).body.notified.map((p: { userId: string }) => p.userId)).toContain(
      c1.user.id,
    );
    const [notice] = await notes(c1);
    expect(notice).toMatchObject({ kind: 'review_requested', blockId: 'p1' });

    await vote(c1, 'p1', 'agree');
    const after = (await synthesis(author)).body;
    expect(after.sections.flatMap((s: { blocks: { id: string }[] }) => s.blocks.map((b) => b.id))).not.toContain('p1');
  });
});

describe('proposals on the synthesis page (issue 16)', () => {
  const content = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  const blockOf = async (blockId: string) =>
    ((await synthesis(author)).body.sections as { blocks: { id: string; proposals: { id: string; text: string }[] }[] }[])
      .flatMap((s) => s.blocks)
      .find((b) => b.id === blockId);

  it('the author proposes a wording from a dispute; it is listed beside the dispute; supported, it is adopted and leaves the page agreed', async () => {
    await vote(c1, 'p1', 'dispute', '30% is too high.');
    const created = await api(server, author.cookie, 'POST', `/api/docs/${docId}/blocks/p1/proposals`, {
      content: content('Rents should be capped at 25% of income.'),
      base: await fingerprint('p1'),
      rationale: 'Answers the dispute on the level of the cap.',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pid = created.body.proposal.id as string;

    const listed = await blockOf('p1');
    expect(listed?.proposals.map((p) => [p.id, p.text])).toEqual([[pid, 'Rents should be capped at 25% of income.']]);

    for (const who of [c1, c2])
      expect((await api(server, who.cookie, 'PUT', `/api/docs/${docId}/proposals/${pid}/vote`, { stance: 'support' })).status).toBe(200);
    const adopted = await api(server, author.cookie, 'POST', `/api/docs/${docId}/proposals/${pid}/adopt`);
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    await waitFor(() => serverText('p1') === 'Rents should be capped at 25% of income.', 30_000, 'adopted text on the server');
    expect(await blockOf('p1')).toBeUndefined();
  });

  it('an agreed paragraph with an open proposal is listed, so the author sees the proposal waiting', async () => {
    await vote(c1, 'p2', 'agree');
    await vote(c2, 'p2', 'agree');
    expect(await blockOf('p2')).toBeUndefined();
    const created = await api(server, c1.cookie, 'POST', `/api/docs/${docId}/blocks/p2/proposals`, {
      content: content('Social housing needs far more funding.'),
      base: await fingerprint('p2'),
    });
    expect(created.status).toBe(201);
    const listed = await blockOf('p2');
    expect(listed?.proposals.map((p) => p.text)).toEqual(['Social housing needs far more funding.']);
  });
});

/**
 * Review rounds against a real server (issue 19): opening on sections or the
 * whole document, what each commissioner sees (document list, round progress),
 * closing by hand or by deadline — also one that passed while the server was down —
 * with the outcome kept and audited; refusals change nothing.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { api } from '../helpers/users.js';
import { agree, inDays, roundFixture, type RoundFixture } from './support/round-doc.js';

let server: TestServer;
let f: RoundFixture;

beforeEach(async () => {
  server = await startTestServer();
  f = await roundFixture(server);
});
afterEach(async () => {
  await server?.dispose();
});

const openRound = (body: unknown, who = f.author) => api(server, who.cookie, 'POST', `/api/docs/${f.docId}/rounds`, body);
const getRound = (rid: string, who = f.author) => api(server, who.cookie, 'GET', `/api/docs/${f.docId}/rounds/${rid}`);

describe('review rounds', () => {
  it('a round on chapter 1 covers its sub-section; each commissioner sees what is left, live, in the round and the document list', async () => {
    const opened = await openRound({ deadline: inDays(3), message: 'Please sign off chapter 1', sections: ['h1'] });
    expect(opened.status).toBe(201);
    const round = opened.body.round;
    expect(round).toMatchObject({ state: 'open', sectionIds: ['h1'], message: 'Please sign off chapter 1', reminderHours: 24 });
    expect(round.sections).toEqual([{ headingId: 'h1', title: 'Chapter 1', blocks: 5 }]);
    expect(opened.body.mail).toEqual({ configured: false });

    await agree(server, f, f.c1, 'p1');
    await agree(server, f, f.c1, 'p3');
    const mine = await getRound(round.id, f.c1);
    expect(mine.body.round.mine).toEqual({ left: 3, total: 5 });
    const tom = mine.body.round.reviewers.find((r: { userId: string }) => r.userId === f.c2.user.id);
    expect(tom).toMatchObject({ name: 'Tom', left: 5, leftBySection: [5], done: false });
    expect((await getRound(round.id, f.observer)).body.round.mine).toBeNull();

    const list = await api(server, f.c1.cookie, 'GET', '/api/docs');
    expect(list.body.docs[0].round).toMatchObject({
      id: round.id,
      deadline: round.deadline,
      message: 'Please sign off chapter 1',
      left: 3,
      total: 5,
      sectionIds: ['h1'],
    });
    const authorList = await api(server, f.author.cookie, 'GET', '/api/docs');
    expect(authorList.body.docs[0].round).toMatchObject({ id: round.id, left: null, total: 5 });
  });

  it('a round on the whole document lists its chapters', async () => {
    const opened = await openRound({ deadline: inDays(1) });
    expect(opened.status).toBe(201);
    expect(opened.body.round.sectionIds).toBeNull();
    expect(opened.body.round.sections.map((s: { headingId: string; blocks: number }) => [s.headingId, s.blocks])).toEqual([
      ['h1', 5],
      ['h2', 2],
      ['h3', 2],
    ]);
    expect(opened.body.round.mine).toBeNull();
    const rounds = await api(server, f.c2.cookie, 'GET', `/api/docs/${f.docId}/rounds`);
    expect(rounds.status).toBe(200);
    expect(rounds.body.rounds[0]).toMatchObject({ id: opened.body.round.id, mine: { left: 9, total: 9 } });
    expect(rounds.body.rounds[0].outcome).toBeUndefined();
    expect(rounds.body.mailFailures).toEqual([]);
  });

  it('refuses bad input and other roles with a clear error, storing nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ deadline: new Date(Date.now() - 60_000).toISOString() }, 400, /future/],
      [{ deadline: '2031-03-14' }, 400, /deadline/],
      [{ deadline: '2031-03-14T17:00:00' }, 400, /offset/],
      [{}, 400, /deadline/],
      [{ deadline: inDays(400) }, 400, /366 days/],
      [{ deadline: inDays(2), sections: ['p1'] }, 400, /not headings.*p1/],
      [{ deadline: inDays(2), sections: [] }, 400, /at least one/],
      [{ deadline: inDays(2), reminderHours: 1.5 }, 400, /reminderHours/],
      [{ deadline: inDays(2), message: 'x'.repeat(2001) }, 400, /message/],
    ];
    for (const [body, status, message] of cases) {
      const res = await openRound(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body), JSON.stringify(body)).toMatch(message);
    }
    expect((await openRound({ deadline: inDays(2) }, f.c1)).status).toBe(403);
    expect((await openRound({ deadline: inDays(2) }, f.outsider)).status).toBe(404);
    expect((await api(server, undefined, 'POST', `/api/docs/${f.docId}/rounds`, { deadline: inDays(2) })).status).toBe(401);
    expect((await api(server, f.outsider.cookie, 'GET', `/api/docs/${f.docId}/rounds`)).status).toBe(404);
    expect((await api(server, f.author.cookie, 'GET', `/api/docs/${f.docId}/rounds`)).body.rounds).toEqual([]);
    const audit = await server.services.stores.consensus.listAudit(f.docId);
    expect(audit.filter((e) => e.action.startsWith('round.'))).toEqual([]);
  });

  it('closing keeps the outcome (agreed, disputed, not reviewed, by whom) as it was, audited; only once, only by the author', async () => {
    const { round } = (await openRound({ deadline: inDays(2), sections: ['h2', 'h3'] })).body;
    await agree(server, f, f.c1, 'p4');
    await agree(server, f, f.c2, 'p4');
    await agree(server, f, f.c1, 'h2');
    expect((await api(server, f.c1.cookie, 'POST', `/api/docs/${f.docId}/rounds/${round.id}/close`)).status).toBe(403);
    const closed = await api(server, f.author.cookie, 'POST', `/api/docs/${f.docId}/rounds/${round.id}/close`);
    expect(closed.status).toBe(200);
    const outcome = closed.body.round.outcome;
    expect(closed.body.round).toMatchObject({ state: 'closed', closedReason: 'closed', closedBy: { userId: f.author.user.id } });
    expect(outcome).toMatchObject({ blocks: 4, agreed: 1, inReview: 1, unreviewed: 2 });
    const p4 = outcome.blockOutcomes.find((b: { blockId: string }) => b.blockId === 'p4');
    expect(p4).toMatchObject({ status: 'agreed', notReviewed: [] });
    // Who agreed, in no particular order (user ids are random).
    expect([...p4.agreed].sort()).toEqual([f.c1.user.id, f.c2.user.id].sort());
    const p5 = outcome.blockOutcomes.find((b: { blockId: string }) => b.blockId === 'p5');
    expect(p5).toMatchObject({ sectionId: 'h3' });
    expect([...p5.notReviewed].sort()).toEqual([f.c1.user.id, f.c2.user.id].sort());
    expect((await api(server, f.author.cookie, 'POST', `/api/docs/${f.docId}/rounds/${round.id}/close`)).status).toBe(409);

    // Votes after closing change the document's state, not the round's outcome.
    await agree(server, f, f.c2, 'p5');
    const later = await getRound(round.id, f.c2);
    expect(later.body.round.outcome).toEqual(outcome);
    expect(later.body.round.mine).toEqual({ left: 3, total: 4 });

    const entries = (await server.services.stores.consensus.listAudit(f.docId)).filter((e) => e.action.startsWith('round.'));
    expect(entries.map((e) => e.action)).toEqual(['round.opened', 'round.closed']);
    expect(entries[1]).toMatchObject({
      actorId: f.author.user.id,
      details: { roundId: round.id, reason: 'closed', agreed: 1 },
    });
    expect([...(entries[1]!.details as { notFinished: string[] }).notFinished].sort()).toEqual([f.c1.user.id, f.c2.user.id].sort());
    const list = await api(server, f.c1.cookie, 'GET', '/api/docs');
    expect(list.body.docs[0].round).toBeNull();
  });

  it('the deadline closes the round (actor: the server) on the next check', async () => {
    const { round } = (await openRound({ deadline: inDays(1) })).body;
    await server.services.roundChecks.run(new Date(Date.now() + 60_000));
    expect((await getRound(round.id)).body.round.state).toBe('open');
    await server.services.roundChecks.run(new Date(Date.now() + 2 * 24 * 3600_000));
    const after = (await getRound(round.id)).body.round;
    expect(after).toMatchObject({ state: 'closed', closedReason: 'deadline', closedBy: null });
    expect(after.outcome.blocks).toBe(9);
    const closedEntry = (await server.services.stores.consensus.listAudit(f.docId)).find((e) => e.action === 'round.closed');
    expect(closedEntry).toMatchObject({ actorId: 'system', details: { reason: 'deadline' } });
  });
});

describe('review rounds across a restart', () => {
  it('a deadline that passed while the server was down closes when it starts again', async () => {
    await server.dispose();
    const dataDir = makeDataDir();
    server = await startTestServer({ dataDir });
    f = await roundFixture(server);
    const { round } = (await openRound({ deadline: inDays(1) })).body;
    expect(round.state).toBe('open');
    await server.stop();
    // The deadline passes while the server is down: moved into the past in its database, rather than
    // opening the round a moment ahead and sleeping (a busy machine can take longer than the moment).
    const stored = openSqliteStores(join(dataDir, 'concord.sqlite'));
    stored.db.prepare('UPDATE review_rounds SET deadline = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), round.id);
    await stored.close();
    server = await startTestServer({ dataDir });
    const after = (await getRound(round.id)).body.round;
    expect(after).toMatchObject({ state: 'closed', closedReason: 'deadline' });
    expect(after.outcome.reviewers.map((r: { done: boolean }) => r.done)).toEqual([false, false]);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000); // three server starts: near the 60 s default on a loaded machine
});

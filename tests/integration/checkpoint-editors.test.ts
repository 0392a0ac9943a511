/**
 * Who a version lists as editors, when people type while it is being taken (real
 * server, real sockets): everyone whose edit is in a version is listed in exactly
 * the version that first contains it. The checkpoint's steps are ordered by hooks,
 * not timing: an edit lands after the capture read the document but before the
 * summary (it belongs to the next version, not this one), and another after the
 * version is stored but before its bookkeeping ends (before the fix its author was
 * cleared with the pending editors and missing from the next version).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api } from '../helpers/users.js';
import { blockView, editBlock, proposalCommission, type ProposalCommission } from './support/proposal-doc.js';

let server: TestServer;
let k: ProposalCommission;

beforeEach(async () => {
  // No checkpoint of its own during the test: each is taken by the test, in order.
  server = await startTestServer({ env: { CHECKPOINT_INTERVAL_MS: '3600000' } });
  k = await proposalCommission(server, { p1: 'The board meets yearly.', p2: 'Members serve three years.', p3: 'Accounts are audited.' });
});
afterEach(async () => {
  k.dispose();
  await server.dispose();
});

it('someone who types while a checkpoint is taken is listed in the next version, which holds their text — not this one, not none', async () => {
  const clientOf = (i: number) => k.clients[i]!.client;
  const idOf = (i: number) => k.clients[i]!.who.user.id;
  const versions = server.services.versions;

  // The second commissioner types once the first checkpoint has read the document, before it is summarised and stored.
  const capture = versions.captures.capture.bind(versions.captures);
  let captures = 0;
  versions.captures.capture = async (...args) => {
    const captured = await capture(...args);
    if (++captures === 1) {
      editBlock(clientOf(1), 'p2', 'Members serve four years.');
      await untilServerHas('p2', 'Members serve four years.');
    }
    return captured;
  };
  // The third types once the second checkpoint is stored, before its bookkeeping is done.
  const stores = server.services.stores.versions;
  const create = stores.create.bind(stores);
  let creates = 0;
  stores.create = async (...args) => {
    const made = await create(...args);
    if (++creates === 2) {
      editBlock(clientOf(2), 'p3', 'Accounts are audited twice.');
      await untilServerHas('p3', 'Accounts are audited twice.');
    }
    return made;
  };

  const first = await versions.checkpoint(k.docId, 'activity', null); // the first commissioner's paragraphs (the setup)
  const second = await versions.checkpoint(k.docId, 'activity', null); // the second's edit
  const third = await versions.checkpoint(k.docId, 'activity', null); // the third's edit
  expect(new Set([first?.id, second?.id, third?.id]).size).toBe(3);

  const listed = (await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/versions`)).body.versions as {
    id: string;
    editors: { userId: string }[];
  }[];
  const editorsOf = (id: string | undefined) => listed.find((v) => v.id === id)!.editors.map((e) => e.userId);
  expect(editorsOf(first?.id)).toEqual([idOf(0)]);
  expect(editorsOf(second?.id)).toEqual([idOf(1)]);
  expect(editorsOf(third?.id)).toEqual([idOf(2)]);

  // The paragraph history agrees: each new wording names its editor and the version it first appeared in.
  for (const [blockId, text, version, editor] of [
    ['p2', 'Members serve four years.', second, idOf(1)],
    ['p3', 'Accounts are audited twice.', third, idOf(2)],
  ] as const) {
    const history = (await api(server, k.author.cookie, 'GET', `/api/docs/${k.docId}/blocks/${blockId}/history`)).body.wordings as {
      text: string;
      version: { id: string } | null;
      editors: { userId: string }[];
    }[];
    expect(history.find((w) => w.text === text)).toMatchObject({ version: { id: version!.id }, editors: [{ userId: editor }] });
  }
});

/** Polls the server's copy of the block (over HTTP) until it has the text. */
async function untilServerHas(blockId: string, text: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if ((await blockView(server, k.author, k.docId, blockId)).text === text) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the server never had ${blockId} = ${text}`);
}

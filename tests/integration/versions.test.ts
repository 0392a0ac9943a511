/**
 * Version history over real HTTP and real sockets (issue 18): checkpoints while
 * people type and before an adoption, named versions, a version read with the
 * statuses it had then, compare, a paragraph's history, restore (one block, a
 * whole version, while others type), roles on every path, and a version's
 * export (every format, draft and consensus) byte-identical across a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, makeDataDir, type TestServer } from '../helpers/server.js';
import { api, type SignedIn } from '../helpers/users.js';
import { synced, waitFor, type StockClient } from '../helpers/yclient.js';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment } from '@concord/shared';
import { blockText, blockView, editBlock, paragraph, proposalCommission, type ProposalCommission } from './support/proposal-doc.js';
import { rmSync } from 'node:fs';
import { runCliProcess } from '../helpers/process.js';

let server: TestServer;
let k: ProposalCommission;
let dataDir: string;

const TEXT = { p1: 'The board meets yearly.', p2: 'Members serve three years.', p3: 'Accounts are audited.' };

beforeEach(async () => {
  dataDir = makeDataDir();
  server = await startTestServer({ dataDir, env: { CHECKPOINT_INTERVAL_MS: '300' } });
  k = await proposalCommission(server, TEXT);
});
afterEach(async () => {
  k.dispose();
  await server.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (who: SignedIn, path: string) => api(server, who.cookie, 'GET', `/api/docs/${k.docId}${path}`);
const post = (who: SignedIn, path: string, body?: unknown) => api(server, who.cookie, 'POST', `/api/docs/${k.docId}${path}`, body);
const nameVersion = async (name: string) => {
  const res = await post(k.author, '/versions', { name });
  expect(res.status).toBe(201);
  return res.body.version as { id: string; name: string };
};
const agree = async (who: SignedIn, blockId: string) => {
  const { fingerprint } = await blockView(server, who, k.docId, blockId);
  const res = await api(server, who.cookie, 'PUT', `/api/docs/${k.docId}/blocks/${blockId}/vote`, { stance: 'agree', fingerprint });
  expect(res.status).toBe(200);
};
const everyClientHas = async (blockId: string, text: string) => {
  for (const { client } of k.clients) await waitFor(() => blockText(client.doc, blockId) === text, 30_000, `${blockId} = ${text}`);
};
/** Waits until the server's copy has the text (the commit and the block pass are asynchronous). */
const serverHas = async (blockId: string, text: string) => {
  for (let i = 0; i < 600; i++) {
    if ((await blockView(server, k.author, k.docId, blockId).catch(() => undefined))?.text === text) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server never had ${blockId} = ${text}`);
};

describe('checkpoints and named versions', () => {
  it('a checkpoint follows a burst of editing, naming who edited and what changed; a named version is the author’s', async () => {
    editBlock(k.clients[1]!.client, 'p2', 'Members serve four years.');
    await serverHas('p2', 'Members serve four years.');
    let versions: any[] = [];
    for (let i = 0; i < 300 && !versions.some((v) => v.reason === 'activity'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      versions = (await get(k.author, '/versions')).body.versions;
    }
    const checkpoint = versions.find((v) => v.reason === 'activity');
    expect(checkpoint).toMatchObject({ kind: 'auto', name: null, blocks: 3 });
    expect(checkpoint.editors.map((e: any) => e.userId)).toContain(k.c2.user.id);
    expect(checkpoint.changed).toBeGreaterThanOrEqual(1);

    const named = await post(k.author, '/versions', { name: '  Draft sent to the commission, 12 March ' });
    expect(named.status).toBe(201);
    expect(named.body.version).toMatchObject({
      kind: 'named',
      name: 'Draft sent to the commission, 12 March',
      createdBy: { userId: k.author.user.id },
    });
    const list = (await get(k.observer, '/versions')).body.versions;
    expect(list[0].id).toBe(named.body.version.id);
    // Every live client heard about the new version.
    await waitFor(
      () =>
        k.clients.every(({ inbox }) =>
          inbox.events.some((e: any) => e.type === 'version.created' && e.version.id === named.body.version.id),
        ),
      30_000,
      'version.created everywhere',
    );
    const audit = (await get(k.author, '/audit')).body.entries.filter((e: any) => e.action === 'version.named');
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ versionId: named.body.version.id });
  });

  it('a checkpoint that outlasts the window has no second one right behind it: the next window opens when it is done', async () => {
    const activity = async () =>
      ((await get(k.author, '/versions')).body.versions as { reason: string; createdAt: string }[]).filter((v) => v.reason === 'activity');
    await expect.poll(async () => (await activity()).length).toBe(1); // the setup's typing
    // The next checkpoint's capture is held (as a loaded machine holds it) once it has read the document.
    const captures = server.services.versions.captures;
    const capture = captures.capture.bind(captures);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    captures.capture = async (...args) => {
      const captured = await capture(...args);
      if (++started === 1) await held;
      return captured;
    };
    editBlock(k.clients[1]!.client, 'p2', 'Members serve four years.');
    await waitFor(() => started === 1, 30_000, 'the checkpoint to read the document');
    editBlock(k.clients[1]!.client, 'p3', 'Accounts are audited twice.');
    await serverHas('p3', 'Accounts are audited twice.');
    // Three windows' time for that edit's commit to open a window and for it to run out, as it did before
    // (a checkpoint then queued right behind the held one). What is checked below holds however long this is.
    await new Promise((r) => setTimeout(r, 3 * 300));
    release();
    // The held one, then one for the edit made meanwhile, a whole window after it.
    await expect.poll(async () => (await activity()).length).toBe(3);
    const times = (await activity()).map((v) => Date.parse(v.createdAt)).reverse();
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `checkpoint ${i}`).toBeGreaterThanOrEqual(300);
  });

  it('refuses an empty or too long name (400), other roles (403), outsiders (404) — and stores nothing', async () => {
    expect((await post(k.author, '/versions', { name: '   ' })).status).toBe(400);
    expect((await post(k.author, '/versions', { name: 'x'.repeat(201) })).status).toBe(400);
    expect((await post(k.author, '/versions', {})).status).toBe(400);
    expect((await post(k.c1, '/versions', { name: 'Mine' })).status).toBe(403);
    expect((await post(k.publisher, '/versions', { name: 'Mine' })).status).toBe(403);
    expect((await post(k.observer, '/versions', { name: 'Mine' })).status).toBe(403);
    expect((await post(k.outsider, '/versions', { name: 'Mine' })).status).toBe(404);
    expect((await get(k.outsider, '/versions')).status).toBe(404);
    expect((await get(k.author, '/versions')).body.versions.filter((v: any) => v.kind === 'named')).toEqual([]);
  });

  it('adopting a proposal first takes a checkpoint holding the wording it replaces', async () => {
    const { fingerprint } = await blockView(server, k.c1, k.docId, 'p1');
    const proposed = await post(k.c1, '/blocks/p1/proposals', {
      content: paragraph('The board meets monthly.'),
      rationale: 'more often',
      base: fingerprint,
    });
    expect(proposed.status).toBe(201);
    const pid = proposed.body.proposal.id as string;
    for (const who of [k.c2, k.c3])
      expect((await api(server, who.cookie, 'PUT', `/api/docs/${k.docId}/proposals/${pid}/vote`, { stance: 'support' })).status).toBe(200);
    const adopted = await post(k.author, `/proposals/${pid}/adopt`);
    expect(adopted.status).toBe(200);
    await serverHas('p1', 'The board meets monthly.');

    const versions = (await get(k.author, '/versions')).body.versions;
    const before = versions.find((v: any) => v.reason === 'before_adoption');
    expect(before).toMatchObject({ kind: 'auto', name: null, createdBy: { userId: k.author.user.id } });
    const then = await get(k.author, `/versions/${before.id}`);
    expect(then.body.blocks.find((b: any) => b.id === 'p1').text).toBe('The board meets yearly.');
  });
});

describe('reading the past', () => {
  it('a version shows each block with the status it had then; compare shows word changes and whose agreement changed; a paragraph has its history', async () => {
    for (const who of [k.c1, k.c2, k.c3]) await agree(who, 'p1');
    const v1 = await nameVersion('Agreed draft');
    editBlock(k.clients[0]!.client, 'p1', 'The board meets monthly.');
    await serverHas('p1', 'The board meets monthly.');

    const then = await get(k.c2, `/versions/${v1.id}`);
    expect(then.status).toBe(200);
    expect(then.body.title).toBe('Test document');
    expect(then.body.blocks.map((b: any) => [b.id, b.text, b.status, b.stale])).toEqual([
      ['p1', 'The board meets yearly.', 'agreed', false],
      ['p2', 'Members serve three years.', 'unreviewed', false],
      ['p3', 'Accounts are audited.', 'unreviewed', false],
    ]);
    expect(then.body.doc.type).toBe('doc');

    const diff = await get(k.c2, `/compare?from=${v1.id}&to=current`);
    expect(diff.status).toBe(200);
    expect(diff.body.to).toBeNull();
    expect(diff.body.changes).toHaveLength(1);
    expect(diff.body.changes[0]).toMatchObject({
      change: 'changed',
      id: 'p1',
      before: { status: 'agreed', stale: false },
      after: { text: 'The board meets monthly.', stale: true },
      agreementChanged: true,
    });
    expect(diff.body.changes[0].words.filter((w: any) => w.op !== 'equal').map((w: any) => w.text)).toEqual(['yearly', 'monthly']);
    // Default `to` is now; the filter keeps blocks whose agreement changed.
    const filtered = await get(k.c2, `/compare?from=${v1.id}&agreementChanged=1`);
    expect(filtered.body.changes.map((c: any) => c.id)).toEqual(['p1']);
    expect((await get(k.c2, `/compare?from=${v1.id}&to=${v1.id}`)).body).toMatchObject({ changes: [], summary: { changed: 0 } });
    expect((await get(k.c2, '/compare?from=nope')).status).toBe(404);
    expect((await get(k.c2, '/compare')).status).toBe(400);
    expect((await get(k.c2, '/versions/nope')).status).toBe(404);

    const history = await get(k.observer, '/blocks/p1/history');
    expect(history.status).toBe(200);
    const wordings = history.body.wordings;
    expect(wordings.map((w: any) => [w.text, w.current])).toEqual([
      ['The board meets yearly.', false],
      ['The board meets monthly.', true],
    ]);
    expect(wordings[0].agreedBy.map((p: any) => p.userId).sort()).toEqual([k.c1.user.id, k.c2.user.id, k.c3.user.id].sort());
    // The first version that held it: the named one, or a checkpoint taken while the paragraphs were typed.
    expect(wordings[0].version).not.toBeNull();
    expect(wordings[0].firstSeen <= (await get(k.c2, `/versions/${v1.id}`)).body.version.createdAt).toBe(true);
    expect((await get(k.observer, '/blocks/nope/history')).status).toBe(404);
  });

  it('a version of another document is 404 through this one', async () => {
    const v1 = await nameVersion('Mine');
    const other = await api(server, k.author.cookie, 'POST', '/api/docs', { title: 'Other' });
    const otherId = other.body.id as string;
    expect((await api(server, k.author.cookie, 'GET', `/api/docs/${otherId}/versions/${v1.id}`)).status).toBe(404);
    expect((await api(server, k.author.cookie, 'GET', `/api/docs/${otherId}/compare?from=${v1.id}`)).status).toBe(404);
    expect((await api(server, k.author.cookie, 'POST', `/api/docs/${otherId}/versions/${v1.id}/restore`)).status).toBe(404);
    expect((await api(server, k.author.cookie, 'GET', `/api/docs/${otherId}/export?format=md&version=${v1.id}`)).status).toBe(404);
  });
});

describe('restore', () => {
  it('a commissioner restores one paragraph: a new change on top, votes on that wording count again, nothing else touched', async () => {
    for (const who of [k.c1, k.c2, k.c3]) await agree(who, 'p1');
    const v1 = await nameVersion('Agreed');
    editBlock(k.clients[0]!.client, 'p1', 'The board meets monthly.');
    editBlock(k.clients[1]!.client, 'p2', 'Members serve five years.');
    await serverHas('p1', 'The board meets monthly.');
    await serverHas('p2', 'Members serve five years.');

    // A whole version is the author's call; publisher and observer restore nothing.
    expect((await post(k.c1, `/versions/${v1.id}/restore`)).status).toBe(403);
    expect((await post(k.publisher, `/versions/${v1.id}/restore`, { blockId: 'p1' })).status).toBe(403);
    expect((await post(k.observer, `/versions/${v1.id}/restore`, { blockId: 'p1' })).status).toBe(403);
    expect((await post(k.c1, `/versions/${v1.id}/restore`, { blockId: 'nope' })).status).toBe(404);
    expect((await post(k.c1, `/versions/nope/restore`, { blockId: 'p1' })).status).toBe(404);
    expect((await blockView(server, k.author, k.docId, 'p1')).text).toBe('The board meets monthly.');

    const restored = await post(k.c1, `/versions/${v1.id}/restore`, { blockId: 'p1' });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ restored: 1, version: { reason: 'restore', createdBy: { userId: k.c1.user.id } } });
    await everyClientHas('p1', 'The board meets yearly.');
    await everyClientHas('p2', 'Members serve five years.');
    expect(await blockView(server, k.author, k.docId, 'p1')).toMatchObject({ text: 'The board meets yearly.', status: 'agreed' });
    // The wording it replaced is kept in the checkpoint taken before the restore.
    const versions = (await get(k.author, '/versions')).body.versions;
    // The version before the restore: the checkpoint taken for it, or (when the edits were already
    // checkpointed and nothing changed since) that checkpoint.
    expect(versions[0].reason).toBe('restore');
    expect(['before_restore', 'activity']).toContain(versions[1].reason);
    const before = await get(k.author, `/versions/${versions[1].id}`);
    expect(before.body.blocks.find((b: any) => b.id === 'p1').text).toBe('The board meets monthly.');
    expect((await get(k.author, '/audit')).body.entries.some((e: any) => e.action === 'version.restored' && e.blockId === 'p1')).toBe(true);
  });

  it('a restore with nothing changed since the last version takes no checkpoint of its own (its own audit entry is not a change)', async () => {
    const v1 = await nameVersion('Agreed');
    editBlock(k.clients[0]!.client, 'p1', 'The board meets monthly.');
    await serverHas('p1', 'The board meets monthly.');
    // The burst of editing ends in its checkpoint; nothing changes after it.
    await expect
      .poll(async () => (await get(k.author, '/versions')).body.versions.some((v: any) => v.reason === 'activity'), { timeout: 30_000 })
      .toBe(true);
    for (let i = 0; i < 2; i++) expect((await post(k.c1, `/versions/${v1.id}/restore`, { blockId: 'p1' })).status).toBe(200);
    const reasons = (await get(k.author, '/versions')).body.versions.map((v: any) => v.reason);
    expect(reasons.filter((r: string) => r === 'restore')).toHaveLength(2);
    expect(reasons).not.toContain('before_restore');
  });

  it('the author restores a whole version while others type elsewhere: their edits survive and every client converges', async () => {
    const v1 = await nameVersion('Start');
    editBlock(k.clients[0]!.client, 'p1', 'The board never meets.');
    await serverHas('p1', 'The board never meets.');
    // A commissioner types in p3 while the restore runs; p3 is unchanged since v1, so the restore leaves it alone.
    const typing = (async () => {
      for (let i = 1; i <= 10; i++) {
        editBlock(k.clients[2]!.client, 'p3', `Accounts are audited ${i} times.`);
        // Typing's pace while the restore runs: the scenario, not a wait for something.
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    const restored = await post(k.author, `/versions/${v1.id}/restore`);
    await typing;
    expect(restored.status).toBe(200);
    await everyClientHas('p1', 'The board meets yearly.');
    await everyClientHas('p3', 'Accounts are audited 10 times.');
    await serverHas('p3', 'Accounts are audited 10 times.');
    const docs = k.clients.map(({ client }) => JSON.stringify(client.doc.getXmlFragment('default').toJSON()));
    expect(new Set(docs).size).toBe(1);
  });
});

describe('restore while someone types in the same paragraph', () => {
  /** The block's text in a client's copy, to type into as a person would (one transaction per keystroke). */
  const textIn = (client: StockClient, blockId: string) =>
    docFragment(client.doc)
      .toArray()
      .find((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.getAttribute(BLOCK_ID_ATTR) === blockId)!
      .get(0) as Y.XmlText;
  const typeAtEnd = (client: StockClient, blockId: string, text: string) => {
    const xmlText = textIn(client, blockId);
    for (const ch of text) xmlText.insert(xmlText.length, ch);
  };
  const typeAtStart = (client: StockClient, blockId: string, ch: string) => textIn(client, blockId).insert(0, ch);

  it('one paragraph restored while two others type in it: their concurrent keystrokes survive and every copy converges', async () => {
    const v1 = await nameVersion('Start');
    editBlock(k.clients[0]!.client, 'p1', 'The board meets monthly.');
    await serverHas('p1', 'The board meets monthly.');
    await everyClientHas('p1', 'The board meets monthly.');

    // One typist is offline during the restore: every keystroke of theirs is certainly concurrent with it.
    const offline = k.clients[2]!.client;
    offline.provider.disconnect();
    typeAtEnd(offline, 'p1', ' Really.');
    // Another types at the start of the same paragraph, live, while the restore runs.
    const live = k.clients[1]!.client;
    let typing = true;
    const liveTyping = (async () => {
      while (typing) {
        typeAtStart(live, 'p1', 'X');
        // Typing's pace while the restore runs: the scenario, not a wait for something.
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const restored = await post(k.c1, `/versions/${v1.id}/restore`, { blockId: 'p1' });
    expect(restored.status).toBe(200);
    expect(restored.body.restored).toBe(1);
    typeAtStart(live, 'p1', 'X'); // at least one keystroke after the restore was applied
    typing = false;
    await liveTyping;
    offline.provider.connect();
    await synced(offline);

    // Keystrokes the server had before the restore belong to the wording it replaced (kept in the
    // checkpoint before it); those typed concurrently are kept, around the restored words.
    const expected = /^X+The board meets yearly\. Really\.$/;
    await waitFor(() => k.clients.every(({ client }) => expected.test(blockText(client.doc, 'p1') ?? '')), 30_000, 'p1 converged');
    const texts = k.clients.map(({ client }) => blockText(client.doc, 'p1'));
    expect(new Set(texts).size).toBe(1);
    await serverHas('p1', texts[0]!);
    const docs = k.clients.map(({ client }) => JSON.stringify(client.doc.getXmlFragment('default').toJSON()));
    expect(new Set(docs).size).toBe(1);
  });

  it('a whole version restored while someone types in a paragraph it rewords: the keystrokes survive', async () => {
    const v1 = await nameVersion('Start');
    editBlock(k.clients[0]!.client, 'p2', 'Members serve nine years.');
    await serverHas('p2', 'Members serve nine years.');
    await everyClientHas('p2', 'Members serve nine years.');
    const offline = k.clients[2]!.client;
    offline.provider.disconnect();
    typeAtEnd(offline, 'p2', ' At most.');
    const restored = await post(k.author, `/versions/${v1.id}/restore`);
    expect(restored.status).toBe(200);
    offline.provider.connect();
    await synced(offline);
    await everyClientHas('p2', 'Members serve three years. At most.');
    await serverHas('p2', 'Members serve three years. At most.');
  });
});

describe('export of a version', () => {
  it('is byte-identical to the export taken when it was named, after edits, votes and a restart', async () => {
    for (const who of [k.c1, k.c2]) await agree(who, 'p1');
    await agree(k.c3, 'p2');
    const path = `/export?format=md&scope=draft&record=1`;
    // Every format, draft and consensus, and the manifest: what was published can be reproduced whichever file it was.
    const paths = [
      ...['md', 'html', 'docx', 'json'].flatMap((format) =>
        ['draft', 'consensus'].map((scope) => `/export?format=${format}&scope=${scope}&record=1`),
      ),
      // The manifest published beside the report (hashes of every block and file).
      '/export/manifest?scope=consensus&record=1',
    ];
    const exportBytes = async (p: string) => {
      const res = await fetch(`${server.url}/api/docs/${k.docId}${p}`, { headers: { cookie: k.publisher.cookie } });
      expect(res.status, p).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const filesThen = new Map<string, Buffer>();
    for (const p of paths) filesThen.set(p, await exportBytes(p));
    const bytesThen = filesThen.get(path)!;
    const v1 = await nameVersion('Sent to print');

    editBlock(k.clients[0]!.client, 'p1', 'The board meets weekly.');
    await serverHas('p1', 'The board meets weekly.');
    await agree(k.c3, 'p3');
    await api(server, k.author.cookie, 'PATCH', `/api/docs/${k.docId}`, { title: 'Renamed' });

    k.dispose();
    await server.stop();
    server = await startTestServer({ dataDir, env: { CHECKPOINT_INTERVAL_MS: '300' } });
    k.dispose = () => {};
    for (const p of paths) {
      const again = await exportBytes(`${p}&version=${v1.id}`);
      expect(again.equals(filesThen.get(p)!), `${p} of the named version`).toBe(true);
      // The document now exports differently, as it should.
      expect((await exportBytes(p)).equals(filesThen.get(p)!), `${p} of the document now`).toBe(false);
    }
    // The same from the command line, beside the running server.
    const listed = await runCliProcess(['doc', 'versions', '--doc', k.docId], { env: { DATA_DIR: dataDir } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(v1.id);
    expect(listed.stdout).toContain('Sent to print');
    const cli = await runCliProcess(
      ['doc', 'export', '--doc', k.docId, '--version', v1.id, '--format', 'md', '--scope', 'draft', '--record'],
      { env: { DATA_DIR: dataDir } },
    );
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(bytesThen.toString('utf8'));
    const unknown = await runCliProcess(['doc', 'export', '--doc', k.docId, '--version', 'nope', '--format', 'md'], {
      env: { DATA_DIR: dataDir },
    });
    expect(unknown.code).not.toBe(0);
    // Observers may not export; unknown versions are 404.
    expect(
      (await fetch(`${server.url}/api/docs/${k.docId}${path}&version=${v1.id}`, { headers: { cookie: k.observer.cookie } })).status,
    ).toBe(403);
    expect((await fetch(`${server.url}/api/docs/${k.docId}${path}&version=nope`, { headers: { cookie: k.publisher.cookie } })).status).toBe(
      404,
    );
  }, 240_000);
});

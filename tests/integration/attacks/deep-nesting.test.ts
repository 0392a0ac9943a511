/**
 * Issue 12, critical #1: one valid Yjs update nesting block quotes 6 000 deep
 * (~126 KB) used to be stored and acknowledged, then the block-id pass overflowed
 * the stack from a timer and the process exited; after a restart the stored
 * document broke every open and its consensus and export endpoints. Against a
 * real server process: the update is refused (4400, never acknowledged) and the
 * process stays up; a document stored that deep before the limit existed opens,
 * trimmed, and every endpoint answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, CloseCode } from '@concord/shared';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';
import { RawSyncSocket } from '../../fuzz/support/raw-socket.js';
import { updateMessage } from '../../fuzz/support/wire.js';
import { seedDataDir } from '../../helpers/seeded-data-dir.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A paragraph at the top, then `depth` block quotes nested in one another around a paragraph. */
function deepQuotes(depth: number, base?: Y.Doc): { update: Uint8Array; doc: Y.Doc } {
  const doc = base ?? new Y.Doc();
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment('default');
  doc.transact(() => {
    const top = new Y.XmlElement('paragraph');
    fragment.insert(fragment.length, [top]);
    top.insert(0, [new Y.XmlText('kept at the top')]);
    let parent: Y.XmlElement | Y.XmlFragment = fragment;
    for (let i = 0; i < depth; i++) {
      const quote = new Y.XmlElement('blockquote');
      parent.insert(parent.length, [quote]);
      parent = quote;
    }
    const inner = new Y.XmlElement('paragraph');
    parent.insert(0, [inner]);
    inner.insert(0, [new Y.XmlText('deep')]);
  });
  return { update: Y.encodeStateAsUpdate(doc, before), doc };
}

async function startOn(dataDir: string): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir });
  cleanups.push(() => server.kill('SIGKILL'));
  return server;
}

async function get(server: ServerProcess, cookie: string, path: string): Promise<number> {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status;
}

describe('deeply nested content (issue 12 #1)', () => {
  it('refuses a 6 000-deep update on a real socket and the process stays up', async () => {
    const seeded = await seedDataDir();
    cleanups.push(() => seeded.remove());
    const server = await startOn(seeded.dataDir);
    const { update } = deepQuotes(6000);
    expect(update.byteLength).toBeGreaterThan(100_000);

    const socket = new RawSyncSocket(server.url, seeded.docId, seeded.cookie);
    await socket.ready;
    const answer = await socket.settle([updateMessage(update)], 0, undefined, 30_000);
    expect(answer.closed?.code).toBe(CloseCode.badMessage);
    expect(socket.saved.every((sv) => sv.size === 0)).toBe(true);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // An honest, shallower nesting on the same document is still accepted.
    const client = stockClient(server.url, seeded.docId, seeded.cookie);
    cleanups.push(() => client.destroy());
    await synced(client);
    deepQuotes(20, client.doc);
    const reader = stockClient(server.url, seeded.docId, seeded.cookie);
    cleanups.push(() => reader.destroy());
    await waitFor(() => maxDepth(reader.doc.getXmlFragment('default')) === 21, 30_000, 'the 20-deep quotes at another client');
    // The block-id pass that used to crash the process has run since: its ids reached the reader.
    await waitFor(() => paragraphsWithoutId(reader.doc.getXmlFragment('default')) === 0, 30_000, 'block ids at another client');
    expect(await get(server, seeded.cookie, `/api/docs/${seeded.docId}/consensus`)).toBe(200);
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('opens a document stored 6 000 deep before the limit: trimmed, readable, every endpoint answers', async () => {
    const { update } = deepQuotes(6000);
    const seeded = await seedDataDir({ docs: [{ initialUpdate: update }] });
    cleanups.push(() => seeded.remove());
    const server = await startOn(seeded.dataDir);

    const client = stockClient(server.url, seeded.docId, seeded.cookie);
    cleanups.push(() => client.destroy());
    await synced(client, 30_000);
    const fragment = client.doc.getXmlFragment('default');
    await waitFor(() => maxDepth(fragment) <= 64, 30_000, 'trimmed nesting to reach the client');
    expect(fragment.toString()).toContain('kept at the top');

    for (const path of ['consensus', 'threads', 'export?format=md', 'export?format=docx', 'export/manifest']) {
      expect(await get(server, seeded.cookie, `/api/docs/${seeded.docId}/${path}`), path).toBe(200);
    }
    expect(paragraphsWithoutId(fragment)).toBe(0);

    // Up all along, and a graceful stop (which waits for the trim's commit and fold) ends cleanly.
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    // Restarted on the same data dir, the stored (trimmed) document loads again.
    const again = await startOn(seeded.dataDir);
    expect(await get(again, seeded.cookie, `/api/docs/${seeded.docId}/consensus`)).toBe(200);
  });
});

/** Every element of a client's copy with its depth, walked without recursion. */
function elements(root: Y.XmlFragment): { element: Y.XmlElement; depth: number }[] {
  const found: { element: Y.XmlElement; depth: number }[] = [];
  const stack: { node: Y.XmlFragment | Y.XmlElement; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    for (const child of node.toArray())
      if (child instanceof Y.XmlElement) {
        found.push({ element: child, depth: depth + 1 });
        stack.push({ node: child, depth: depth + 1 });
      }
  }
  return found;
}

/** Nesting depth of a client's copy. */
function maxDepth(root: Y.XmlFragment): number {
  return Math.max(0, ...elements(root).map((e) => e.depth));
}

/** Paragraphs still waiting for the server's block-id pass. */
function paragraphsWithoutId(root: Y.XmlFragment): number {
  return elements(root).filter(({ element }) => element.nodeName === 'paragraph' && !element.getAttribute(BLOCK_ID_ATTR)).length;
}

/**
 * A checkpoint must not stall live editing (issue 18). Its heavy part — the
 * whole document converted, every block hashed and evaluated — runs in the
 * capture worker on a replica fed with the room's updates (capture-runner.ts).
 * What reaches or leaves the event loop per checkpoint must follow what changed,
 * not the document's size: counted here (no timings) on a 5-page and a 50-page
 * report with the same three paragraphs reworded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, updateFromProseMirrorJSON } from '@concord/shared';
import { generateReport } from '@concord/shared/fixtures/index';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createUser } from '../helpers/users.js';

let server: TestServer;
beforeAll(async () => {
  // Rooms stay loaded between checkpoints (a reload would seed a new replica).
  server = await startTestServer({ env: { CHECKPOINT_INTERVAL_MS: '86400000', UNLOAD_GRACE_MS: '600000' } });
});
afterAll(async () => {
  await server.dispose();
});

function paragraphsOf(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const walk = (el: Y.XmlFragment | Y.XmlElement) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'paragraph' && child.getAttribute(BLOCK_ID_ATTR)) {
        const text = child.get(0);
        if (text instanceof Y.XmlText) found.push(text);
      } else walk(child);
    }
  };
  walk(docFragment(doc));
  return found;
}

/** Counters of one checkpoint after three paragraphs were reworded, on a report of `pages` pages. */
async function checkpointOf(pages: number) {
  const { stores, versions, rooms } = server.services;
  const author = await createUser(server);
  const meta = await createDocument(stores, {
    title: `${pages} pages`,
    authorId: author.id,
    initialUpdate: updateFromProseMirrorJSON(generateReport({ pages, seed: 7 }) as unknown as Record<string, unknown>),
  });
  const room = await rooms.acquire(meta.id);
  try {
    await versions.captures.whenReady();
    // The first checkpoint of a room seeds the worker's replica (one encoding of the document).
    const first = await versions.checkpoint(meta.id, 'activity', null);
    expect(first).toBeDefined();
    const paragraphs = paragraphsOf(room.doc);
    const before = { ...versions.captures.stats };
    room.doc.transact(() => {
      for (const i of [1, 5, 9]) paragraphs[i]!.insert(0, 'Reworded: ');
    });
    await new Promise<void>((resolve) => room.afterCommit(resolve));
    const second = await versions.checkpoint(meta.id, 'activity', null);
    const after = versions.captures.stats;
    const list = (await versions.list(meta.id)).filter((v) => v.id === second?.id);
    return {
      blocks: list[0]!.blocks,
      changed: list[0]!.changed,
      inline: after.inline - before.inline,
      worker: after.worker - before.worker,
      wordings: after.wordingsReceived - before.wordingsReceived,
      bytes: after.bytesPosted - before.bytesPosted,
    };
  } finally {
    rooms.release(room);
  }
}

describe('checkpoint cost on the event loop', () => {
  it('does not grow with the document: same wordings back and bytes posted for 5 and for 50 pages', { timeout: 120_000 }, async () => {
    const small = await checkpointOf(5);
    const large = await checkpointOf(50);
    expect(large.blocks).toBeGreaterThan(small.blocks * 5);
    for (const r of [small, large]) {
      expect(r).toMatchObject({ inline: 0, worker: 1, wordings: 3, changed: 3 });
    }
    // Three small updates: a few hundred bytes at most, whatever the size of the document.
    expect(large.bytes).toBeLessThan(1024);
    expect(Math.abs(large.bytes - small.bytes)).toBeLessThan(64);
  });

  it('the worker’s reading is the event loop’s: an inline checkpoint right after finds nothing changed', { timeout: 120_000 }, async () => {
    const { stores, versions, rooms } = server.services;
    const author = await createUser(server);
    const meta = await createDocument(stores, {
      title: 'Same',
      authorId: author.id,
      initialUpdate: updateFromProseMirrorJSON(generateReport({ pages: 3, seed: 3 }) as unknown as Record<string, unknown>),
    });
    const room = await rooms.acquire(meta.id);
    try {
      await versions.captures.whenReady();
      const inWorker = await versions.checkpoint(meta.id, 'activity', null);
      versions.captures.inWorker = false;
      const inline = await versions.checkpoint(meta.id, 'activity', null);
      // Nothing changed and the skeleton is byte-equal: the previous version is returned, nothing stored.
      expect(inline?.id).toBe(inWorker?.id);
      expect((await versions.list(meta.id)).length).toBe(1);
    } finally {
      versions.captures.inWorker = true;
      rooms.release(room);
    }
  });
});

/**
 * A crash in the middle of creating a version (issue 18): the server process is
 * killed with SIGKILL at seeded random moments while a client types and versions
 * are taken as fast as the server will (checkpoints every 50 ms, named versions
 * in a loop). After every kill the SQLite file passes its integrity check, every
 * stored version is whole (its skeleton names only wordings that are stored), and
 * the document loads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, updateFromProseMirrorJSON } from '@concord/shared';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { readSkeleton } from '@concord/server/versions/version-content';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { prng } from './support/typists.js';
import { seedDataDir } from '../helpers/seeded-data-dir.js';

const SEED = Number(process.env.CRASH_SEED ?? 20261202);
const ROUNDS = Number(process.env.VERSION_CRASH_ROUNDS ?? 4);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function seed() {
  // Enough blocks that a version takes a moment to write.
  const content = Array.from({ length: 300 }, (_, i) => ({
    type: 'paragraph',
    attrs: { id: `b${i}` },
    content: [{ type: 'text', text: `Paragraph ${i} of the report, with some words in it.` }],
  }));
  const seeded = await seedDataDir({ docs: [{ title: 'Crash', initialUpdate: updateFromProseMirrorJSON({ type: 'doc', content }) }] });
  cleanups.push(() => seeded.remove());
  return seeded;
}

/** Every version whole, the document loadable, the file sound: read straight from SQLite (the server is down). */
async function checkStored(dbFile: string, docId: string): Promise<number> {
  const stores = openSqliteStores(dbFile);
  try {
    expect(stores.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await stores.docs.loadDocState(docId)).toBeDefined();
    const versions = await stores.versions.list(docId);
    for (const v of versions) {
      const bytes = await stores.versions.skeleton(docId, v.id);
      expect(bytes).toBeDefined();
      const { hashes } = await readSkeleton(bytes!);
      expect(hashes).toHaveLength(300);
      const wordings = await stores.versions.wordings(docId, hashes);
      expect(hashes.filter((h) => !wordings.has(h))).toEqual([]);
    }
    return versions.length;
  } finally {
    await stores.close();
  }
}

function typeInto(client: StockClient, random: () => number): void {
  const blocks = docFragment(client.doc).toArray() as Y.XmlElement[];
  const block = blocks[Math.floor(random() * blocks.length)];
  if (!block || block.getAttribute(BLOCK_ID_ATTR) === undefined) return;
  const text = block.get(0) as Y.XmlText;
  text.insert(0, 'x');
}

describe('a crash while a version is written', () => {
  it(`leaves no half version and the document intact (${ROUNDS} kill -9 rounds, seed ${SEED})`, { timeout: 600_000 }, async () => {
    const fx = await seed();
    const random = prng(SEED);
    const port = await freePort();
    let stored = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server: ServerProcess = await startServerProcess({ dataDir: fx.dataDir, port, env: { CHECKPOINT_INTERVAL_MS: '50' } });
      cleanups.push(() => server.kill('SIGKILL').then(() => undefined));
      const client = stockClient(server.url, fx.docId, fx.cookie);
      await synced(client, 30_000);
      let running = true;
      const typing = (async () => {
        while (running) {
          typeInto(client, random);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const naming = (async () => {
        for (let i = 0; running; i++) {
          await fetch(`${server.url}/api/docs/${fx.docId}/versions`, {
            method: 'POST',
            headers: { cookie: fx.cookie, 'content-type': 'application/json', origin: server.url },
            body: JSON.stringify({ name: `round ${round} #${i}` }),
          }).catch(() => undefined);
        }
      })();
      await new Promise((r) => setTimeout(r, 400 + Math.floor(random() * 1200)));
      await server.kill('SIGKILL');
      running = false;
      await Promise.all([typing, naming]);
      client.destroy();
      const count = await checkStored(fx.dbFile, fx.docId);
      expect(count).toBeGreaterThanOrEqual(stored);
      stored = count;
    }
    // Versions were being written when the process died, round after round.
    expect(stored).toBeGreaterThan(0);
  });
});

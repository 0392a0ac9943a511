/**
 * A crash in the middle of creating a version (issue 18): the server process is
 * killed with SIGKILL while a client types and versions are taken as fast as the
 * server will (checkpoints every 50 ms, named versions back to back), once it has
 * answered a seeded number (1–3) of named versions that round: the next one is
 * then on its way. After every kill the SQLite file passes its integrity check,
 * every version the server answered for is stored, every stored version is whole
 * (its skeleton names only wordings that are stored), and the document loads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, updateFromProseMirrorJSON } from '@concord/shared';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { readSkeleton } from '@concord/server/versions/version-content';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
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
          // Typing's pace while versions are taken: the scenario, not a wait for something.
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      // Named versions back to back: each answer is a version stored, and the next is on its way at once.
      let named = 0;
      const naming = (async () => {
        for (let i = 0; running; i++) {
          const status = await fetch(`${server.url}/api/docs/${fx.docId}/versions`, {
            method: 'POST',
            headers: { cookie: fx.cookie, 'content-type': 'application/json', origin: server.url },
            body: JSON.stringify({ name: `round ${round} #${i}` }),
          })
            .then(async (res) => (await res.arrayBuffer(), res.status))
            .catch(() => undefined);
          if (status === 201) named++;
        }
      })();
      // The kill lands at a point the server reaches, not after a delay (which a loaded machine
      // stretches past nothing at all): after a seeded number of versions this round, with the
      // next one, a checkpoint and typing in flight.
      const killAfter = 1 + Math.floor(random() * 3);
      await waitFor(() => named >= killAfter, 120_000, `${killAfter} named versions in round ${round}`);
      await server.kill('SIGKILL');
      running = false;
      await Promise.all([typing, naming]);
      client.destroy();
      const count = await checkStored(fx.dbFile, fx.docId);
      // Every version the server answered for is stored (and whole, checkStored).
      expect(count).toBeGreaterThanOrEqual(stored + named);
      stored = count;
    }
    // Versions were being written when the process died, round after round.
    expect(stored).toBeGreaterThan(0);
  });
});

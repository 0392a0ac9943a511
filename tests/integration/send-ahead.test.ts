/**
 * Send before integrate (issue 21, server/src/sync/send-ahead.ts) through the real
 * server with stock y-websocket clients: writers type at random, concurrently, while
 * some of them go offline and come back (their answers), new editor sessions start
 * (claims), and one relays another account's edits it got offline (withheld ids).
 * Plain typing goes to the readers as the client's own bytes before the server
 * integrates it, the rest once applied or committed; every reader ends with exactly
 * the server's document (state vector, delete set, content) and nothing pending.
 *
 * Replay: SEND_AHEAD_SEED=<seed> npx vitest run --project integration tests/integration/send-ahead.test.ts
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { fence, socketOf } from '../helpers/sync-fence.js';
import { blocksAwaitingIds, contentOf, deleteSetOf, formatStateVector, sameStateVector, stateVectorOf } from '../fuzz/support/doc-state.js';
import { randomEdit } from '../fuzz/support/edits.js';
import { intFromEnv, Random, seedFromEnv } from '../fuzz/support/random.js';

const SEED = seedFromEnv('SEND_AHEAD_SEED', 20261203);
const STEPS = intFromEnv('SEND_AHEAD_STEPS', 300);

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  server = undefined;
});

describe('updates sent before they are integrated', () => {
  it(`mixed with claims, answers and withheld ids, leave every reader with the server's document (seed ${SEED})`, async () => {
    const r = new Random(SEED);
    server = await startTestServer();
    const author = await signedInUser(server, 'Author');
    const [ca, cb, oa, ob] = await Promise.all(['Comm A', 'Comm B', 'Obs A', 'Obs B'].map((n) => signedInUser(server!, n)));
    const docId = await createDocWithMembers(server, author, [
      { user: ca!.user, role: 'commissioner' },
      { user: cb!.user, role: 'commissioner' },
      { user: oa!.user, role: 'observer' },
      { user: ob!.user, role: 'observer' },
    ]);
    const open = (cookie: string) => {
      const client = stockClient(server!.url, docId, cookie);
      clients.push(client);
      return client;
    };
    const readers = [open(oa!.cookie), open(ob!.cookie)];
    const writers = [open(author.cookie), open(ca!.cookie), open(cb!.cookie)];
    await Promise.all([...readers, ...writers].map((c) => synced(c)));
    const room = server.services.rooms.get(docId)!;

    let relayed = false;
    for (let step = 0; step < STEPS; step++) {
      const writer = r.pick(writers);
      randomEdit(writer.doc, r);
      const roll = r.next();
      if (roll < 0.02) {
        // A new editor session of the same account: a new client id, claimed by its first write.
        const i = writers.indexOf(writer);
        const cookie = [author.cookie, ca!.cookie, cb!.cookie][i % 3]!;
        writer.provider.disconnect();
        writers[i] = open(cookie);
        await synced(writers[i]!);
      } else if (roll < 0.05 && writer.provider.shouldConnect) {
        // Offline for a while: its edits come back in its answer to the server's sync step 1.
        writer.provider.disconnect();
      } else if (roll < 0.1) {
        for (const w of writers) if (!w.provider.shouldConnect) w.provider.connect();
      }
      if (!relayed && step === Math.floor(STEPS / 2)) {
        // The author types offline; Comm B gets those edits by hand and reconnects first:
        // the author's structs in B's answer are withheld until the author's client sends them.
        const [a, b] = [writers[0]!, writers[2]!];
        a.provider.disconnect();
        b.provider.disconnect();
        for (let k = 0; k < 3; k++) randomEdit(a.doc, r);
        Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
        b.provider.connect();
        await synced(b);
        // B's answer (sent when it heard the server's sync step 1) is handled before A is back.
        await fence(socketOf(b));
        a.provider.connect();
        relayed = true;
      }
      // Random pauses of 0-2 ms, part of the scenario: they let sockets, commits and sends interleave.
      if (r.chance(0.3)) await sleep(r.int(3));
    }
    for (const w of writers) if (!w.provider.shouldConnect) w.provider.connect();

    const everyone = () => [...readers, ...writers];
    await waitFor(
      () => everyone().every((c) => c.provider.synced && sameStateVector(stateVectorOf(c.doc), stateVectorOf(room.doc))),
      30_000,
      'every client to hold the server state',
    );
    // The server may still assign block ids (its own later update, 50 ms after a commit): wait
    // until its copy needs none, and that change is committed and sent.
    await waitFor(() => blocksAwaitingIds(room.doc) === 0, 30_000, 'the server to give every block an id');
    await server.services.rooms.batcher.drain();
    await waitFor(
      () => everyone().every((c) => sameStateVector(stateVectorOf(c.doc), stateVectorOf(room.doc))),
      30_000,
      'every client to hold the settled server state',
    );
    const expected = { sv: formatStateVector(stateVectorOf(room.doc)), ds: deleteSetOf(room.doc, new Set()), content: contentOf(room.doc) };
    for (const reader of readers) {
      expect(reader.doc.store.pendingStructs).toBeNull();
      expect(reader.doc.store.pendingDs).toBeNull();
      expect({
        sv: formatStateVector(stateVectorOf(reader.doc)),
        ds: deleteSetOf(reader.doc, new Set()),
        content: contentOf(reader.doc),
      }).toEqual(expected);
    }
    for (const writer of writers) expect(contentOf(writer.doc)).toBe(expected.content);
    // Both paths were taken: plain typing ahead of its integration, the rest once applied or committed.
    const { ahead, early, afterCommit } = room.broadcasts.counters;
    console.info(`send-ahead: seed ${SEED}, ${STEPS} steps: ahead ${ahead}, early ${early}, after commit ${afterCommit}`);
    expect(ahead).toBeGreaterThan(STEPS / 4);
    expect(early).toBeGreaterThan(0);
    expect(afterCommit).toBeGreaterThan(0);
  }, 120_000);
});

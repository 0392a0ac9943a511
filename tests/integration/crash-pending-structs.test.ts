/**
 * Round 8's crash.test.ts failure, made deterministic. A client that reconnected
 * while a commit was running heard live updates before the server answered its
 * sync step 1 (the answer waited for the disk to be idle), so Yjs parked one on
 * top of an update it had missed: *pending* structs. A kill -9 then, and the
 * restarted server lacked what the client held before the gap; the client's answer
 * to the new server's sync step 1 carried a Yjs Skip, the server closed it with
 * 4400, and the stock y-websocket 3 client never reconnects after a 44xx: its
 * typing was never saved again.
 *
 * Now the answer goes as soon as nothing waits for a commit, and no live update
 * reaches a socket before its answer (sync/broadcast-queue.ts); a client that holds
 * pending structs anyway is answered, not closed: the server applies its sync step 2
 * up to the gap and asks again once it has what was missing (sync/integrable-part.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@concord/shared';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { freePort, holdCommits, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { seedDataDir, type SeededDataDir } from '../helpers/seeded-data-dir.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { listenConcord, roundTrip, type ConcordInbox } from './support/concord-messages.js';
import { docFromStored } from './support/typists.js';

/** Starting the server through tsx can take over a minute on a loaded machine. */
const START_TIMEOUT_MS = 240_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type Fixture = SeededDataDir;

/** One writer (two of its devices edit) and a document, written straight into a fresh data dir. */
async function seed(): Promise<Fixture> {
  const seeded = await seedDataDir({ people: [{ name: 'Writer' }], docs: [{ title: 'Pending structs' }] });
  cleanups.push(seeded.remove);
  return seeded;
}

async function storedText(fx: Fixture): Promise<string> {
  const stores = openSqliteStores(fx.dbFile);
  try {
    const state = await stores.docs.loadDocState(fx.docId);
    if (!state) throw new Error('document is gone');
    return docFromStored(state).getText('t').toString();
  } finally {
    await stores.close();
  }
}

async function startServer(fx: Fixture, port: number, holdableCommits = false): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir: fx.dataDir, port, startTimeoutMs: START_TIMEOUT_MS, holdableCommits });
  cleanups.push(() => void server.kill('SIGKILL'));
  return server;
}

interface Editor {
  client: StockClient;
  inbox: ConcordInbox;
  text: Y.Text;
  /** Everything this client typed is acknowledged as saved. */
  allSaved(): boolean;
  /** Close codes the server sent this client that stop a stock client from reconnecting. */
  finalCloses(): number[];
}

function editor(fx: Fixture, url: string, doc?: Y.Doc): Editor {
  const client = stockClient(url, fx.docId, fx.cookie, { concord: true, connect: false, ...(doc ? { doc } : {}) });
  const inbox = listenConcord(client);
  // No presence: the only awareness message a client gets is the answer to its roundTrip.
  client.provider.awareness.setLocalState(null);
  client.provider.connect();
  cleanups.push(() => client.destroy());
  return {
    client,
    inbox,
    text: client.doc.getText('t'),
    allSaved: () => inbox.ackedClock(client.doc.clientID) === Y.getState(client.doc.store, client.doc.clientID),
    finalCloses: () => client.closeEvents.map((e) => e.code).filter((code) => code >= 4400 && code < 4500),
  };
}

const append = (e: Editor, words: string) => e.text.insert(e.text.length, words);

describe('pending structs at a client', { timeout: 600_000 }, () => {
  it('a client resyncing while a commit runs hears no live update before its answer, so a kill -9 leaves it nothing pending', async () => {
    const fx = await seed();
    const port = await freePort();
    let server = await startServer(fx, port, true);
    const author = editor(fx, server.url);
    const reader = editor(fx, server.url);
    const observer = editor(fx, server.url); // stays connected throughout
    await Promise.all([author, reader, observer].map((e) => synced(e.client, 30_000)));

    append(author, 'one'); // claims the author's client id: stored before anyone hears it
    await waitFor(() => reader.text.toString() === 'one' && author.allSaved(), 60_000, 'the first word, saved');

    // " two" reaches the others at once; its commit is held (and every one after it).
    // Meanwhile the reader drops off, " three" is typed, the reader comes back and " four" is typed.
    await holdCommits(server);
    append(author, ' two');
    await waitFor(() => reader.text.toString() === 'one two', 30_000, '" two" at the reader');
    reader.client.provider.disconnect();
    append(author, ' three');
    await waitFor(() => observer.text.toString() === 'one two three', 30_000, '" three" applied while the reader is away');
    reader.client.provider.connect();
    await waitFor(() => reader.client.provider.wsconnected, 30_000, 'the reader to reconnect');
    await roundTrip(reader.client, 30_000); // the server has taken the reader into the room
    append(author, ' four');
    await waitFor(() => observer.text.toString() === 'one two three four', 30_000, '" four" at the observer');
    // Whatever the server sent the reader with " four" has arrived before this answer.
    await roundTrip(reader.client, 30_000);
    await server.kill('SIGKILL');
    author.client.provider.disconnect(); // the author's device stays away for now
    expect(await storedText(fx), 'the kill landed before " two" was committed').toBe('one');
    // Before: " four" reached the reader over the missing " three", parked as pending.
    expect(reader.client.doc.store.pendingStructs, 'the reader holds an update over a gap').toBeNull();
    expect(reader.text.toString(), 'the answer waits for " two" and " three" to be committed').toBe('one two');

    // Back up (at normal speed): the reader resends what the server lost and keeps typing.
    server = await startServer(fx, port);
    await synced(reader.client, 60_000);
    reader.text.insert(0, 'Reader: ');
    await waitFor(() => reader.allSaved() || reader.finalCloses().length > 0, 60_000, "the reader's words saved");
    expect(reader.finalCloses(), 'closes that stop a stock client for good').toEqual([]);
    author.client.provider.connect();
    await synced(author.client, 60_000);
    const expected = 'Reader: one two three four';
    await waitFor(() => author.text.toString() === expected && author.allSaved(), 60_000, 'the author to converge, all saved');
    for (const [name, e] of Object.entries({ reader, observer }))
      await waitFor(() => e.text.toString() === expected, 60_000, `${name} to converge`);
    expect([author, reader, observer].flatMap((e) => e.finalCloses())).toEqual([]);
    await server.kill('SIGTERM');
    expect(await storedText(fx)).toBe(expected);
  });

  it('a client that holds pending structs is answered, not closed: what integrates is saved, the rest once its author is back', async () => {
    const fx = await seed();
    const server = await startServer(fx, await freePort());
    const author = editor(fx, server.url);
    await synced(author.client, 30_000);
    append(author, 'one');
    await waitFor(() => author.allSaved(), 30_000, 'the first word saved');

    // Offline, the author writes three more words, each an update of its own.
    author.client.provider.disconnect();
    const stored = Y.encodeStateAsUpdate(author.client.doc);
    const updates: Uint8Array[] = [];
    author.client.doc.on('update', (u: Uint8Array) => updates.push(u));
    for (const word of [' two', ' three', ' four']) append(author, word);
    const [two, , four] = updates as [Uint8Array, Uint8Array, Uint8Array];

    // A reader's copy as a crash could leave it: " two", and " four" over the missing " three".
    const readerDoc = new Y.Doc();
    for (const u of [stored, two, four]) Y.applyUpdate(readerDoc, u);
    expect(readerDoc.store.pendingStructs, 'the reader starts with pending structs').not.toBeNull();
    const reader = editor(fx, server.url, readerDoc);
    await synced(reader.client, 30_000);
    reader.text.insert(0, 'Reader: ');
    await waitFor(() => reader.allSaved() || reader.finalCloses().length > 0, 30_000, "the reader's words saved");
    expect(reader.finalCloses(), 'closes that stop a stock client for good').toEqual([]);
    // " two" came with the reader's answer; " four" waits for " three".
    const observer = editor(fx, server.url);
    await synced(observer.client, 30_000);
    expect(observer.text.toString()).toBe('Reader: one two');
    expect(reader.client.doc.store.pendingStructs).not.toBeNull();

    author.client.provider.connect();
    const expected = 'Reader: one two three four';
    for (const [name, e] of Object.entries({ author, reader, observer }))
      await waitFor(() => e.text.toString() === expected, 30_000, `${name} to converge`);
    await waitFor(() => author.allSaved(), 30_000, "the author's words saved");
    expect(reader.client.doc.store.pendingStructs).toBeNull();
    for (const e of [author, reader, observer]) {
      expect(e.finalCloses()).toEqual([]);
      expect(e.client.closeEvents.map((c) => c.code)).not.toContain(CloseCode.reloadRequired);
    }
    await server.kill('SIGTERM');
    expect(await storedText(fx)).toBe(expected);
  });
});

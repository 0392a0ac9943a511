/**
 * Issue 21: the server sends an update to the other sockets as soon as it is
 * applied, before the commit that makes it durable (only `saved` waits). A
 * `kill -9` in between must lose nothing acknowledged and must not hand the
 * author's client id to a reader: when the reader reconnects, its stock client
 * resends what it received, and the server withholds it (the id's owner is
 * stored, because a claim waits for its commit) until the author's client is
 * back and resends it itself. The server runs as a child process whose commits
 * the test holds (support/held-commits-server.ts), so that the kill lands in the
 * window however slow the machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { freePort, holdCommits, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { listenConcord, type ConcordInbox } from './support/concord-messages.js';
import { docFromStored } from './support/typists.js';
import { seedDataDir, type SeededDataDir } from '../helpers/seeded-data-dir.js';

/** What the server logs when it withholds structs (sync/room.ts). */
const WITHHELD_LOG = "withheld structs under other accounts' client ids";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface Person {
  userId: string;
  cookie: string;
}

interface Fixture {
  seeded: SeededDataDir;
  docId: string;
  author: Person;
  reader: Person;
}

/** Two commissioners of one document (the first its author), written straight into a fresh data dir. */
async function seed(): Promise<Fixture> {
  const seeded = await seedDataDir({ people: [{ name: 'Author' }, { name: 'Reader' }], docs: [{ title: 'Sent before committed' }] });
  cleanups.push(() => seeded.remove());
  const [author, reader] = seeded.people.map((p) => ({ userId: p.user.id, cookie: p.cookie })) as [Person, Person];
  return { seeded, docId: seeded.docId, author, reader };
}

/** The text and client-id owners the store holds now (read through a second connection). */
async function stored(fx: Fixture): Promise<{ text: string; owners: Map<number, string> }> {
  const stores = openSqliteStores(fx.seeded.dbFile);
  try {
    const state = await stores.docs.loadDocState(fx.docId);
    if (!state) throw new Error('document is gone');
    return { text: docFromStored(state).getText('t').toString(), owners: state.clientOwners };
  } finally {
    await stores.close();
  }
}

interface Editor {
  client: StockClient;
  inbox: ConcordInbox;
  text: Y.Text;
  /** Everything this client typed is acknowledged as saved. */
  allSaved(): boolean;
}

function editor(fx: Fixture, who: Person, url: string): Editor {
  const client = stockClient(url, fx.docId, who.cookie, { concord: true, connect: false });
  const inbox = listenConcord(client);
  client.provider.connect();
  cleanups.push(() => client.destroy());
  const id = client.doc.clientID;
  return {
    client,
    inbox,
    text: client.doc.getText('t'),
    allSaved: () => inbox.ackedClock(id) === Y.getState(client.doc.store, id),
  };
}

/** Starting the server through tsx can take over a minute on a loaded machine. */
const START_TIMEOUT_MS = 240_000;

describe('kill -9 after an update was sent to the others but before its commit', { timeout: 600_000 }, () => {
  it('withholds what the reader resends, restores it from the author, and loses nothing acknowledged', async () => {
    const fx = await seed();
    const port = await freePort();
    let server: ServerProcess = await startServerProcess({
      dataDir: fx.seeded.dataDir,
      port,
      holdableCommits: true,
      startTimeoutMs: START_TIMEOUT_MS,
    });
    cleanups.push(() => void server.kill('SIGKILL'));
    const author = editor(fx, fx.author, server.url);
    const reader = editor(fx, fx.reader, server.url);
    await Promise.all([synced(author.client, 30_000), synced(reader.client, 30_000)]);
    const authorId = author.client.doc.clientID;
    const readerId = reader.client.doc.clientID;

    // First writes claim each client id; they are stored before anyone else hears them.
    author.text.insert(0, 'Author first.');
    await waitFor(() => reader.text.toString() === 'Author first.' && author.allSaved(), 30_000, "the author's first words");
    reader.text.insert(reader.text.length, ' Reader first.');
    await waitFor(() => author.text.toString() === 'Author first. Reader first.' && reader.allSaved(), 30_000, "the reader's first words");

    // The author's next words reach the reader at once, and the reader builds on them;
    // neither is committed (the server holds its commits from here on) when it dies.
    await holdCommits(server);
    const ackedBefore = author.inbox.ackedClock(authorId);
    author.text.insert(author.text.length, ' Author second.');
    await waitFor(() => reader.text.toString().endsWith('Author second.'), 30_000, "the author's second words at the reader");
    reader.text.insert(reader.text.length, ' Reader on top.');
    await waitFor(() => author.text.toString().endsWith('Reader on top.'), 30_000, "the reader's words on top at the author");
    expect(author.inbox.ackedClock(authorId), 'the second words were not acknowledged before the kill').toBe(ackedBefore);
    const readerCloses = reader.client.closeEvents.length;
    await server.kill('SIGKILL');
    author.client.provider.disconnect(); // the author's device stays away for now
    await waitFor(() => reader.client.closeEvents.length > readerCloses, 30_000, 'the reader to notice');

    const afterKill = await stored(fx);
    expect(afterKill.text, 'the kill landed before the second commit returned').toBe('Author first. Reader first.');
    expect(afterKill.owners.get(authorId)).toBe(fx.author.userId);
    expect(afterKill.owners.get(readerId)).toBe(fx.reader.userId);

    // Back up (at normal speed). The reader reconnects first and resends the author's
    // words and its own on top of them: withheld, and the author's id stays the author's.
    server = await startServerProcess({ dataDir: fx.seeded.dataDir, port, env: { LOG_LEVEL: 'info' }, startTimeoutMs: START_TIMEOUT_MS });
    await synced(reader.client, 30_000);
    await waitFor(() => server.output().includes(WITHHELD_LOG), 30_000, "the server to withhold the reader's relay");
    const observer = editor(fx, fx.reader, server.url);
    await synced(observer.client, 30_000);
    expect(observer.text.toString()).toBe('Author first. Reader first.');
    const withheld = await stored(fx);
    expect(withheld.text).toBe('Author first. Reader first.');
    expect(withheld.owners.get(authorId)).toBe(fx.author.userId);

    // The author comes back: its words are stored and acknowledged, the reader is asked
    // again and its words on top follow, and the author's further typing is saved.
    author.client.provider.connect();
    await synced(author.client, 30_000);
    await waitFor(() => author.allSaved(), 30_000, "the author's second words acknowledged");
    author.text.insert(author.text.length, ' Author third.');
    await waitFor(() => author.allSaved(), 30_000, "the author's third words acknowledged");
    const expected = 'Author first. Reader first. Author second. Reader on top. Author third.';
    for (const [name, e] of Object.entries({ author, reader, observer }))
      await waitFor(() => e.text.toString() === expected, 30_000, `${name} to converge`);
    await waitFor(() => reader.allSaved(), 30_000, "the reader's words acknowledged");

    const final = await stored(fx);
    expect(final.text).toBe(expected);
    expect(final.owners.get(authorId)).toBe(fx.author.userId);
    expect(final.owners.get(readerId)).toBe(fx.reader.userId);
  });
});

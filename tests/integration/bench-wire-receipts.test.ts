/**
 * The load generator's light receivers (bench/lib/wire-receipts.ts): a client that
 * stopped integrating still reports every edit a writer typed, read off the wire,
 * in both framings — y-websocket's (Concord, the reference server) and
 * Hocuspocus's (document name first) — while presence still reaches it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { connectClient, whenComplete, type BenchClient, type ClientSpec } from '../../bench/lib/clients.js';
import { Receiver, Writer } from '../../bench/lib/typing.js';
import { ReceivedClocks } from '../../bench/lib/wire-receipts.js';
import { applyPresence, RawState } from '../../bench/lib/light-presence.js';
import { clientSpec, deploy, launch, type RunningServer } from '../../bench/lib/targets.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';

const KEYSTROKES = 40;

/** A document of two paragraphs, written by a fixed client id: what the writer types into. */
function seededDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraphs = ['The first paragraph of the report.', 'The second one.'].map((text) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    return p;
  });
  doc.getXmlFragment('default').insert(0, paragraphs);
  return doc;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One writer typing KEYSTROKES keys with a caret update each; one reader that stopped integrating. */
async function typeAndReceive(writerSpec: ClientSpec, readerSpec: ClientSpec, writerDoc: Y.Doc) {
  const writerClient = connectClient(writerSpec, writerDoc);
  cleanups.push(() => writerClient.destroy());
  await whenComplete(writerClient, 2, 20_000);
  const readerClient: BenchClient = connectClient(readerSpec);
  cleanups.push(() => readerClient.destroy());
  await whenComplete(readerClient, 2, 20_000);

  const received = readerClient.stopIntegrating();
  writerClient.stopIntegrating();
  const readerDocBefore = Y.encodeStateVector(readerClient.doc);
  const writer = new Writer(writerClient, 0, 7, true);
  const latencies: number[] = [];
  const receiver = new Receiver(readerClient, [writer.log], (ms) => latencies.push(ms));
  cleanups.push(() => receiver.detach());
  for (let i = 0; i < KEYSTROKES; i++) {
    writer.keystroke();
    // A few keys at once, then a pause: updates arrive one by one and, where a server batches, merged.
    if (i % 4 === 3) await new Promise((r) => setTimeout(r, 5));
  }
  await expect.poll(() => latencies.length).toBe(KEYSTROKES);

  const typed = Y.getState(writerClient.doc.store, writerClient.doc.clientID);
  expect(writer.log.clocks).toHaveLength(KEYSTROKES);
  expect(received.get(writerClient.doc.clientID)).toBe(typed);
  expect(readerClient.stateOf(writerClient.doc.clientID)).toBe(typed);
  expect(receiver.missing(0, Infinity)).toBe(0);
  // Read off the wire: the reader's own copy of the document did not take the edits in.
  expect(Y.encodeStateVector(readerClient.doc)).toEqual(readerDocBefore);
  // Presence still reaches the reader (kept as the JSON it arrived as): the writer's caret is there.
  await expect
    .poll(() => {
      const state: unknown = readerClient.awareness.getStates().get(writerClient.doc.clientID);
      return state instanceof RawState ? state.parsed().cursor : undefined;
    })
    .toBeDefined();
}

describe('bench light receivers', () => {
  it('report every typed clock from Concord (y-websocket framing)', async () => {
    const server: TestServer = await startTestServer();
    cleanups.push(() => server.dispose());
    const author = await signedInUser(server);
    const docId = await createDocWithMembers(server, author);
    const spec: ClientSpec = {
      target: 'concord',
      url: server.url.replace(/^http/, 'ws') + '/sync',
      docId,
      cookie: author.cookie,
      concordAcks: true,
    };
    await typeAndReceive(spec, spec, seededDoc());
  });

  it('report every typed clock from Hocuspocus (document name first)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-wire-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const seedFile = join(dir, 'seed.bin');
    writeFileSync(seedFile, Y.encodeStateAsUpdate(seededDoc()));
    const deployment = await deploy('hocuspocus', join(dir, 'run'), { seedFile, docs: 1, writers: 1, readers: 1 });
    const server: RunningServer = await launch(deployment);
    cleanups.push(() => server.stop());
    await typeAndReceive(clientSpec(server, 0, 'writer'), clientSpec(server, 0, 'reader'), seededDoc());
  });
});

describe('ReceivedClocks', () => {
  it('counts structs that arrive ahead of a gap once the gap is filled', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (const ch of 'abcd') text.insert(text.length, ch);
    const clocks = new ReceivedClocks(new Map());
    const advances: number[] = [];
    clocks.listen((client, clock) => client === doc.clientID && advances.push(clock));

    clocks.addUpdate(updates[0]!);
    clocks.addUpdate(updates[2]!);
    clocks.addUpdate(updates[3]!);
    expect(clocks.get(doc.clientID)).toBe(1);
    clocks.addUpdate(updates[1]!);
    expect(clocks.get(doc.clientID)).toBe(4);
    clocks.addUpdate(updates[2]!); // a duplicate changes nothing
    expect(advances).toEqual([1, 4]);
  });
});

describe('applyPresence', () => {
  it('keeps the clocks applyAwarenessUpdate keeps and echoes the same bytes as the stock client', () => {
    const awarenessOf = (clientID: number) => {
      const doc = new Y.Doc();
      doc.clientID = clientID;
      const awareness = new Awareness(doc);
      cleanups.push(() => awareness.destroy());
      return awareness;
    };
    // The receiving client twice (the stock way and the light way), and three writers.
    const stock = awarenessOf(1001);
    const light = awarenessOf(1001);
    stock.setLocalStateField('user', { name: 'reader' });
    light.setLocalStateField('user', { name: 'reader' });
    const echoes = { stock: [] as Uint8Array[], light: [] as Uint8Array[] };
    // What the providers do on 'update': echo the changed clients to the server. The light path
    // sends its own echo; the stock one runs only for an update it hands to the stock code.
    const echoOn = (a: Awareness, into: Uint8Array[]) =>
      a.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
        into.push(encodeAwarenessUpdate(a, [...added, ...updated, ...removed])),
      );
    echoOn(stock, echoes.stock);
    echoOn(light, echoes.light);
    const [w1, w2, w3] = [2001, 2002, 2003].map(awarenessOf) as [Awareness, Awareness, Awareness];
    // The server's view, which relays what the writers said (several at once, as Concord flushes presence).
    const server = awarenessOf(1);
    const messages: Uint8Array[] = [];
    const relay = (...who: Awareness[]) => {
      for (const w of who) applyAwarenessUpdate(server, encodeAwarenessUpdate(w, [w.clientID]), 'writer');
      messages.push(
        encodeAwarenessUpdate(
          server,
          who.map((w) => w.clientID),
        ),
      );
    };
    for (const [i, w] of [w1, w2, w3].entries()) {
      w.setLocalStateField('user', { name: `writer ${i}`, color: '#3366cc' });
      relay(w);
    }
    w1.setLocalStateField('cursor', { anchor: { type: null, tname: null, item: { client: 1, clock: 42 }, assoc: 0 } });
    w2.setLocalStateField('cursor', { anchor: 'ü € \u2028 "quoted"' });
    relay(w1, w2);
    messages.push(messages[messages.length - 1]!); // the same batch again: stale, no echo
    // A caret move and a newcomer in one batch: the stock echo lists the added client first.
    const w4 = awarenessOf(2004);
    w4.setLocalStateField('user', { name: 'late', color: '#cc3366' });
    w1.setLocalStateField('cursor', null);
    relay(w1, w4);
    removeAwarenessStates(w3, [w3.clientID], 'left');
    relay(w3);
    // Someone removes this client's own state: the stock code keeps it and bumps its clock.
    const impostor = awarenessOf(1001);
    impostor.setLocalState(null);
    impostor.meta.set(1001, { clock: 50, lastUpdated: Date.now() });
    messages.push(encodeAwarenessUpdate(impostor, [1001]));

    for (const m of messages) {
      applyAwarenessUpdate(stock, m, 'server');
      applyPresence(light, m, 'server', (payload) => echoes.light.push(payload));
    }
    expect(echoes.stock.length).toBe(7);
    expect(echoes.light).toEqual(echoes.stock);
    expect(new Map([...light.meta].map(([id, m]) => [id, m.clock]))).toEqual(new Map([...stock.meta].map(([id, m]) => [id, m.clock])));
    const plain = (state: unknown) => (state instanceof RawState ? state.parsed() : state);
    expect(new Map([...light.states].map(([id, state]) => [id, plain(state)]))).toEqual(stock.states);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { integrablePart } from './integrable-part.js';
import { checkUpdate, defaultUpdateGuardLimits, hasPendingState, InvalidUpdateError } from './update-guard.js';

const AUTHOR = 101;
const OTHER = 202;
const READER = 303;
const SERVER = 404;

/** An author's document and each of its edits as its own update, in order. */
function authorWithEdits(words: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = AUTHOR;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return { doc, updates };
}

/** The reader's document after `updates`. */
function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = READER;
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/** The server's document after `updates` (its own client id writes nothing). */
function serverOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = SERVER;
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/** What a stock client answers to a server with `server`'s state vector (pending structs merged in, as Yjs does). */
const answerTo = (client: Y.Doc, server: Y.Doc) => Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));

const hasSkip = (update: Uint8Array) => Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Skip);

/** Applies what integrates, as the room does after the usual checks. */
function applyPart(server: Y.Doc, answer: Uint8Array): ReturnType<typeof integrablePart> {
  const part = integrablePart(server, answer, defaultUpdateGuardLimits);
  checkUpdate(server, part.update); // what is kept passes the guard
  Y.applyUpdate(server, part.update);
  expect(hasPendingState(server)).toBe(false);
  return part;
}

describe('the integrable part of a sync step 2', () => {
  it('of an answer without gaps is the answer itself', () => {
    const { updates } = authorWithEdits(['one', ' two']);
    const server = serverOf(updates[0]!);
    const client = docOf(updates[0]!, updates[1]!);
    const answer = answerTo(client, server);
    const part = integrablePart(server, answer, defaultUpdateGuardLimits);
    expect(part.update).toBe(answer);
    expect(part.waitingFor).toEqual([]);
  });

  it('keeps what comes before a gap and waits for the missing client (a reader after a crash)', () => {
    const { updates } = authorWithEdits(['one', ' two', ' three', ' four']);
    const [one, two, , four] = updates as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    // The restarted server has "one"; the reader has " two" and, over the missing " three", " four".
    const server = serverOf(one);
    const reader = docOf(one, two, four);
    expect(reader.store.pendingStructs).not.toBeNull();
    const answer = answerTo(reader, server);
    expect(hasSkip(answer), 'the stock encoding has a Skip where the gap is').toBe(true);
    expect(() => checkUpdate(server, answer)).toThrow(/gaps/);

    const part = applyPart(server, answer);
    expect(server.getText('t').toString()).toBe('one two');
    expect(part.waitingFor).toEqual([AUTHOR]);
    expect(part.leftOut).toEqual([AUTHOR]);
  });

  it('leaves out what builds on the gap under other client ids, and keeps the rest', () => {
    const { doc: author, updates } = authorWithEdits(['one', ' two', ' three']);
    const [one, two, three] = updates as [Uint8Array, Uint8Array, Uint8Array];
    // Another client wrote after " three"; a third one wrote on its own text.
    const other = new Y.Doc();
    other.clientID = OTHER;
    for (const u of [one, two, three]) Y.applyUpdate(other, u);
    const sv = Y.encodeStateVector(other);
    other.getText('t').insert(other.getText('t').length, ' other');
    const onThree = Y.encodeStateAsUpdate(other, sv);
    const server = serverOf(one);
    const reader = docOf(one, two, onThree);
    reader.getText('notes').insert(0, 'mine');
    expect(reader.store.pendingStructs).not.toBeNull();

    const part = applyPart(server, answerTo(reader, server));
    expect(server.getText('t').toString()).toBe('one two');
    expect(server.getText('notes').toString()).toBe('mine');
    expect(part.waitingFor.sort()).toEqual([AUTHOR]);
    expect(part.leftOut.sort()).toEqual([OTHER]);

    // Once the server has " three", asking again brings the rest.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(author, Y.encodeStateVector(server)));
    const again = applyPart(server, answerTo(reader, server));
    expect(again.waitingFor).toEqual([]);
    expect(server.getText('t').toString()).toBe('one two three other');
  });

  it('keeps the deletions of what the server will know, and waits for the rest', () => {
    const { doc: author, updates } = authorWithEdits(['one', ' two']);
    const [one, two] = updates as [Uint8Array, Uint8Array];
    const sv = Y.encodeStateVector(author);
    author.getText('t').delete(0, author.getText('t').length); // deletes "one" and " two"
    const deletion = Y.encodeStateAsUpdate(author, sv);
    const server = serverOf(one);
    const reader = docOf(one, deletion); // " two" never arrived: its deletion is pending
    expect(reader.store.pendingDs).not.toBeNull();

    const part = applyPart(server, answerTo(reader, server));
    expect(server.getText('t').toString()).toBe('');
    expect(part.waitingFor).toEqual([AUTHOR]);
    Y.applyUpdate(server, two);
    expect(server.getText('t').toString()).toBe(' two');
  });

  it('an answer that starts beyond the server keeps nothing of that client, and never leaves the server pending', () => {
    const { updates } = authorWithEdits(['one', ' two', ' three']);
    const server = serverOf();
    const reader = docOf(updates[2]!); // only the last edit, over the missing first two
    const part = applyPart(server, answerTo(reader, server));
    expect(server.getText('t').toString()).toBe('');
    expect(part.waitingFor).toEqual([AUTHOR]);
  });

  it('refuses an empty deletion range among deletions of content the server lacks, instead of cutting it off with them', () => {
    // The sync fuzz's seed 12 (op 966) in miniature: an answer with no structs whose delete
    // set deletes something the server has and, for a client it has never seen, a range of
    // length 0, which no Yjs encoder writes.
    const { updates } = authorWithEdits(['one']);
    const server = serverOf(updates[0]!);
    const answer = deletionsOnly([
      [AUTHOR, [{ clock: 0, len: 3 }]],
      [OTHER, [{ clock: 5, len: 0 }]],
    ]);
    // Plain Yjs deletes "one" and then throws, on the empty range it must keep pending.
    expect(() => Y.applyUpdate(serverOf(updates[0]!), answer)).toThrow('Unexpected case');
    expect(() => integrablePart(server, answer, defaultUpdateGuardLimits)).toThrow(/impossible deletion/);
    expect(() => checkUpdate(server, answer)).toThrow(/impossible deletion/);
    expect(server.getText('t').toString()).toBe('one');
    // Without the empty range it is an honest answer: "one" goes, the rest waits for OTHER.
    const honest = deletionsOnly([
      [AUTHOR, [{ clock: 0, len: 3 }]],
      [OTHER, [{ clock: 5, len: 1 }]],
    ]);
    expect(applyPart(server, honest).waitingFor).toEqual([OTHER]);
    expect(server.getText('t').toString()).toBe('');
  });

  it('refuses an item whose parent is a later change of its own client, instead of cutting it off as a gap', () => {
    // The sync fuzz's seed 6 (op 282) in miniature: a new client's second item names as its
    // parent a clock of that client far beyond the update; a gap to wait for, to the cut.
    const answer = ownLaterParent(OTHER);
    expect(() => Y.applyUpdate(serverOf(), answer)).toThrow(/Cannot read properties of undefined/);
    const server = serverOf();
    expect(() => integrablePart(server, answer, defaultUpdateGuardLimits)).toThrow(/cycle/);
    expect(() => checkUpdate(server, answer)).toThrow(/cycle/);
    expect(server.getText('t').toString()).toBe('');
  });

  it('refuses what does not decode', () => {
    expect(() => integrablePart(new Y.Doc(), new Uint8Array([255, 255, 255, 1, 2]), defaultUpdateGuardLimits)).toThrow(InvalidUpdateError);
  });
});

/** A V1 update with no structs and the given deletion ranges, written as they are (a crafted delete set). */
function deletionsOnly(clients: [number, { clock: number; len: number }[]][]): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 0);
  encoding.writeVarUint(e.restEncoder, clients.length);
  for (const [client, ranges] of clients) {
    e.resetDsCurVal();
    encoding.writeVarUint(e.restEncoder, client);
    encoding.writeVarUint(e.restEncoder, ranges.length);
    for (const r of ranges) {
      e.writeDsClock(r.clock);
      e.writeDsLen(r.len);
    }
  }
  return e.toUint8Array();
}

/** `client`'s "a" in the root text `t`, then "b" whose parent is that client's clock 1000 (not in the update). */
function ownLaterParent(client: number): Uint8Array {
  const CONTENT_STRING = 4;
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 1);
  encoding.writeVarUint(e.restEncoder, 2);
  e.writeClient(client);
  encoding.writeVarUint(e.restEncoder, 0);
  e.writeInfo(CONTENT_STRING);
  e.writeParentInfo(true);
  e.writeString('t');
  e.writeString('a');
  e.writeInfo(CONTENT_STRING);
  e.writeParentInfo(false);
  e.writeLeftID(Y.createID(client, 1000));
  e.writeString('b');
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

/**
 * DocStore contract: every implementation (memory, SQLite; PostgreSQL later)
 * must pass these tests unchanged.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { StoreError, type DocStore, type FoldReceipt } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

/** A Yjs update that appends `text` to the document's `t` text, on top of `doc`. */
function edit(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | undefined;
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  return update!;
}

/** What a client would see after loading the stored state. */
function textOf(state: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const u of state.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

const bytes = (u: Uint8Array) => Array.from(u);

/** A fold by a copy holding everything stored now, as a room that has just loaded the document. */
async function foldEverything(docs: DocStore, docId: string, doc: Y.Doc): Promise<FoldReceipt> {
  const state = (await docs.loadDocState(docId))!;
  return docs.foldLog({
    docId,
    snapshot: Y.encodeStateAsUpdate(doc),
    base: { snapshotGen: state.snapshotGen, uptoSeq: state.lastSeq, seqs: [] },
  });
}

/** Commits one update and returns its log position. */
async function commitOne(docs: DocStore, docId: string, update: Uint8Array): Promise<number> {
  return (await docs.commit({ updates: [{ docId, update }] })).seqs[0]!;
}

export function docStoreContract(factory: StoreFactory): void {
  describe(`DocStore contract (${factory.name})`, () => {
    let docs: DocStore;
    const advance = (ms = 1000) => vi.setSystemTime(new Date(Date.now() + ms));

    storesPerTest(factory, {}, (s) => (docs = s.docs));

    describe('documents', () => {
      it('creates a document and reads it back', async () => {
        const meta = await docs.createDoc({ id: 'd1', title: 'Report', createdBy: 'u1' });
        expect(meta).toEqual({ id: 'd1', title: 'Report', createdAt: T0.toISOString(), updatedAt: T0.toISOString(), createdBy: 'u1' });
        expect(await docs.getDoc('d1')).toEqual(meta);
      });

      it('records no creator when none is given', async () => {
        expect((await docs.createDoc({ id: 'd1', title: 'Report' })).createdBy).toBeNull();
      });

      it('refuses a second document with the same id, leaving the first as it was', async () => {
        await docs.createDoc({ id: 'd1', title: 'First' });
        const err = await docs.createDoc({ id: 'd1', title: 'Second' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).reason).toBe('conflict');
        expect((await docs.getDoc('d1'))?.title).toBe('First');
      });

      it('returns undefined for an unknown document', async () => {
        expect(await docs.getDoc('nope')).toBeUndefined();
        expect(await docs.loadDocState('nope')).toBeUndefined();
        expect(await docs.renameDoc('nope', 'x')).toBeUndefined();
        expect(await docs.logLength('nope')).toBe(0);
      });

      it('lists every document, most recently updated first', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        advance();
        await docs.createDoc({ id: 'b', title: 'B' });
        advance();
        await docs.createDoc({ id: 'c', title: 'C' });
        expect((await docs.listDocs()).map((d) => d.id)).toEqual(['c', 'b', 'a']);
        advance();
        await docs.commit({ updates: [{ docId: 'a', update: edit(new Y.Doc(), 'x') }] });
        expect((await docs.listDocs()).map((d) => d.id)).toEqual(['a', 'c', 'b']);
      });

      it('filters the list by ids, ignoring unknown ids', async () => {
        for (const id of ['a', 'b', 'c']) await docs.createDoc({ id, title: id.toUpperCase() });
        expect((await docs.listDocs({ ids: ['c', 'a', 'zzz'] })).map((d) => d.id).sort()).toEqual(['a', 'c']);
        expect(await docs.listDocs({ ids: [] })).toEqual([]);
        expect(await docs.listDocs({})).toHaveLength(3);
      });

      it('renames a document and moves its updated time', async () => {
        await docs.createDoc({ id: 'd1', title: 'Old' });
        advance();
        const renamed = await docs.renameDoc('d1', 'New');
        expect(renamed).toMatchObject({ id: 'd1', title: 'New', createdAt: T0.toISOString() });
        expect(renamed!.updatedAt > renamed!.createdAt).toBe(true);
        expect(await docs.getDoc('d1')).toEqual(renamed);
      });

      it('deletes a document with all its stored state', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'd1', title: 'Doomed', initialUpdate: edit(d, 'a') });
        await docs.createDoc({ id: 'd2', title: 'Kept' });
        await docs.commit({ updates: [{ docId: 'd1', update: edit(d, 'b') }] });
        await foldEverything(docs, 'd1', d);
        await docs.commit({ updates: [{ docId: 'd1', update: edit(d, 'c') }] });

        expect(await docs.deleteDoc('d1')).toBe(true);
        expect(await docs.getDoc('d1')).toBeUndefined();
        expect(await docs.loadDocState('d1')).toBeUndefined();
        expect(await docs.logLength('d1')).toBe(0);
        expect((await docs.listDocs()).map((m) => m.id)).toEqual(['d2']);
        expect(await docs.deleteDoc('d1')).toBe(false);
        // The id is free again, and the new document starts empty.
        await docs.createDoc({ id: 'd1', title: 'Reborn' });
        expect(await docs.loadDocState('d1')).toMatchObject({ snapshot: null, updates: [] });
      });
    });

    describe('update log', () => {
      it('starts empty, or with the initial update', async () => {
        await docs.createDoc({ id: 'empty', title: 'E' });
        expect(await docs.loadDocState('empty')).toEqual({
          snapshot: null,
          updates: [],
          lastSeq: 0,
          snapshotGen: 0,
          clientOwners: new Map(),
        });
        expect(await docs.logLength('empty')).toBe(0);

        const initial = edit(new Y.Doc(), 'hello');
        await docs.createDoc({ id: 'full', title: 'F', initialUpdate: initial });
        const state = (await docs.loadDocState('full'))!;
        expect(state.snapshot).toBeNull();
        expect(state.updates.map(bytes)).toEqual([bytes(initial)]);
        expect(state.lastSeq).toBeGreaterThan(0);
        expect(await docs.logLength('full')).toBe(1);
      });

      it('returns committed updates in commit order, per document', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        await docs.createDoc({ id: 'b', title: 'B' });
        const da = new Y.Doc();
        const db = new Y.Doc();
        const a1 = edit(da, 'one ');
        const b1 = edit(db, 'uno ');
        const a2 = edit(da, 'two ');
        await docs.commit({
          updates: [
            { docId: 'a', update: a1 },
            { docId: 'b', update: b1 },
            { docId: 'a', update: a2 },
          ],
        });
        const a3 = edit(da, 'three');
        await docs.commit({ updates: [{ docId: 'a', update: a3 }] });

        const sa = (await docs.loadDocState('a'))!;
        expect(sa.updates.map(bytes)).toEqual([a1, a2, a3].map(bytes));
        expect(textOf(sa)).toBe('one two three');
        expect((await docs.loadDocState('b'))!.updates.map(bytes)).toEqual([bytes(b1)]);
        expect(await docs.logLength('a')).toBe(3);
        expect(await docs.logLength('b')).toBe(1);
      });

      it('moves lastSeq forward with every commit', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        const d = new Y.Doc();
        const seqs: number[] = [];
        for (const word of ['a', 'b', 'c']) {
          await docs.commit({ updates: [{ docId: 'a', update: edit(d, word) }] });
          seqs.push((await docs.loadDocState('a'))!.lastSeq);
        }
        expect(seqs[0]).toBeGreaterThan(0);
        expect(seqs[1]).toBeGreaterThan(seqs[0]!);
        expect(seqs[2]).toBeGreaterThan(seqs[1]!);
      });

      it('touches the updated time of documents that received updates', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        await docs.createDoc({ id: 'b', title: 'B' });
        advance();
        await docs.commit({ updates: [{ docId: 'a', update: edit(new Y.Doc(), 'x') }] });
        expect((await docs.getDoc('a'))!.updatedAt).toBe(new Date(T0.getTime() + 1000).toISOString());
        expect((await docs.getDoc('b'))!.updatedAt).toBe(T0.toISOString());
      });

      it('keeps its own copy of the bytes it was given', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        const update = edit(new Y.Doc(), 'safe');
        const original = bytes(update);
        await docs.commit({ updates: [{ docId: 'a', update }] });
        update.fill(0);
        const loaded = (await docs.loadDocState('a'))!;
        expect(bytes(loaded.updates[0]!)).toEqual(original);
        loaded.updates[0]!.fill(0);
        expect(bytes((await docs.loadDocState('a'))!.updates[0]!)).toEqual(original);
      });

      it('accepts an empty batch', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        await docs.commit({ updates: [] });
        expect(await docs.logLength('a')).toBe(0);
      });
    });

    describe('atomic commits', () => {
      it('changes nothing when a batch has an update for an unknown document', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A', initialUpdate: edit(d, 'kept') });
        const before = await docs.loadDocState('a');
        const metaBefore = await docs.getDoc('a');
        advance();
        const err = await docs
          .commit({
            updates: [
              { docId: 'a', update: edit(d, ' lost') },
              { docId: 'ghost', update: edit(new Y.Doc(), 'boo') },
              { docId: 'a', update: edit(d, ' too') },
            ],
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).reason).toBe('not_found');
        expect(await docs.loadDocState('a')).toEqual(before);
        expect(await docs.getDoc('a')).toEqual(metaBefore);
        expect(await docs.logLength('a')).toBe(1);
        expect(await docs.getDoc('ghost')).toBeUndefined();
      });
    });

    describe('folding the log into a snapshot', () => {
      it('replaces every logged update the copy holds', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A', initialUpdate: edit(d, 'one ') });
        await docs.commit({ updates: [{ docId: 'a', update: edit(d, 'two ') }] });
        const lastSeqBefore = (await docs.loadDocState('a'))!.lastSeq;
        expect(await docs.logLength('a')).toBe(2);

        const snapshot = Y.encodeStateAsUpdate(d);
        const receipt = await foldEverything(docs, 'a', d);
        expect(receipt.merged).toBe(false);
        const state = (await docs.loadDocState('a'))!;
        expect(bytes(state.snapshot!)).toEqual(bytes(snapshot));
        expect(state.updates).toEqual([]);
        expect(state.lastSeq).toBe(lastSeqBefore);
        expect(state.snapshotGen).toBe(receipt.snapshotGen);
        expect(await docs.logLength('a')).toBe(0);
        expect(textOf(state)).toBe('one two ');
      });

      it('keeps the log after it: later updates load on top of the snapshot, in order', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A' });
        await docs.commit({ updates: [{ docId: 'a', update: edit(d, 'one ') }] });
        await foldEverything(docs, 'a', d);
        const seqAtSnapshot = (await docs.loadDocState('a'))!.lastSeq;
        const two = edit(d, 'two ');
        const three = edit(d, 'three');
        await docs.commit({ updates: [{ docId: 'a', update: two }] });
        await docs.commit({ updates: [{ docId: 'a', update: three }] });

        const state = (await docs.loadDocState('a'))!;
        expect(state.updates.map(bytes)).toEqual([two, three].map(bytes));
        expect(state.lastSeq).toBeGreaterThan(seqAtSnapshot);
        expect(await docs.logLength('a')).toBe(2);
        expect(textOf(state)).toBe('one two three');
      });

      it('deletes only what its base names: an update committed after the snapshot was taken stays', async () => {
        // A room cut its snapshot at 'one two ', then typing went on and was
        // committed before the fold was written (the fold runs beside commits).
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A', initialUpdate: edit(d, 'one ') });
        const loaded = (await docs.loadDocState('a'))!;
        const two = await commitOne(docs, 'a', edit(d, 'two '));
        const snapshot = Y.encodeStateAsUpdate(d);
        const later = edit(d, 'three');
        await commitOne(docs, 'a', later);

        await docs.foldLog({ docId: 'a', snapshot, base: { snapshotGen: loaded.snapshotGen, uptoSeq: loaded.lastSeq, seqs: [two] } });
        const state = (await docs.loadDocState('a'))!;
        expect(bytes(state.snapshot!)).toEqual(bytes(snapshot));
        expect(state.updates.map(bytes)).toEqual([bytes(later)]);
        expect(await docs.logLength('a')).toBe(1);
        expect(textOf(state)).toBe('one two three');
      });

      it('from the same copy again: the next fold takes what was logged since', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A', initialUpdate: edit(d, 'first') });
        const loaded = (await docs.loadDocState('a'))!;
        const first = await docs.foldLog({
          docId: 'a',
          snapshot: Y.encodeStateAsUpdate(d),
          base: { snapshotGen: loaded.snapshotGen, uptoSeq: loaded.lastSeq, seqs: [] },
        });
        const second = await commitOne(docs, 'a', edit(d, ' second'));
        const latest = Y.encodeStateAsUpdate(d);
        const receipt = await docs.foldLog({
          docId: 'a',
          snapshot: latest,
          base: { snapshotGen: first.snapshotGen, uptoSeq: loaded.lastSeq, seqs: [second] },
        });
        expect(receipt).toEqual({ snapshotGen: expect.any(Number), merged: false });
        expect(receipt.snapshotGen).toBeGreaterThan(first.snapshotGen);
        const state = (await docs.loadDocState('a'))!;
        expect(bytes(state.snapshot!)).toEqual(bytes(latest));
        expect(state.updates).toEqual([]);
        expect(state.snapshotGen).toBe(receipt.snapshotGen);
        expect(textOf(state)).toBe('first second');
      });

      it('of one document leaves the others alone', async () => {
        const da = new Y.Doc();
        const db = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A', initialUpdate: edit(da, 'a') });
        await docs.createDoc({ id: 'b', title: 'B', initialUpdate: edit(db, 'b') });
        await foldEverything(docs, 'a', da);
        expect(await docs.logLength('a')).toBe(0);
        expect(await docs.logLength('b')).toBe(1);
        expect(textOf((await docs.loadDocState('b'))!)).toBe('b');
      });

      it('of an unknown document fails with not_found and writes nothing', async () => {
        const err = await docs
          .foldLog({ docId: 'ghost', snapshot: Y.encodeStateAsUpdate(new Y.Doc()), base: { snapshotGen: 0, uptoSeq: 0, seqs: [] } })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).reason).toBe('not_found');
        expect(await docs.loadDocState('ghost')).toBeUndefined();
      });
    });

    describe('client id owners', () => {
      it('keep the first account that wrote under an id, per document, through snapshots; go with the document', async () => {
        const d = new Y.Doc();
        await docs.createDoc({ id: 'a', title: 'A' });
        await docs.createDoc({ id: 'b', title: 'B' });
        await docs.commit({
          updates: [{ docId: 'a', update: edit(d, 'x') }],
          claims: [
            { docId: 'a', clientId: 7, userId: 'u1' },
            { docId: 'b', clientId: 7, userId: 'u2' },
          ],
        });
        await docs.commit({ updates: [], claims: [{ docId: 'a', clientId: 7, userId: 'u3' }] });
        await foldEverything(docs, 'a', d);
        expect((await docs.loadDocState('a'))!.clientOwners).toEqual(new Map([[7, 'u1']]));
        expect((await docs.loadDocState('b'))!.clientOwners).toEqual(new Map([[7, 'u2']]));
        await docs.deleteDoc('a');
        await docs.createDoc({ id: 'a', title: 'A again' });
        expect((await docs.loadDocState('a'))!.clientOwners).toEqual(new Map());
      });

      it('are not stored when the batch fails', async () => {
        await docs.createDoc({ id: 'a', title: 'A' });
        await expect(
          docs.commit({
            updates: [{ docId: 'ghost', update: edit(new Y.Doc(), 'boo') }],
            claims: [{ docId: 'a', clientId: 9, userId: 'u1' }],
          }),
        ).rejects.toBeInstanceOf(StoreError);
        expect((await docs.loadDocState('a'))!.clientOwners).toEqual(new Map());
      });
    });
  });
}

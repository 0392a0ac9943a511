/** VersionStore contract: versions with de-duplicated wordings, atomic with their audit entry; thinning never touches named versions. */
import { describe, expect, it, vi } from 'vitest';
import { StoreError, type Stores } from '../../src/store/types.js';
import type { NewVersion, VersionWording } from '../../src/store/version-types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const wording = (hash: string, blockId: string, text: string): VersionWording => ({
  hash,
  blockId,
  fingerprint: hash.padEnd(64, '0'),
  node: JSON.stringify({ type: 'paragraph', attrs: { id: blockId }, content: [{ type: 'text', text }] }),
  editors: ['u1'],
});

function version(id: string, overrides: Partial<NewVersion> = {}): NewVersion {
  return {
    id,
    docId: 'd1',
    kind: 'auto',
    reason: 'activity',
    name: null,
    createdAt: new Date().toISOString(),
    createdBy: null,
    auditSeq: 0,
    state: { title: 'One', rule: null, commissioners: ['u2'], names: { u2: 'Two' }, updatedAt: T0.toISOString() },
    summary: { editors: ['u1'], blocks: 1, changed: 1, agreed: 0, stale: 0 },
    skeleton: new Uint8Array([1, 2, 3]),
    wordings: [],
    ...overrides,
  };
}

export function versionStoreContract(factory: StoreFactory): void {
  describe(`VersionStore contract (${factory.name})`, () => {
    let stores: Stores;
    const advance = (ms = 1000) => vi.setSystemTime(new Date(Date.now() + ms));

    storesPerTest(factory, { docs: true }, (s) => (stores = s));

    it('stores versions per document, oldest first, with their state, summary and skeleton', async () => {
      const first = await stores.versions.create(version('v1', { wordings: [wording('h1', 'b1', 'Hello')] }));
      expect(first).toMatchObject({ id: 'v1', docId: 'd1', kind: 'auto', state: { commissioners: ['u2'] }, summary: { changed: 1 } });
      advance();
      await stores.versions.create(version('v2', { kind: 'named', reason: 'named', name: 'Draft', skeleton: new Uint8Array([9]) }));
      await stores.versions.create(version('v3', { docId: 'd2' }));
      expect((await stores.versions.list('d1')).map((v) => v.id)).toEqual(['v1', 'v2']);
      expect((await stores.versions.list('d2')).map((v) => v.id)).toEqual(['v3']);
      expect((await stores.versions.get('d1', 'v2'))?.name).toBe('Draft');
      expect([...(await stores.versions.skeleton('d1', 'v2'))!]).toEqual([9]);
      // A version of another document is not found through this one.
      expect(await stores.versions.get('d1', 'v3')).toBeUndefined();
      expect(await stores.versions.skeleton('d1', 'v3')).toBeUndefined();
      expect(await stores.versions.get('d1', 'nope')).toBeUndefined();
    });

    it('keeps each wording once per document, as first stored', async () => {
      await stores.versions.create(version('v1', { wordings: [wording('h1', 'b1', 'Hello'), wording('h2', 'b2', 'World')] }));
      advance();
      await stores.versions.create(
        version('v2', { wordings: [{ ...wording('h1', 'b1', 'Hello'), editors: ['u9'] }, wording('h3', 'b1', 'Hi')] }),
      );
      await stores.versions.create(version('v3', { docId: 'd2', wordings: [wording('h1', 'b1', 'Other doc')] }));
      expect(await stores.versions.wordingHashes('d1')).toEqual(new Set(['h1', 'h2', 'h3']));
      const got = await stores.versions.wordings('d1', ['h1', 'h3', 'missing']);
      expect([...got.keys()].sort()).toEqual(['h1', 'h3']);
      expect(JSON.parse(got.get('h1')!).content[0].text).toBe('Hello');
      const history = await stores.versions.blockWordings('d1', 'b1');
      expect(history.map((w) => [w.hash, w.firstVersionId, w.editors])).toEqual([
        ['h1', 'v1', ['u1']],
        ['h3', 'v2', ['u1']],
      ]);
      expect(history[1]!.firstSeenAt > history[0]!.firstSeenAt).toBe(true);
    });

    it('writes the audit entry with the version, and refuses an unknown document with nothing stored', async () => {
      await stores.versions.create(version('v1', { kind: 'named', reason: 'named', name: 'N' }), {
        docId: 'd1',
        at: new Date().toISOString(),
        actorId: 'u1',
        action: 'version.named',
        blockId: null,
        details: { versionId: 'v1', name: 'N' },
      });
      expect((await stores.consensus.listAudit('d1')).map((e) => [e.action, e.details.versionId])).toEqual([['version.named', 'v1']]);
      await expect(stores.versions.create(version('v2', { docId: 'nope', wordings: [wording('h9', 'b', 'x')] }))).rejects.toBeInstanceOf(
        StoreError,
      );
      expect(await stores.versions.wordingHashes('nope')).toEqual(new Set());
      expect(await stores.versions.get('nope', 'v2')).toBeUndefined();
    });

    it('thins automatic versions and unreferenced wordings, never a named version', async () => {
      await stores.versions.create(version('v1', { wordings: [wording('h1', 'b1', 'A')] }));
      await stores.versions.create(version('v2', { kind: 'named', reason: 'named', name: 'Keep', wordings: [wording('h2', 'b1', 'B')] }));
      await stores.versions.create(version('v3', { wordings: [wording('h3', 'b1', 'C')] }));
      await stores.versions.create(version('v4', { docId: 'd2', wordings: [wording('h1', 'b1', 'A')] }));
      const result = await stores.versions.prune('d1', ['v1', 'v2'], new Set(['h2', 'h3']));
      expect(result).toEqual({ versions: 1, wordings: 1 });
      expect((await stores.versions.list('d1')).map((v) => v.id)).toEqual(['v2', 'v3']);
      expect(await stores.versions.wordingHashes('d1')).toEqual(new Set(['h2', 'h3']));
      expect(await stores.versions.wordingHashes('d2')).toEqual(new Set(['h1']));
    });

    it('goes with its document', async () => {
      await stores.versions.create(version('v1', { wordings: [wording('h1', 'b1', 'A')] }));
      await stores.docs.deleteDoc('d1');
      expect(await stores.versions.list('d1')).toEqual([]);
      expect(await stores.versions.wordingHashes('d1')).toEqual(new Set());
    });
  });
}

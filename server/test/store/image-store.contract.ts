/** ImageStore contract: per-document, content-addressed, idempotent, gone with the document. */
import { describe, expect, it } from 'vitest';
import { StoreError, type Stores } from '../../src/store/types.js';
import type { NewImage } from '../../src/store/image-types.js';
import { storesPerTest, type StoreFactory } from './factory.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function image(hash: string, bytes: number[], createdBy: string | null = 'u1'): NewImage {
  return { hash, mediaType: 'image/png', bytes: Uint8Array.from(bytes), width: 2, height: 1, createdBy };
}

export function imageStoreContract(factory: StoreFactory): void {
  describe(`ImageStore contract (${factory.name})`, () => {
    let stores: Stores;

    storesPerTest(factory, { docs: true, clock: false }, (s) => (stores = s));

    it('stores bytes under their hash for one document only', async () => {
      const { meta, created } = await stores.images.putImage('d1', image(H1, [1, 2, 3]));
      expect(created).toBe(true);
      expect(meta).toMatchObject({ docId: 'd1', hash: H1, mediaType: 'image/png', byteLength: 3, width: 2, height: 1, createdBy: 'u1' });
      const got = await stores.images.getImage('d1', H1);
      expect([...got!.bytes]).toEqual([1, 2, 3]);
      // The same hash asked for through another document is not there.
      expect(await stores.images.getImage('d2', H1)).toBeUndefined();
      expect(await stores.images.getImage('d1', H2)).toBeUndefined();
    });

    it('storing the same hash again keeps the first copy and says so', async () => {
      await stores.images.putImage('d1', image(H1, [1, 2, 3], 'u1'));
      const again = await stores.images.putImage('d1', image(H1, [1, 2, 3], 'u2'));
      expect(again.created).toBe(false);
      expect(again.meta.createdBy).toBe('u1');
      expect(await stores.images.totalBytes('d1')).toBe(3);
    });

    it('refuses images of an unknown document', async () => {
      await expect(stores.images.putImage('nope', image(H1, [1]))).rejects.toBeInstanceOf(StoreError);
      await expect(stores.images.putImages('nope', [image(H1, [1])])).rejects.toBeInstanceOf(StoreError);
    });

    it('puts several at once and reads back only those asked for that exist', async () => {
      await stores.images.putImages('d2', [image(H1, [1]), image(H2, [2, 2])]);
      const found = await stores.images.getImages('d2', [H2, H1, H2, 'c'.repeat(64)]);
      expect(found.map((i) => i.hash).sort()).toEqual([H1, H2]);
      expect(await stores.images.totalBytes('d2')).toBe(3);
      expect(await stores.images.totalBytes('d1')).toBe(0);
    });

    it('deleting the document deletes its images', async () => {
      await stores.images.putImage('d1', image(H1, [1, 2]));
      await stores.images.putImage('d2', image(H1, [1, 2]));
      await stores.docs.deleteDoc('d1');
      expect(await stores.images.getImage('d1', H1)).toBeUndefined();
      expect(await stores.images.getImage('d2', H1)).toBeDefined();
    });
  });
}

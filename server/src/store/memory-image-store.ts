/** In-memory ImageStore: for tests and as the reference behaviour of the contract suite. */
import type { ImageStore, NewImage, StoredImage, StoredImageMeta } from './image-types.js';
import type { DocStore } from './types.js';
import { StoreError } from './types.js';

export class MemoryImageStore implements ImageStore {
  private readonly byDoc = new Map<string, Map<string, StoredImage>>();

  constructor(
    private readonly docs: DocStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async putImage(docId: string, image: NewImage): Promise<{ meta: StoredImageMeta; created: boolean }> {
    await this.requireDoc(docId);
    const created = this.insert(docId, image);
    return { meta: meta(this.byDoc.get(docId)!.get(image.hash)!), created };
  }

  async putImages(docId: string, images: readonly NewImage[]): Promise<void> {
    await this.requireDoc(docId);
    for (const image of images) this.insert(docId, image);
  }

  async getImage(docId: string, hash: string): Promise<StoredImage | undefined> {
    const image = this.byDoc.get(docId)?.get(hash);
    return image ? { ...image, bytes: image.bytes.slice() } : undefined;
  }

  async getImages(docId: string, hashes: readonly string[]): Promise<StoredImage[]> {
    const found: StoredImage[] = [];
    for (const hash of new Set(hashes)) {
      const image = await this.getImage(docId, hash);
      if (image) found.push(image);
    }
    return found;
  }

  async totalBytes(docId: string): Promise<number> {
    let total = 0;
    for (const image of this.byDoc.get(docId)?.values() ?? []) total += image.byteLength;
    return total;
  }

  forgetDoc(docId: string): void {
    this.byDoc.delete(docId);
  }

  private async requireDoc(docId: string): Promise<void> {
    if (!(await this.docs.getDoc(docId))) throw new StoreError(`document ${docId} not found`, 'not_found');
  }

  private insert(docId: string, image: NewImage): boolean {
    let images = this.byDoc.get(docId);
    if (!images) this.byDoc.set(docId, (images = new Map<string, StoredImage>()));
    if (images.has(image.hash)) return false;
    images.set(image.hash, {
      docId,
      hash: image.hash,
      mediaType: image.mediaType,
      byteLength: image.bytes.byteLength,
      width: image.width,
      height: image.height,
      createdBy: image.createdBy,
      createdAt: this.now().toISOString(),
      bytes: image.bytes.slice(),
    });
    return true;
  }
}

function meta(image: StoredImage): StoredImageMeta {
  const { bytes: _bytes, ...rest } = image;
  return rest;
}

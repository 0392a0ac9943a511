/** Figure images in SQLite: one row per (document, sha256), bytes as a BLOB. */
import type { ImageMediaType } from '@concord/shared';
import type { ImageStore, NewImage, StoredImage, StoredImageMeta } from './image-types.js';
import type { SqliteDb } from './sqlite-database.js';
import { StoreError } from './types.js';

interface ImageRow {
  doc_id: string;
  hash: string;
  media_type: ImageMediaType;
  byte_length: number;
  width: number;
  height: number;
  created_by: string | null;
  created_at: string;
  bytes?: Buffer;
}

const META_COLUMNS = 'doc_id, hash, media_type, byte_length, width, height, created_by, created_at';

const toMeta = (r: ImageRow): StoredImageMeta => ({
  docId: r.doc_id,
  hash: r.hash,
  mediaType: r.media_type,
  byteLength: r.byte_length,
  width: r.width,
  height: r.height,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toImage = (r: ImageRow): StoredImage => ({ ...toMeta(r), bytes: new Uint8Array(r.bytes!) });

export class SqliteImageStore implements ImageStore {
  private readonly stmt;

  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO images (${META_COLUMNS}, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, hash) DO NOTHING`,
      ),
      meta: db.prepare(`SELECT ${META_COLUMNS} FROM images WHERE doc_id = ? AND hash = ?`),
      get: db.prepare(`SELECT ${META_COLUMNS}, bytes FROM images WHERE doc_id = ? AND hash = ?`),
      docExists: db.prepare('SELECT 1 FROM documents WHERE id = ?'),
      total: db.prepare('SELECT COALESCE(SUM(byte_length), 0) AS total FROM images WHERE doc_id = ?'),
    };
  }

  async putImage(docId: string, image: NewImage): Promise<{ meta: StoredImageMeta; created: boolean }> {
    return this.db.transaction(() => {
      const created = this.insert(docId, image);
      return { meta: toMeta(this.stmt.meta.get(docId, image.hash) as ImageRow), created };
    })();
  }

  async putImages(docId: string, images: readonly NewImage[]): Promise<void> {
    this.db.transaction(() => {
      for (const image of images) this.insert(docId, image);
    })();
  }

  async getImage(docId: string, hash: string): Promise<StoredImage | undefined> {
    const row = this.stmt.get.get(docId, hash) as ImageRow | undefined;
    return row ? toImage(row) : undefined;
  }

  async getImages(docId: string, hashes: readonly string[]): Promise<StoredImage[]> {
    const found: StoredImage[] = [];
    for (const hash of new Set(hashes)) {
      const row = this.stmt.get.get(docId, hash) as ImageRow | undefined;
      if (row) found.push(toImage(row));
    }
    return found;
  }

  async totalBytes(docId: string): Promise<number> {
    return (this.stmt.total.get(docId) as { total: number }).total;
  }

  /** Inside a transaction: true when the row is new. */
  private insert(docId: string, image: NewImage): boolean {
    if (!this.stmt.docExists.get(docId)) throw new StoreError(`document ${docId} not found`, 'not_found');
    const result = this.stmt.insert.run(
      docId,
      image.hash,
      image.mediaType,
      image.bytes.byteLength,
      image.width,
      image.height,
      image.createdBy,
      this.now().toISOString(),
      Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength),
    );
    return result.changes === 1;
  }
}

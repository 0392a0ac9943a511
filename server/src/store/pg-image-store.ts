/** Figure images on PostgreSQL: one row per (document, sha256), bytes as BYTEA. */
import type { ImageMediaType } from '@concord/shared';
import type { ImageStore, NewImage, StoredImage, StoredImageMeta } from './image-types.js';
import { StoreError } from './types.js';
import { PG_FOREIGN_KEY_VIOLATION, pgCode, toBytea, type PgQuery, type PgSql } from './pg-database.js';

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

export class PgImageStore implements ImageStore {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async putImage(docId: string, image: NewImage): Promise<{ meta: StoredImageMeta; created: boolean }> {
    return this.notFound(docId, () =>
      this.sql.begin(async (tx) => {
        const created = await this.insert(tx, docId, image);
        const [row] = await tx<ImageRow[]>`
          SELECT doc_id, hash, media_type, byte_length, width, height, created_by, created_at
          FROM images WHERE doc_id = ${docId} AND hash = ${image.hash}`;
        return { meta: toMeta(row!), created };
      }),
    );
  }

  async putImages(docId: string, images: readonly NewImage[]): Promise<void> {
    await this.notFound(docId, () =>
      this.sql.begin(async (tx) => {
        for (const image of images) await this.insert(tx, docId, image);
      }),
    );
  }

  async getImage(docId: string, hash: string): Promise<StoredImage | undefined> {
    const [row] = await this.sql<ImageRow[]>`SELECT * FROM images WHERE doc_id = ${docId} AND hash = ${hash}`;
    return row ? toImage(row) : undefined;
  }

  async getImages(docId: string, hashes: readonly string[]): Promise<StoredImage[]> {
    const wanted = [...new Set(hashes)];
    if (wanted.length === 0) return [];
    const rows = await this.sql<ImageRow[]>`SELECT * FROM images WHERE doc_id = ${docId} AND hash IN ${this.sql(wanted)}`;
    const byHash = new Map(rows.map((r) => [r.hash, r]));
    return wanted.flatMap((h) => (byHash.has(h) ? [toImage(byHash.get(h)!)] : []));
  }

  async totalBytes(docId: string): Promise<number> {
    const [row] = await this.sql<
      { total: number }[]
    >`SELECT COALESCE(SUM(byte_length), 0)::bigint AS total FROM images WHERE doc_id = ${docId}`;
    return row?.total ?? 0;
  }

  /** Inside a transaction: true when the row is new. */
  private async insert(tx: PgQuery, docId: string, image: NewImage): Promise<boolean> {
    const result = await tx`
      INSERT INTO images (doc_id, hash, media_type, byte_length, width, height, created_by, created_at, bytes)
      VALUES (${docId}, ${image.hash}, ${image.mediaType}, ${image.bytes.byteLength}, ${image.width}, ${image.height},
              ${image.createdBy}, ${this.now().toISOString()}, ${toBytea(image.bytes)})
      ON CONFLICT (doc_id, hash) DO NOTHING`;
    return result.count === 1;
  }

  private async notFound<T>(docId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError(`document ${docId} not found`, 'not_found');
      throw err;
    }
  }
}

/**
 * The images one import brings in: checked by content (PNG, JPEG, WebP only —
 * never SVG), size-capped, keyed by the sha256 of their bytes. The caller
 * stores them for the new document; nothing here touches the store or the network.
 */
import { createHash } from 'node:crypto';
import { sniffImage, type ExportImage } from '@concord/shared';
import type { DropTally } from './sanitize.js';

export const MAX_IMPORT_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_IMAGES = 500;

export class ImportImages {
  private readonly byHash = new Map<string, ExportImage>();
  private total = 0;

  constructor(
    private readonly tally: DropTally,
    private readonly maxTotalBytes: number,
  ) {}

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  /** Adds bytes of unknown nature; returns their hash, or null (reported) when they are not an image Concord keeps. */
  addUntrusted(bytes: Uint8Array, from: string): string | null {
    if (bytes.byteLength > MAX_IMPORT_IMAGE_BYTES) {
      this.tally.add(`image over ${MAX_IMPORT_IMAGE_BYTES / 1024 / 1024} MB (kept as a missing image)`, from);
      return null;
    }
    const sniffed = sniffImage(bytes);
    if (!sniffed) {
      this.tally.add('image that is not PNG, JPEG or WebP (kept as a missing image)', from.slice(0, 60));
      return null;
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (this.byHash.has(hash)) return hash;
    if (this.byHash.size >= MAX_IMPORT_IMAGES || this.total + bytes.byteLength > this.maxTotalBytes) {
      this.tally.add('image beyond the import limit (kept as a missing image)', from.slice(0, 60));
      return null;
    }
    this.byHash.set(hash, { mediaType: sniffed.mediaType, bytes: new Uint8Array(bytes) });
    this.total += bytes.byteLength;
    return hash;
  }

  /** The images actually used by the document, by hash. */
  usedBy(hashes: ReadonlySet<string>): Map<string, ExportImage> {
    return new Map([...this.byHash].filter(([hash]) => hashes.has(hash)));
  }
}

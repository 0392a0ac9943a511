/**
 * Figure images, stored per document and addressed by the sha256 of their
 * bytes. Per document, not globally: an image is served only to members of a
 * document that holds it, so knowing (or guessing) a hash from another
 * document gives nothing, and deleting a document deletes its images.
 */
import type { ImageMediaType } from '@concord/shared';

export interface StoredImageMeta {
  docId: string;
  /** sha256 of the bytes, lower-case hex: the image's address. */
  hash: string;
  /** Decided from the bytes on upload (never from a name or a claimed type). */
  mediaType: ImageMediaType;
  byteLength: number;
  width: number;
  height: number;
  /** Who first stored it (null for images brought in by an import script). */
  createdBy: string | null;
  createdAt: string;
}

export interface StoredImage extends StoredImageMeta {
  bytes: Uint8Array;
}

export interface NewImage {
  hash: string;
  mediaType: ImageMediaType;
  bytes: Uint8Array;
  width: number;
  height: number;
  createdBy: string | null;
}

export interface ImageStore {
  /**
   * Stores the image for the document; storing the same hash again changes
   * nothing and returns the first one's metadata (`created: false`).
   * Fails with StoreError('not_found') for an unknown document.
   */
  putImage(docId: string, image: NewImage): Promise<{ meta: StoredImageMeta; created: boolean }>;
  /** Several at once, in one transaction (an import's images): all stored, or none. */
  putImages(docId: string, images: readonly NewImage[]): Promise<void>;
  getImage(docId: string, hash: string): Promise<StoredImage | undefined>;
  /** The images of the document among `hashes` (unknown ones are simply absent). */
  getImages(docId: string, hashes: readonly string[]): Promise<StoredImage[]>;
  /** Total bytes of the document's images (its quota). */
  totalBytes(docId: string): Promise<number>;
}

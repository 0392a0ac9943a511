/**
 * Figure images: accepting an upload (size, type decided by content, quota),
 * reading one back for a member. Access is checked by the caller (HTTP routes, CLI); the store keys
 * every image by its document, so nothing here can reach another document's images.
 */
import { createHash } from 'node:crypto';
import { sniffImage, type ImageMediaType } from '@concord/shared';
import { collectBlockLeaves, parseDocJSON } from '@concord/shared/export/doc-model';
import { badRequest, tooLarge, unsupportedMedia } from '../domain/domain-error.js';
import type { StoredImage, StoredImageMeta } from '../store/image-types.js';
import type { Stores } from '../store/types.js';

export interface ImageLimits {
  maxImageBytes: number;
  maxDocImageBytes: number;
}

export interface ImageUpload {
  bytes: Uint8Array;
  /** What the uploader says it is (Content-Type of the file); checked against the bytes, never trusted. */
  declaredType?: string | undefined;
  filename?: string | undefined;
}

/** Types a client may send that say nothing about the content. */
const NEUTRAL_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);
const TYPE_ALIASES: Record<string, ImageMediaType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };
const EXTENSION_TYPES: Record<string, ImageMediaType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

export class ImageService {
  constructor(
    private readonly stores: Stores,
    private readonly limits: ImageLimits,
  ) {}

  /** Stores an uploaded image for the document; `created: false` when it already held these bytes. */
  async upload(docId: string, userId: string, upload: ImageUpload): Promise<{ meta: StoredImageMeta; created: boolean }> {
    const { bytes } = upload;
    if (bytes.byteLength === 0) throw badRequest('the upload is empty');
    if (bytes.byteLength > this.limits.maxImageBytes)
      throw tooLarge(`an image may be at most ${mb(this.limits.maxImageBytes)}; this one is ${mb(bytes.byteLength)}`);
    if (looksLikeMarkup(bytes))
      throw unsupportedMedia('SVG and other markup are refused (they can carry script): upload a PNG, JPEG or WebP image');
    const sniffed = sniffImage(bytes);
    if (!sniffed) throw unsupportedMedia('this file is not a PNG, JPEG or WebP image (or it is over 20,000 pixels a side)');
    const claimed = claimedType(upload);
    if (claimed && claimed !== sniffed.mediaType)
      throw unsupportedMedia(`the file says it is ${claimed} but its content is ${sniffed.mediaType}`, {
        claimed,
        actual: sniffed.mediaType,
      });
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.stores.images.getImage(docId, hash);
    if (!existing) {
      const used = await this.stores.images.totalBytes(docId);
      if (used + bytes.byteLength > this.limits.maxDocImageBytes)
        throw tooLarge(`this document's images would exceed ${mb(this.limits.maxDocImageBytes)} (it holds ${mb(used)})`);
    }
    return this.stores.images.putImage(docId, {
      hash,
      mediaType: sniffed.mediaType,
      bytes,
      width: sniffed.width,
      height: sniffed.height,
      createdBy: userId,
    });
  }

  get(docId: string, hash: string): Promise<StoredImage | undefined> {
    return this.stores.images.getImage(docId, hash);
  }
}

/** Every image hash a figure of the document names, in document order. */
export function figureHashes(doc: Record<string, unknown>): string[] {
  const hashes: string[] = [];
  for (const node of collectBlockLeaves(parseDocJSON(doc)))
    if (node.type === 'figure' && node.attrs.image !== null) hashes.push(node.attrs.image);
  return hashes;
}

function claimedType(upload: ImageUpload): string | undefined {
  const declared = (upload.declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!NEUTRAL_TYPES.has(declared)) return TYPE_ALIASES[declared] ?? declared;
  const extension = /\.([A-Za-z0-9]+)$/.exec(upload.filename ?? '')?.[1]?.toLowerCase();
  return extension ? (EXTENSION_TYPES[extension] ?? `a .${extension} file`) : undefined;
}

/** SVG, HTML or XML: text that starts with `<` after an optional BOM and white space. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

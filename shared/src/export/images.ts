/** Where exported files put a figure's image, and what a missing one looks like. */
import type { ExportImage, ImageMediaType } from './types.js';

const EXTENSION: Record<ImageMediaType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** `images/<sha256>.<ext>`: content-addressed, so the same image is one file however often it is shown. */
export function imagePath(hash: string, image: ExportImage): string {
  return `images/${hash}.${EXTENSION[image.mediaType]}`;
}

export function dataUri(image: ExportImage): string {
  return `data:${image.mediaType};base64,${base64(image.bytes)}`;
}

export function missingImageText(alt: string): string {
  return `[Image missing${alt === '' ? '' : `: ${alt}`}]`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without Node's Buffer (the renderers run in the browser too). */
export function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    chunk += i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[c & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

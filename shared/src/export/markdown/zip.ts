/**
 * Markdown with its images as one `.zip`: the `.md` file and `images/<sha256>.<ext>`
 * next to it, the paths the Markdown already points at. Stored, not deflated
 * (PNG, JPEG and WebP are compressed already), with entries in a fixed order and
 * every timestamp set to the export's time: same input ⇒ same bytes.
 */
import { zipSync, type Zippable } from 'fflate';
import { imagePath } from '../images.js';
import type { PreparedExport } from '../prepare.js';
import { normalizeZipTimestamps } from '../zip-timestamps.js';

const FALLBACK_TIME = Date.parse('1980-01-01T00:00:00Z');

export function markdownZip(p: PreparedExport, markdownName: string, markdown: Uint8Array): Uint8Array {
  const files: Zippable = { [markdownName]: [markdown, { level: 0 }] };
  const paths = [...p.images].map(([hash, image]) => [imagePath(hash, image), image.bytes] as const);
  paths.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, bytes] of paths) files[path] = [bytes, { level: 0 }];
  const parsed = Date.parse(p.generatedAt ?? '');
  const at = new Date(Number.isFinite(parsed) ? parsed : FALLBACK_TIME);
  // fflate writes local time; rewrite to the export's UTC time so the time zone cannot change the bytes.
  return normalizeZipTimestamps(zipSync(files, { mtime: at }), at);
}

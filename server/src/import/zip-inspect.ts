/**
 * Reads a zip's central directory without inflating anything, so a DOCX can
 * be checked (is it a zip, does it hold word/document.xml, how large would it
 * inflate to) before mammoth touches it. ZIP64 archives are refused: no real
 * Word document needs one below the import size cap.
 */
import { inflateRawSync } from 'node:zlib';
import { ImportError } from './import-error.js';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const malformed = (why: string): never => {
    throw new ImportError('malformed', `The DOCX file is damaged: ${why}.`);
  };
  if (!isZip(bytes) || view.getUint32(0, true) !== LOCAL_SIG) malformed('it does not start like a zip archive');
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) malformed('the zip directory is missing');
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const start = view.getUint32(eocd + 16, true);
  if (count === 0xffff || start === 0xffffffff) malformed('ZIP64 archives are not supported');
  if (start + size > eocd) malformed('the zip directory points outside the file');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let offset = start;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > eocd || view.getUint32(offset, true) !== CENTRAL_SIG) malformed('a zip directory entry is broken');
    const compressedSize = view.getUint32(offset + 20, true);
    const uncompressedSize = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    if (offset + 46 + nameLength > eocd) malformed('a zip entry name runs past the directory');
    if (local + 30 > bytes.length || local + compressedSize > bytes.length) malformed('a zip entry points outside the file');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) malformed('ZIP64 archives are not supported');
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      compressedSize,
      uncompressedSize,
      localOffset: local,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates every entry for real, counting bytes, and stops as soon as the total
 * passes `budget` (zlib's maxOutputLength aborts mid-stream). The sizes the zip
 * directory declares are the attacker's to choose: a 1 MiB archive declaring
 * small sizes once made the importer inflate a gigabyte. Returns the total.
 */
export function inflatedSizeWithin(bytes: Uint8Array, entries: ZipEntry[], budget: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIG)
      throw new ImportError('malformed', 'The DOCX file is damaged: a zip entry is broken.');
    const method = view.getUint16(at + 8, true);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressedSize);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, budget - total + 1) }).length;
      } catch (err) {
        if (err instanceof RangeError) size = budget - total + 1;
        else throw new ImportError('malformed', 'The DOCX file is damaged: a zip entry does not inflate.');
      }
    } else throw new ImportError('malformed', 'The DOCX file uses an unsupported zip compression.');
    total += size;
    if (total > budget)
      throw new ImportError('too_large', `The DOCX file inflates to more than ${Math.round(budget / 1024 / 1024)} MB; that is the limit.`);
  }
  return total;
}

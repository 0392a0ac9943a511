/** Test-only zip reader (node:zlib) to look inside DOCX output. */
import { inflateRawSync } from 'node:zlib';

export function readZip(bytes: Uint8Array): Map<string, { data: Uint8Array; time: number; date: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const out = new Map<string, { data: Uint8Array; time: number; date: number }>();
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(offset + 10, true);
    const time = view.getUint16(offset + 12, true);
    const date = view.getUint16(offset + 14, true);
    const size = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extra = view.getUint16(offset + 30, true);
    const comment = view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + size);
    out.set(name, { data: method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw, time, date });
    offset += 46 + nameLength + extra + comment;
  }
  return out;
}

export function zipText(bytes: Uint8Array, name: string): string {
  const entry = readZip(bytes).get(name);
  if (!entry) throw new Error(`${name} not in zip`);
  return new TextDecoder().decode(entry.data);
}

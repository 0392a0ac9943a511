/**
 * Real image files for tests, made here rather than checked in: a valid PNG of
 * any size (pixels from a seed, stored without compression so its byte size is
 * predictable), the head of a JPEG, and hostile look-alikes.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An RGB PNG of width × height; about 3·w·h bytes. Different seeds give different bytes. */
export function makePng(width: number, height: number, seed = 1): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let x = seed >>> 0 || 1;
  for (let row = 0; row < height; row++) {
    const start = row * (width * 3 + 1);
    raw[start] = 0; // filter: none
    for (let i = 1; i <= width * 3; i++) {
      // xorshift: noise that deflate cannot shrink, so the size stays predictable
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      raw[start + i] = x & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]),
  );
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/** The start of a baseline JPEG (SOI, APP0, SOF0 of 8×4): what the type sniffer reads. */
export function jpegHead(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0,
    0x00, 0x11, 0x08, 0x00, 0x04, 0x00, 0x08, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
  ]);
}

export const SVG_WITH_SCRIPT = new TextEncoder().encode(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>',
);

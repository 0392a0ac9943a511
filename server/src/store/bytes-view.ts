/**
 * A plain Uint8Array over a driver's Buffer, sharing its memory rather than
 * copying it. A 150-page report's snapshot is 0.8 MB, and each copy made while a
 * document loads stays allocated, as garbage, until the next full collection:
 * with many documents opened in a row, copies were a sizeable part of the
 * server's resident memory (issue 21).
 */
export function bytesView(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Figures name their image by the sha256 (lower-case hex) of its bytes: the store's content address. */
export function isImageHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

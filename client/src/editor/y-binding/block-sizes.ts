/**
 * The sizes of a list of top-level blocks, with the sum of the sizes before any block and the block
 * a position falls in, each in O(log n) and kept current in O(log n) when one size changes (a
 * Fenwick tree). Sizes are whole numbers ≥ 0.
 */
export class BlockSizes {
  private readonly sizes: Float64Array;
  /** tree[i] (1-based) holds the sum of sizes (i - lowbit(i), i]. */
  private readonly tree: Float64Array;
  private readonly top: number;

  constructor(sizes: readonly number[]) {
    const n = sizes.length;
    this.sizes = Float64Array.from(sizes);
    this.tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      this.tree[i]! += sizes[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent]! += this.tree[i]!;
    }
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = top;
  }

  get count(): number {
    return this.sizes.length;
  }

  size(index: number): number {
    return this.sizes[index]!;
  }

  set(index: number, size: number): void {
    const delta = size - this.sizes[index]!;
    if (delta === 0) return;
    this.sizes[index] = size;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  /** The sum of the sizes of blocks 0 … index - 1. */
  before(index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /**
   * The first block whose end reaches `pos` (pos ≥ 1): the block i with before(i) < pos ≤ before(i + 1),
   * or the last block when `pos` is past the end of all of them; with before(i). Null when there are none.
   */
  blockReaching(pos: number): { index: number; offset: number } | null {
    const n = this.sizes.length;
    if (n === 0) return null;
    // The most blocks whose sizes sum to less than pos.
    let index = 0;
    let sum = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = index + step;
      if (next <= n && sum + this.tree[next]! < pos) {
        index = next;
        sum += this.tree[next]!;
      }
    }
    if (index === n) return { index: n - 1, offset: sum - this.sizes[n - 1]! };
    return { index, offset: sum };
  }
}

/** Caret colours with enough contrast on white, assigned round-robin to new users. */
export const CARET_COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#c2255c', '#0c8599', '#e67700', '#5f3dc4', '#087f5b', '#a61e4d'];

export function colorFor(index: number): string {
  return CARET_COLORS[index % CARET_COLORS.length]!;
}

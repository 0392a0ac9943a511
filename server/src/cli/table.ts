/** Plain aligned columns for terminal listings (no colours: output is often piped). */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** `2030-01-01T12:34:56.789Z` → `2030-01-01 12:34` (UTC, as stored). */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

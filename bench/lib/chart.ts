/**
 * A hand-written SVG line chart: edit-to-receipt latency (log scale) against
 * typed edits per second, one colour per server, p99 solid and p50 dashed,
 * with the 50 ms budget drawn across.
 */
export interface Series {
  label: string;
  color: string;
  points: { x: number; p50: number; p99: number; lagged: boolean; failed: boolean }[];
}

const W = 760;
const H = 440;
const M = { left: 64, right: 190, top: 40, bottom: 56 };

export function latencyChart(series: Series[], title: string, budgetMs = 50): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const xMax = niceCeil(Math.max(10, ...xs));
  const yMin = 1;
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(100, ...series.flatMap((s) => s.points.map((p) => p.p99))))) || 1000;
  const px = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
  const py = (y: number) => {
    const v = Math.log10(Math.max(yMin, y));
    return H - M.bottom - ((v - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (H - M.top - M.bottom);
  };
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2 - M.right / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // Grid and axes.
  for (let d = yMin; d <= yMax; d *= 10) {
    for (const m of [1, 2, 5]) {
      const v = d * m;
      if (v > yMax) break;
      const y = py(v);
      out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      if (m === 1 || m === 5) out.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${v}</text>`);
    }
  }
  for (let i = 0; i <= 5; i++) {
    const x = (xMax * i) / 5;
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(x)}" y="${H - M.bottom + 18}" text-anchor="middle">${Math.round(x)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">edits per second offered (writers × keystrokes/s)</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">edit → remote receipt, ms (log)</text>`,
  );
  const yb = py(budgetMs);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yb}" y2="${yb}" stroke="#d33" stroke-dasharray="2 3"/>`);
  out.push(`<text x="${W - M.right - 4}" y="${yb - 4}" text-anchor="end" fill="#d33">p99 budget ${budgetMs} ms</text>`);
  // Series.
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    const line = (key: 'p50' | 'p99') => pts.map((p) => `${px(p.x).toFixed(1)},${py(p[key]).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${line('p99')}"/>`);
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" stroke-dasharray="5 4" points="${line('p50')}"/>`);
    for (const p of pts) {
      const [cx, cy] = [px(p.x), py(p.p99)];
      if (p.failed) {
        out.push(
          `<path d="M${cx - 5} ${cy - 5}L${cx + 5} ${cy + 5}M${cx - 5} ${cy + 5}L${cx + 5} ${cy - 5}" stroke="#d33" stroke-width="2.5"/>`,
        );
        continue;
      }
      const fill = p.lagged ? '#fff' : s.color;
      out.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="3.5" fill="${fill}" stroke="${s.color}"/>`);
    }
    const ly = M.top + 14 + i * 20;
    out.push(
      `<line x1="${W - M.right + 14}" x2="${W - M.right + 40}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`,
    );
    out.push(`<text x="${W - M.right + 46}" y="${ly}">${esc(s.label)}</text>`);
  });
  const ly = M.top + 14 + series.length * 20 + 10;
  out.push(`<text x="${W - M.right + 14}" y="${ly}">solid: p99, dashed: p50</text>`);
  out.push(`<text x="${W - M.right + 14}" y="${ly + 16}">hollow dot: generator lagged</text>`);
  out.push(`<text x="${W - M.right + 14}" y="${ly + 32}" fill="#d33">✗: clients disconnected</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

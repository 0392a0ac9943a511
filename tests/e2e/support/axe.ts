/**
 * axe-core in the page under test: the serious and critical violations, and
 * the moderate ones about structure a screen-reader user navigates by (heading
 * order, landmarks), one line each (rule, what it asks, where), so a failure
 * says what to fix. `AXE_ALL=1` lists every other moderate and minor one too
 * (to look, not to fail CI).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

/** Enforced whatever their impact: headings and landmarks are how a screen reader moves around a page. */
function enforced(v: AxeViolation): boolean {
  return v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order' || v.id.startsWith('landmark-');
}

export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the devtools protocol: the app's CSP (script-src 'self') stays on for the app.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => enforced(v) || process.env.AXE_ALL)
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} × ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/**
 * C37, C38: footnotes and recommendations in the consensus export. The rules
 * are implemented by the export module (filter-consensus.ts, numbering.ts);
 * these tests hold every renderer to them, fed with statuses from the model.
 */
import { describe, it, expect } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { computeConsensus, DEFAULT_CONSENSUS_RULE, extractBlocks, type Vote } from '../../src/consensus/index.js';
import {
  exportReport,
  prepareExport,
  renderHtml,
  renderMarkdown,
  type ExportBlockState,
  type ExportOptions,
} from '../../src/export/index.js';
import { doc, fn, h, p, rec, recommendationList, table, vote } from './fixtures.js';

/** Export input where exactly the listed blocks are agreed by the sole commissioner. */
function inputFor(d: PMNode, agreed: string[], options: Partial<ExportOptions> = {}) {
  const votes: Record<string, Vote[]> = {};
  for (const b of extractBlocks(d)) if (b.id && agreed.includes(b.id)) votes[b.id] = [vote('ann', 'agree', b.fingerprint)];
  const view = computeConsensus(d, votes, ['ann'], DEFAULT_CONSENSUS_RULE);
  const blocks = new Map<string, ExportBlockState>();
  for (const { block, consensus } of view.entries)
    if (block.id) blocks.set(block.id, { status: consensus.status, stale: consensus.stale, votes: [] });
  return {
    title: 'T',
    doc: d.toJSON() as Record<string, unknown>,
    blocks,
    rule: DEFAULT_CONSENSUS_RULE,
    generatedAt: '2025-01-01T00:00:00Z',
    options: { scope: 'consensus' as const, includeRecord: false, ...options },
  };
}

const noteTexts = (d: PMNode, agreed: string[]) =>
  prepareExport(inputFor(d, agreed)).numbering.notes.map((n) => [n.number, (n.node.content ?? []).map((t) => t.text).join('')]);

describe('footnotes in the consensus export', () => {
  const report = doc(
    h(1, 'h', 'Findings'),
    p('a', 'Rents rose.', fn('Note A.')),
    p('b', 'Disputed claim.', fn('Note B.'), ' More.', fn('Note B2.')),
    table('t', [['cell', [fn('Note T.')]]]),
    p('c', 'Wages lagged.', fn('Note C.')),
  );

  it('[C37] the notes of left-out blocks are left out and the rest renumbered in order', () => {
    expect(noteTexts(report, ['h', 'a', 'b', 't', 'c'])).toEqual([
      [1, 'Note A.'],
      [2, 'Note B.'],
      [3, 'Note B2.'],
      [4, 'Note T.'],
      [5, 'Note C.'],
    ]);
    expect(noteTexts(report, ['h', 'a', 'c'])).toEqual([
      [1, 'Note A.'],
      [2, 'Note C.'],
    ]);
    const md = renderMarkdown(inputFor(report, ['h', 'a', 'c']));
    expect(md).toContain('Rents rose.[^1]');
    expect(md).toContain('Wages lagged.[^2]');
    expect(md).toContain('[^1]: Note A.\n[^2]: Note C.');
    expect(md).not.toContain('Note B');
    expect(md).not.toContain('Note T');
    const html = renderHtml(inputFor(report, ['h', 'a', 'c']));
    expect(html).toContain('<li id="fn-2">Note C. <a href="#fnref-2"');
    expect(html).not.toContain('fn-3');
  });

  it('[C37] a note whose text is gone is shown as a broken reference, unnumbered, and no export fails', async () => {
    const d = doc(p('a', 'Cited', fn(), ' and', fn('Kept note.')));
    expect(noteTexts(d, ['a'])).toEqual([[1, 'Kept note.']]);
    expect(renderMarkdown(inputFor(d, ['a']))).toContain('Cited[note missing] and[^1]');
    expect(renderHtml(inputFor(d, ['a']))).toContain('fnref-broken');
    for (const format of ['md', 'html', 'docx', 'json'] as const) {
      const file = await exportReport(inputFor(d, ['a']), format);
      expect(file.bytes.byteLength).toBeGreaterThan(0);
    }
  });
});

describe('recommendations in the consensus export', () => {
  const report = doc(h(1, 'h', 'Summary'), recommendationList(), rec('r1', 'First.'), rec('r2', 'Second, disputed.'), rec('r3', 'Third.'));

  it('[C38] recommendations are renumbered by default, and the generated list holds only the agreed ones', () => {
    const md = renderMarkdown(inputFor(report, ['h', 'r1', 'r3']));
    expect(md).toContain('**Recommendation 1.** First.');
    expect(md).toContain('**Recommendation 2.** Third.');
    expect(md).toContain('- **Recommendation 1:** First.\n- **Recommendation 2:** Third.');
    expect(md).not.toContain('Second');
  });

  it('[C38] keepRecommendationNumbers keeps the numbers of the draft', () => {
    const md = renderMarkdown(inputFor(report, ['h', 'r1', 'r3'], { keepRecommendationNumbers: true }));
    expect(md).toContain('**Recommendation 1.** First.');
    expect(md).toContain('**Recommendation 3.** Third.');
    expect(md).toContain('- **Recommendation 1:** First.\n- **Recommendation 3:** Third.');
    // The draft is numbered as it stands either way.
    const draft = renderMarkdown({
      ...inputFor(report, ['h', 'r1', 'r3']),
      options: { scope: 'draft', includeRecord: false, keepRecommendationNumbers: true },
    });
    expect(draft).toContain('**Recommendation 2.** Second, disputed.');
  });

  it('[C38] the generated list is left out when no recommendation survives, and a heading over only it goes too', () => {
    const d = doc(h(1, 'h', 'Summary'), recommendationList(), h(1, 'h2', 'Body'), rec('r1', 'Disputed.'), p('x', 'Kept.'));
    const md = renderMarkdown(inputFor(d, ['h', 'h2', 'x']));
    expect(md).not.toContain('Recommendation');
    expect(md).not.toContain('Summary');
    expect(md).toContain('# Body');
  });
});

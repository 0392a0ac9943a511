import { describe, expect, it } from 'vitest';
import { collectBlockLeaves, parseDocJSON } from '../../src/export/index.js';
import type { DocNode } from '../../src/export/index.js';
import { generateBlockStates, generateReport, sampleDocumentWithEveryNodeType } from '../../src/fixtures/index.js';
import { concordSchema } from '../../src/schema/index.js';

function words(doc: DocNode): number {
  return collectBlockLeaves(doc).reduce(
    (n, b) =>
      n +
      (b.type === 'table' ? [] : (b.content ?? []))
        .map((c) => (c.type === 'text' ? c.text : ' '))
        .join('')
        .split(/\s+/)
        .filter(Boolean).length,
    0,
  );
}

/** Every node and mark type in the tree, plus `h<level>` for each heading level. */
function nodeTypes(doc: DocNode): Set<string> {
  const seen = new Set<string>();
  type Any = { type: string; attrs?: { level?: number }; content?: readonly Any[]; marks?: readonly { type: string }[] };
  const walk = (nodes: readonly Any[]): void => {
    for (const n of nodes) {
      seen.add(n.type);
      if (n.type === 'heading') seen.add(`h${n.attrs?.level}`);
      for (const m of n.marks ?? []) seen.add(m.type);
      walk(n.content ?? []);
    }
  };
  walk(doc.content as readonly Any[]);
  return seen;
}

describe('generateReport', () => {
  const report = generateReport({ pages: 150, seed: 7 });

  it('is a valid document of about 75,000 words and 1,500 blocks', () => {
    expect(() => parseDocJSON(report)).not.toThrow();
    expect(words(report)).toBeGreaterThan(70_000);
    expect(words(report)).toBeLessThan(80_000);
    const blocks = collectBlockLeaves(report).length;
    expect(blocks).toBeGreaterThan(1_300);
    expect(blocks).toBeLessThan(1_900);
  });

  it('has sections, subsections, lists, quotes, marks, links and a Notes list for its footnote markers', () => {
    const types = nodeTypes(report);
    for (const t of ['h1', 'h2', 'h3', 'paragraph', 'bulletList', 'orderedList', 'blockquote', 'bold', 'italic', 'link'])
      expect(types).toContain(t);
    const markers = new Set(
      JSON.stringify(report)
        .match(/ \[(\d+)\]/g)!
        .map((m) => Number(m.slice(2, -1))),
    );
    const last = report.content[report.content.length - 1];
    const notesHeading = report.content[report.content.length - 2];
    expect(notesHeading.type === 'heading' && notesHeading.content?.[0]).toMatchObject({ text: 'Notes' });
    expect(last.type).toBe('orderedList');
    expect(last.type === 'orderedList' && last.content.length).toBe(markers.size);
    expect(Math.max(...markers)).toBe(markers.size);
  });

  it('gives every block a unique id and is the same for the same seed', () => {
    const ids = collectBlockLeaves(report).map((b) => b.attrs.id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(generateReport({ pages: 150, seed: 7 })).toEqual(report);
    expect(generateReport({ pages: 150, seed: 8 })).not.toEqual(report);
  });

  it('scales with pages', () => {
    expect(words(generateReport({ pages: 10, seed: 1 }))).toBeGreaterThan(4_000);
    expect(words(generateReport({ pages: 10, seed: 1 }))).toBeLessThan(6_500);
  });

  it('generateBlockStates gives every block a state, mostly agreed', () => {
    const states = generateBlockStates(report, { seed: 7 });
    expect(states.size).toBe(collectBlockLeaves(report).length);
    const agreed = [...states.values()].filter((s) => s.status === 'agreed').length;
    expect(agreed / states.size).toBeGreaterThan(0.75);
  });
});

describe('sampleDocumentWithEveryNodeType', () => {
  it('uses every node and mark type of the schema', () => {
    const sample = sampleDocumentWithEveryNodeType();
    expect(() => parseDocJSON(sample)).not.toThrow();
    const types = nodeTypes(sample);
    for (const name of [...Object.keys(concordSchema().nodes), ...Object.keys(concordSchema().marks)]) {
      if (name !== 'doc') expect(types, name).toContain(name);
    }
  });
});

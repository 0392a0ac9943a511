/**
 * Same input ⇒ byte-identical output, for every format, even when the clock
 * and Math.random differ between the runs (docx stamps times and draws ids).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportBundle } from '../../src/export/index.js';
import type { ExportInput } from '../../src/export/index.js';
import { generateBlockStates, generateReport, sampleExportInput } from '../../src/fixtures/index.js';

async function twice(make: () => ExportInput) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2031-07-09T10:11:12Z'));
  const first = await exportBundle(make());
  vi.setSystemTime(new Date('2024-01-02T23:59:59Z'));
  const random = vi.spyOn(Math, 'random').mockReturnValue(0.123456);
  const second = await exportBundle(make());
  random.mockRestore();
  return [first, second] as const;
}

describe('reproducibility', () => {
  afterEach(() => vi.useRealTimers());

  it.each(['consensus', 'draft'] as const)('the sample exports to the same bytes twice (%s)', async (scope) => {
    const [a, b] = await twice(() => sampleExportInput({ scope, includeRecord: true }));
    expect(a.files.map((f) => f.filename)).toEqual([
      'commission-on-housing-work-final-report.' + scope + '.with-record.md',
      `commission-on-housing-work-final-report.${scope}.with-record.html`,
      `commission-on-housing-work-final-report.${scope}.with-record.docx`,
      `commission-on-housing-work-final-report.${scope}.with-record.json`,
    ]);
    a.files.forEach((file, i) => expect(Buffer.from(file.bytes).equals(Buffer.from(b.files[i].bytes)), file.filename).toBe(true));
    expect(Buffer.from(a.manifestFile.bytes).equals(Buffer.from(b.manifestFile.bytes))).toBe(true);
  });

  it('a generated 20-page report exports to the same bytes twice', async () => {
    const make = (): ExportInput => {
      const doc = generateReport({ pages: 20, seed: 'repro' });
      return {
        title: 'Repro',
        doc,
        blocks: generateBlockStates(doc, { seed: 'repro' }),
        rule: { kind: 'unanimous' },
        generatedAt: '2025-06-01T08:00:00Z',
        options: { scope: 'consensus', includeRecord: true },
      };
    };
    const [a, b] = await twice(make);
    a.files.forEach((file, i) => expect(Buffer.from(file.bytes).equals(Buffer.from(b.files[i].bytes)), file.filename).toBe(true));
  });

  it('vote order in the input does not change the output', async () => {
    const input = sampleExportInput();
    const reversed = new Map([...input.blocks].map(([id, s]) => [id, { ...s, votes: [...s.votes].reverse() }]));
    const a = await exportBundle(input);
    const b = await exportBundle({ ...input, blocks: reversed });
    a.files.forEach((file, i) => expect(Buffer.from(file.bytes).equals(Buffer.from(b.files[i].bytes)), file.filename).toBe(true));
  });
});

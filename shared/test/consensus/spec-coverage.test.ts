/**
 * Keeps docs/CONSENSUS.md and the tests honest with each other: every rule has
 * a test quoting its id, every id a test quotes is a rule, and the consensus
 * code stays pure (no Node or DOM), so the browser and server run the same thing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

const specIds = [...read('docs/CONSENSUS.md').matchAll(/^### (C\d+) — /gm)].map((m) => m[1]!);

const testDir = 'shared/test/consensus/';
const testNames = readdirSync(new URL(testDir, root))
  .filter((f) => f.endsWith('.test.ts'))
  .flatMap((f) => [...read(testDir + f).matchAll(/\bit\(\s*(['"`])(.*?)\1/g)].map((m) => m[2]!));
const testedIds = new Set(testNames.flatMap((name) => [...name.matchAll(/^\[(C\d+)\]/g)].map((m) => m[1]!)));

describe('CONSENSUS.md', () => {
  it('numbers its rules C1, C2, … without gaps or repeats', () => {
    expect(specIds.length).toBeGreaterThan(20);
    expect(specIds).toEqual(specIds.map((_, i) => `C${i + 1}`));
  });

  it('has a test for every rule, named after its id', () => {
    expect(specIds.filter((id) => !testedIds.has(id))).toEqual([]);
  });

  it('has a rule for every id a test quotes', () => {
    expect([...testedIds].filter((id) => !specIds.includes(id))).toEqual([]);
  });
});

describe('consensus source boundary', () => {
  it('imports nothing from node:* and uses no DOM or I/O', () => {
    const dir = 'shared/src/consensus/';
    for (const file of readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.ts'))) {
      const source = read(dir + file)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, ''); // code only
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      expect(
        imports.filter((s) => s.startsWith('node:') || ['fs', 'path', 'crypto'].includes(s)),
        file,
      ).toEqual([]);
      expect(source, file).not.toMatch(/\b(window|document|localStorage|fetch|process|Buffer|setTimeout)\s*[.(]/);
    }
  });
});

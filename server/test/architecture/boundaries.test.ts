/**
 * The layering docs/ARCHITECTURE.md describes, checked on every `pnpm test`
 * (ESLint's no-restricted-imports says the same in the editor):
 * - shared/ imports no node:*, no server or client code, no UI or server framework;
 * - server/src/sync/ imports no Hono and no store implementation (interfaces only);
 * - nothing in production code imports server/src/http/ but app.ts;
 * - the transports (http/, cli/) import no store module: they call the services,
 *   which check the rules and audit (the CLI's composition root, run.ts and
 *   cli-services.ts, opens the stores as app.ts does); and the services object
 *   the HTTP handlers and CLI commands get holds no stores (checked by the type checker);
 * - no import cycles anywhere in shared/, server/ or client/ (type-only imports count).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Services } from '../../src/http/context.js';
import type { CliContext } from '../../src/cli/command.js';
import type { CliServices } from '../../src/cli/cli-services.js';
import { importCycles, importGraph, type ImportEdge } from './import-graph.js';

const graph = importGraph(['shared/src', 'server/src', 'client/src']);

function offending(prefix: string, forbidden: (edge: ImportEdge, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    if (!file.startsWith(prefix)) continue;
    for (const edge of edges) if (forbidden(edge, file)) found.push(`${file} → ${edge.target}`);
  }
  return found;
}

/** The CLI's composition root: opens the stores and builds the services, as app.ts does for the server. */
const CLI_COMPOSITION_ROOT = new Set(['server/src/cli/run.ts', 'server/src/cli/cli-services.ts']);
const isTransport = (file: string) =>
  (file.startsWith('server/src/http/') || file.startsWith('server/src/cli/')) && !CLI_COMPOSITION_ROOT.has(file);

const FRAMEWORKS = /^(react|react-dom|@tiptap\/react|hono|@hono\/|better-sqlite3|postgres$|ws$|pino)/;
const STORE_IMPLEMENTATION = /^server\/src\/store\/(sqlite-|memory-|pg-|open-stores|open-pg-stores)/;

describe('module boundaries', () => {
  it('reads a graph of the whole workspace', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('server/src/app.ts')?.some((e) => e.target === 'server/src/http/errors.ts')).toBe(true);
  });

  it('shared/ imports no node:*, no server or client code, no framework', () => {
    expect(
      offending(
        'shared/',
        (e) =>
          e.target.startsWith('node:') || e.target.startsWith('server/') || e.target.startsWith('client/') || FRAMEWORKS.test(e.target),
      ),
    ).toEqual([]);
  });

  it('sync/ imports no Hono, no HTTP layer and no store implementation', () => {
    expect(
      offending(
        'server/src/sync/',
        (e) =>
          /^(hono|@hono\/)/.test(e.target) ||
          e.target.startsWith('server/src/http/') ||
          STORE_IMPLEMENTATION.test(e.target) ||
          e.target === 'better-sqlite3' ||
          e.target === 'postgres',
      ),
    ).toEqual([]);
  });

  it('nothing imports http/ but app.ts', () => {
    expect(
      offending(
        '',
        (e, file) => e.target.startsWith('server/src/http/') && !file.startsWith('server/src/http/') && file !== 'server/src/app.ts',
      ),
    ).toEqual([]);
  });

  it('transports (http/, cli/) import no store module: they call the services', () => {
    expect(offending('server/src/', (e, file) => isTransport(file) && e.target.startsWith('server/src/store/'))).toEqual([]);
    // The check sees store imports where they are allowed (it is not vacuous).
    expect(graph.get('server/src/cli/run.ts')?.some((e) => e.target === 'server/src/store/open-stores.ts')).toBe(true);
    expect(isTransport('server/src/http/mail-routes.ts') && isTransport('server/src/cli/doc-commands.ts')).toBe(true);
  });

  it('handlers and commands get services, never stores', () => {
    expectTypeOf<Services>().not.toHaveProperty('stores');
    expectTypeOf<CliContext>().not.toHaveProperty('stores');
    expectTypeOf<CliServices>().not.toHaveProperty('stores');
    expectTypeOf<Services>().toHaveProperty('emailSettings');
  });

  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('the cycle check finds cycles (and only cycles)', () => {
    const edge = (target: string): ImportEdge => ({ target, local: true });
    const sample = new Map<string, ImportEdge[]>([
      ['a.ts', [edge('b.ts')]],
      ['b.ts', [edge('c.ts'), { target: 'yjs', local: false }]],
      ['c.ts', [edge('a.ts')]],
      ['d.ts', [edge('a.ts'), edge('d.ts')]],
      ['e.ts', [edge('a.ts')]],
    ]);
    expect(importCycles(sample)).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]));
    expect(importCycles(sample)).toHaveLength(2);
  });
});

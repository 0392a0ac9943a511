/**
 * `pnpm test` ends with `pnpm test:all`: the suite as two vitest runs side by side
 * (package.json; tests/run-parallel.ts says why), each naming its projects. A project
 * of vitest.config.ts in neither run would silently never run in CI; one in both
 * would run twice.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import config from '../../vitest.config.js';

function configuredProjects(): string[] {
  return (config.test?.projects ?? []).map((project) => {
    const name = typeof project === 'object' && 'test' in project ? project.test?.name : undefined;
    if (typeof name !== 'string') throw new Error('every project in vitest.config.ts is an inline config with a name');
    return name;
  });
}

function lanes(): string[][] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts['test:all'] ?? '';
  // Each quoted command given to run-parallel.ts is one vitest run.
  return Array.from(script.matchAll(/"(vitest run [^"]*)"/g), ([, command]) =>
    Array.from(command!.matchAll(/--project=(\S+)/g), ([, name]) => name!),
  );
}

it('runs every vitest project in exactly one of the two runs', () => {
  const runs = lanes();
  expect(runs).toHaveLength(2);
  const named = runs.flat();
  expect(
    named.every((name) => /^[\w-]+$/.test(name)),
    `plain project names, no patterns: ${named.join(', ')}`,
  ).toBe(true);
  expect([...named].sort()).toEqual([...configuredProjects()].sort());
});

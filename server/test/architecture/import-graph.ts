/**
 * The workspace's import graph, read from the sources with TypeScript's own
 * pre-processor (every `import`, `import type`, `export … from` and dynamic
 * `import()`), with relative and `@concord/*` specifiers resolved to files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ImportEdge {
  /** Repository-relative path of the imported file, or the bare specifier of a package import. */
  target: string;
  /** Resolved to a file of this repository. */
  local: boolean;
}

const PACKAGE_ROOTS: Record<string, string> = {
  '@concord/shared': 'shared/src',
  '@concord/server': 'server/src',
  '@concord/client': 'client/src',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveFile(base: string): string | undefined {
  const stem = base.replace(/\.(js|ts|tsx|jsx)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, join(stem, 'index.ts'), join(stem, 'index.tsx')])
    if (existsSync(candidate)) return candidate;
  return undefined;
}

function resolveSpecifier(from: string, spec: string): ImportEdge {
  if (spec.startsWith('.')) {
    const file = resolveFile(resolve(dirname(from), spec));
    return file ? { target: relative(REPO, file), local: true } : { target: spec, local: false };
  }
  for (const [pkg, root] of Object.entries(PACKAGE_ROOTS)) {
    if (spec === pkg || spec.startsWith(`${pkg}/`)) {
      const rest = spec.slice(pkg.length + 1) || 'index';
      const file = resolveFile(join(REPO, root, rest));
      if (file) return { target: relative(REPO, file), local: true };
    }
  }
  return { target: spec, local: false };
}

/** Every source file below `dirs` (repository-relative) with what it imports. */
export function importGraph(dirs: readonly string[]): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const dir of dirs) {
    for (const file of sourceFiles(join(REPO, dir))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      graph.set(
        relative(REPO, file),
        info.importedFiles.map((f) => resolveSpecifier(file, f.fileName)),
      );
    }
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): the import cycles. */
export function importCycles(graph: Map<string, ImportEdge[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { target, local } of graph.get(v) ?? []) {
      if (!local || !graph.has(target)) continue;
      if (!indices.has(target)) {
        visit(target);
        low.set(v, Math.min(low.get(v)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(v, Math.min(low.get(v)!, indices.get(target)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((e) => e.target === v);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

/**
 * The import graph of `src/`: no cycles, and no arrow pointing up the layers. Shared code imports only
 * shared code; modules never import the HTTP or CLI adapters or the entry points. Edges come from the
 * TypeScript pre-processor, so type-only imports count too: a type cycle still ties two files together.
 */
import { describe, expect, it } from 'vitest';
import { importGraph } from '../scripts/arch/request-path.ts';

/** Every strongly connected component with more than one file, or a file importing itself. */
export const cyclesOf = (graph: ReadonlyMap<string, readonly string[]>): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
};

const ENTRY_POINTS = [
  'src/cli.ts',
  'src/cli.modules.ts',
  'src/server.ts',
  'src/routes.ts',
  'src/container.ts',
];
const isEntryPoint = (f: string): boolean => ENTRY_POINTS.includes(f);
const isOuterAdapter = (f: string): boolean =>
  f.startsWith('src/adapters/http/') || f.startsWith('src/adapters/cli/');

/** Imports that point up: from shared or a module into an outer adapter or an entry point, or shared → modules. */
export const upwardImports = (graph: ReadonlyMap<string, readonly string[]>): string[] => {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    const inner = from.startsWith('src/modules/') || from.startsWith('src/shared/');
    for (const to of targets) {
      if (inner && (isOuterAdapter(to) || isEntryPoint(to))) wrong.push(`${from} → ${to}`);
      if (from.startsWith('src/shared/') && to.startsWith('src/modules/')) wrong.push(`${from} → ${to}`);
    }
  }
  return wrong;
};

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads every source file and resolves relative imports', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/container.ts')).toContain('src/config.ts');
  });

  it('has no import cycle', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no upward import', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('finds a cycle and an upward arrow when one is there', () => {
    const planted = new Map<string, string[]>([
      ['src/modules/a/a.ts', ['src/modules/b/b.ts']],
      ['src/modules/b/b.ts', ['src/modules/a/a.ts', 'src/adapters/http/guards.ts']],
      ['src/shared/c.ts', ['src/modules/a/a.ts']],
    ]);
    expect(cyclesOf(planted)).toEqual([['src/modules/a/a.ts', 'src/modules/b/b.ts']]);
    expect(upwardImports(planted)).toEqual([
      'src/modules/b/b.ts → src/adapters/http/guards.ts',
      'src/shared/c.ts → src/modules/a/a.ts',
    ]);
  });
});

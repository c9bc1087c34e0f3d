/**
 * The files a request crosses on its way to the database, measured from the import graph of `src/`: every
 * file that the request's entry file reaches and that itself reaches the database adapter
 * (`src/adapters/db/database.ts`), both ends included. Type-only imports count, since a service handed
 * another module's service by type still depends on all that service reaches. Pure helpers that never
 * reach the database (text parsing, proof of work, receipts) are called on the way but carry nothing to
 * the database, so they do not count.
 *
 * `npx tsx scripts/arch/request-path.ts` prints each path with its files and exits non-zero when one
 * crosses more than its limit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const DATABASE = 'src/adapters/db/database.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });

/** File (relative to the repository) → the `src/` files it imports, type-only imports included. */
export const importGraph = (root: string = ROOT): Map<string, string[]> => {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(root, 'src'))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, resolve(dirname(file), name)))
      .filter((target) => target.startsWith('src/') && target.endsWith('.ts'));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
};

const reachable = (graph: ReadonlyMap<string, readonly string[]>, from: string): Set<string> => {
  const seen = new Set<string>([from]);
  const todo = [from];
  for (let f = todo.pop(); f !== undefined; f = todo.pop())
    for (const to of graph.get(f) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
  return seen;
};

/** The files on some import path from `entry` to `target`, sorted; empty when the entry never reaches it. */
export const filesCrossed = (
  graph: ReadonlyMap<string, readonly string[]>,
  entry: string,
  target: string = DATABASE,
): string[] => {
  const reversed = new Map<string, string[]>();
  for (const [from, targets] of graph)
    for (const to of targets) reversed.set(to, [...(reversed.get(to) ?? []), from]);
  const fromEntry = reachable(graph, entry);
  const toTarget = reachable(reversed, target);
  return [...fromEntry].filter((f) => toTarget.has(f) && fromEntry.has(target)).sort();
};

export interface RequestPath {
  readonly name: string;
  readonly entry: string;
  readonly limit: number;
}

/**
 * The request paths kept short: a public report, and a bulk import. A CLI command is handed the whole
 * container by its adapter, so its path is measured from the HTTP route that calls the same service.
 */
export const REQUEST_PATHS: readonly RequestPath[] = [
  {
    name: 'a public report (POST /api/v1/reports)',
    entry: 'src/adapters/http/routes/reports.routes.ts',
    limit: 8,
  },
  { name: 'an import (POST /api/v1/import)', entry: 'src/adapters/http/routes/transfer.routes.ts', limit: 8 },
];

const main = (): void => {
  const graph = importGraph();
  let over = 0;
  for (const p of REQUEST_PATHS) {
    const files = filesCrossed(graph, p.entry);
    const ok = files.length > 0 && files.length <= p.limit;
    if (!ok) over += 1;
    console.log(`${p.name}: ${files.length} files (limit ${p.limit})${ok ? '' : '  OVER'}`);
    for (const f of files) console.log(`  ${f}`);
  }
  process.exitCode = over > 0 ? 1 : 0;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

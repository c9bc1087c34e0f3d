/**
 * `npm run bench [suite …]`: runs every registered suite (or the named ones) and prints the figures.
 * Suites live beside this file as `<name>.bench.ts` and are registered in `suites` below.
 */
import { formatFigure, type BenchSuite } from './harness.ts';

const suites: Record<string, () => Promise<BenchSuite>> = {
  lookups: () => import('./lookups.bench.ts').then((m) => m.suite),
  calls: () => import('./calls.bench.ts').then((m) => m.suite),
  sms: () => import('./sms.bench.ts').then((m) => m.suite),
  normalize: () => import('./normalize.bench.ts').then((m) => m.suite),
  awareness: () => import('./awareness.bench.ts').then((m) => m.suite),
  web: () => import('./web.bench.ts').then((m) => m.suite),
  reports: () => import('./reports.bench.ts').then((m) => m.suite),
  console: () => import('./console.bench.ts').then((m) => m.suite),
  gangs: () => import('./gangs.bench.ts').then((m) => m.suite),
  transfers: () => import('./transfers.bench.ts').then((m) => m.suite),
  steady: () => import('./steady.bench.ts').then((m) => m.suite),
  bus: () => import('./bus.bench.ts').then((m) => m.suite),
  scale: () => import('./scale.bench.ts').then((m) => m.suite),
  federation: () => import('./federation.bench.ts').then((m) => m.suite),
  checkpoint: () => import('./checkpoint.bench.ts').then((m) => m.suite),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
for (const name of names) {
  const load = suites[name];
  if (!load) {
    process.stderr.write(`fanzha bench: unknown suite ${name} (known: ${Object.keys(suites).join(', ')})\n`);
    process.exitCode = 2;
    continue;
  }
  const suite = await load();
  console.log(`\n== ${suite.name}`);
  await suite.run((f) => console.log(formatFigure(f)));
}

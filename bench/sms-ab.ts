/**
 * SMS classification speed of the working tree against earlier commits, in one process, so that a
 * VM whose speed drifts within minutes (README, benchmark figures) cannot pass for a change of code.
 * Each commit is checked out into a temporary worktree and its classifier bundled with esbuild (the
 * bundle sits in that worktree, so it loads that commit's model); then rounds of the bench's messages
 * (`benchMessages` of bench/sms.bench.ts) run through every version
 * in a rotating order, and each version's CPU time is summed. Prints msg/s per version and the ratio
 * of the working tree against each commit (> 1: the working tree is faster).
 *
 *   npx tsx bench/sms-ab.ts [--seconds 60] COMMIT [COMMIT ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMessages } from './sms.bench.ts';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = at >= 0 ? Number(args.splice(at, 2)[1]) : 60;
if (!(seconds > 0) || args.length === 0) {
  console.error('usage: npx tsx bench/sms-ab.ts [--seconds 60] COMMIT [COMMIT ...]');
  process.exit(2);
}

interface Classifier {
  classify(input: { text: string }): unknown;
}
const ENTRY = 'src/modules/detect/sms/_ab-entry.ts';
const BUNDLE = 'src/modules/detect/sms/_ab-bundle.mjs';

/** Bundles the classifier of the tree at `dir` and loads it. */
const load = async (dir: string): Promise<Classifier> => {
  writeFileSync(join(dir, ENTRY), "export { loadSmsClassifier } from './sms.loader.ts';\n");
  execFileSync(
    join(root, 'node_modules/.bin/esbuild'),
    [
      ENTRY,
      '--bundle',
      '--platform=node',
      '--format=esm',
      `--outfile=${BUNDLE}`,
      '--log-level=warning',
      "--banner:js=import {createRequire} from 'module'; const require = createRequire(import.meta.url);",
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  const m = (await import(join(dir, BUNDLE))) as { loadSmsClassifier: () => Classifier };
  return m.loadSmsClassifier();
};

const work = mkdtempSync(join(tmpdir(), 'fanzha-ab-'));
const worktrees: string[] = [];
try {
  const versions: Array<{ name: string; classifier: Classifier }> = [];
  try {
    versions.push({ name: 'working tree', classifier: await load(root) });
    for (const commit of args) {
      const dir = join(work, commit);
      execFileSync('git', ['worktree', 'add', '--detach', '-q', dir, commit], { cwd: root });
      worktrees.push(dir);
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      versions.push({ name: commit, classifier: await load(dir) });
    }
  } finally {
    for (const f of [ENTRY, BUNDLE]) rmSync(join(root, f), { force: true });
  }

  const texts = benchMessages();
  const cpu = versions.map(() => 0);
  const start = Date.now();
  let round = 0;
  while (round < 4 || Date.now() - start < seconds * 1000) {
    for (let k = 0; k < versions.length; k++) {
      const v = (k + round) % versions.length;
      const before = process.cpuUsage();
      for (const text of texts) versions[v]?.classifier.classify({ text });
      const used = process.cpuUsage(before);
      // The first rounds warm the JIT up for every version.
      if (round >= 3) cpu[v] = (cpu[v] ?? 0) + used.user + used.system;
    }
    round++;
  }
  // Every version ran the same messages in every counted round.
  const rate = (v: number): number => ((round - 3) * texts.length) / ((cpu[v] ?? 1) / 1e6);
  console.log(`${round} rounds of ${texts.length} messages in ${seconds} s`);
  versions.forEach((v, i) => {
    const ratio = i === 0 ? '' : `  working tree / this: ${(rate(0) / rate(i)).toFixed(3)}`;
    console.log(`${v.name.padEnd(14)} ${Math.round(rate(i)).toLocaleString('en')} msg/s CPU${ratio}`);
  });
} finally {
  for (const dir of worktrees) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
  rmSync(work, { recursive: true, force: true });
}

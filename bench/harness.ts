/**
 * The benchmark harness: each suite measures its figure and, in the same run, a baseline, and the
 * harness prints them side by side with the ratio and the goal from the issue. Figures, not tests:
 * nothing here fails a build.
 */
import type { ChildProcess } from 'node:child_process';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the same work costs in a reference implementation measured in this run, if any. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** The goal, e.g. `>= 2000000` or `<= 5`. */
  readonly goal?: string;
}

export interface BenchSuite {
  readonly name: string;
  run(record: (figure: Figure) => void): Promise<void>;
}

/** Runs fn repeatedly for at least `ms` and returns operations per second (ops counted by fn's return). */
export const throughput = (fn: () => number, ms = 1000): number => {
  // warm-up so the JIT has compiled the hot path
  const warmEnd = performance.now() + Math.min(300, ms / 3);
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    ops += fn();
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
};

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
};

const fmt = (v: number): string =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4).replace(/\.?0+$/, '');

export const formatFigure = (f: Figure): string => {
  const base = f.baseline
    ? `  | baseline ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}  ratio ${(f.value / f.baseline.value).toFixed(2)}`
    : '';
  const goal = f.goal ? `  (goal ${f.goal})` : '';
  return `${f.name.padEnd(58)} ${fmt(f.value).padStart(12)} ${f.unit}${base}${goal}`;
};

/** The first capture of `pattern` in what a child process prints (a port, a URL); rejects if it exits first. */
export const waitReady = (child: ChildProcess, pattern: RegExp): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1] ?? '');
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });

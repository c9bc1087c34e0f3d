/**
 * SMS engine throughput: classification including normalisation and extraction (goal
 * ≥ 100k messages/s per core), and template clustering (goal ≥ 20k messages/s). Messages are a seeded
 * mix of the Chinese corpus generator's output and the English UCI texts when ../shared/datasets is
 * there. Baselines measured in the same run: normalisation alone, and exact-key grouping by
 * `templateKey` (what clustering costs over the cheapest possible grouping).
 */
import { existsSync, readFileSync } from 'node:fs';
import { generateCorpus } from '../corpus/sms-zh/generate.ts';
import { loadSmsClassifier } from '../src/modules/detect/sms/sms.loader.ts';
import { mineTemplates } from '../src/modules/detect/sms/templates.ts';
import { normalizeSms } from '../src/shared/text/text-normalize.ts';
import { throughput, type BenchSuite } from './harness.ts';

const englishTexts = (): string[] => {
  const path = new URL('../../shared/datasets/sms-uci/train.jsonl', import.meta.url).pathname;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (line.trim() === '') return [];
      const v: unknown = JSON.parse(line);
      return typeof v === 'object' && v !== null && 'text' in v && typeof v.text === 'string' ? [v.text] : [];
    });
};

/**
 * Like `throughput`, in this process's CPU time: on a machine shared by several busy processes, wall
 * time counts the time spent waiting for a core, which is not "per core".
 */
const cpuThroughput = (fn: () => number, ms: number): number => {
  for (let i = 0; i < 3; i++) fn();
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const start = process.cpuUsage();
  let ops = 0;
  while (cpuMs(start) < ms) ops += fn();
  return (ops * 1000) / cpuMs(start);
};

/** The benchmark's messages: the seeded Chinese corpus mix, then the first 3,000 UCI texts. */
export const benchMessages = (): string[] => [
  ...generateCorpus({ seed: 42, perFraudTemplate: 30, perNormalTemplate: 40, perSpamTemplate: 30 }).map(
    (r) => r.text,
  ),
  ...englishTexts().slice(0, 3000),
];

export const suite: BenchSuite = {
  name: 'sms',
  run(record) {
    const texts = benchMessages();
    const classifier = loadSmsClassifier();
    let at = 0;
    const batch = 500;
    const next = (): string => texts[at++ % texts.length] ?? '';

    const normalizeRate = throughput(() => {
      for (let i = 0; i < batch; i++) normalizeSms(next());
      return batch;
    }, 1500);
    const classifyRate = throughput(() => {
      for (let i = 0; i < batch; i++) classifier.classify({ text: next() });
      return batch;
    }, 3000);
    const classifyCpu = cpuThroughput(() => {
      for (let i = 0; i < batch; i++) classifier.classify({ text: next() });
      return batch;
    }, 3000);
    record({
      name: `classify, CPU time`,
      value: classifyCpu,
      unit: 'msg/s',
      goal: '>= 100000',
    });
    record({
      name: `classify (normalise+extract+score+reasons), ${texts.length} msgs`,
      value: classifyRate,
      unit: 'msg/s',
      baseline: { name: 'normalise only', value: normalizeRate },
      goal: '>= 100000',
    });

    const clusterSet = texts.slice(0, 10_000);
    const exactRate = throughput(() => {
      const groups = new Map<string, number>();
      for (const t of clusterSet) {
        const key = normalizeSms(t).templateKey;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      return clusterSet.length;
    }, 1500);
    const clusterRate = throughput(() => {
      mineTemplates(clusterSet.map((text) => ({ text })));
      return clusterSet.length;
    }, 3000);
    const clusterCpu = cpuThroughput(() => {
      mineTemplates(clusterSet.map((text) => ({ text })));
      return clusterSet.length;
    }, 3000);
    record({
      name: `template clustering, CPU time`,
      value: clusterCpu,
      unit: 'msg/s',
      goal: '>= 20000',
    });
    record({
      name: `template clustering (MinHash/LSH), ${clusterSet.length} msgs/batch`,
      value: clusterRate,
      unit: 'msg/s',
      baseline: { name: 'exact templateKey grouping', value: exactRate },
      goal: '>= 20000',
    });
    return Promise.resolve();
  },
};

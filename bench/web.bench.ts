/**
 * The web engine's figures: URLs checked per second on one core (goal ≥ 50k; baseline: the
 * WHATWG URL parser alone on the same URLs) and the time to analyse a 200 KB saved page (goal ≤ 20 ms).
 * Both are measured in this process's CPU time as well as wall time: on a machine shared by several
 * busy processes, wall time counts the time the process waited for a core, which is not "per core".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BRANDS } from '../src/modules/brands/brands.data.ts';
import { loadUrlModel } from '../src/modules/detect/web/url-model.ts';
import { buildWebDetectors, runPageCheck, runUrlCheck } from '../src/modules/detect/web/web.service.ts';
import { loadDomains, loadHannousse, DATASETS } from '../scripts/web/url-data.ts';
import { percentile, type BenchSuite } from './harness.ts';

const sampleUrls = (): string[] => {
  if (existsSync(join(DATASETS, 'urls-hannousse/train.csv')))
    return [
      ...loadHannousse()
        .slice(0, 3000)
        .map((r) => r.text),
      ...loadDomains()
        .slice(0, 3000)
        .map((r) => `http://${r.text}/`),
    ];
  return Array.from({ length: 2000 }, (_, i) => `http://site${i}-login.example${i % 7}.top/path/${i}?q=${i}`);
};

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** Operations per second of `fn` over `rounds` passes, in wall time and in CPU time. */
const rate = (count: number, rounds: number, fn: (i: number) => void): { wall: number; cpu: number } => {
  for (let i = 0; i < count; i++) fn(i);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < count; i++) fn(i);
  const wall = performance.now() - start;
  const ops = count * rounds;
  return { wall: (ops * 1000) / wall, cpu: (ops * 1000) / cpuMs(cpu) };
};

export const suite: BenchSuite = {
  name: 'web (URLs, look-alikes, pages)',
  async run(record) {
    const d = buildWebDetectors(DEFAULT_BRANDS, loadUrlModel());
    const urls = sampleUrls();
    const check = rate(urls.length, 5, (i) => runUrlCheck(d, { url: urls[i] ?? '' }));
    const parse = rate(urls.length, 5, (i) => {
      try {
        new URL(urls[i] ?? '');
      } catch {
        // malformed URLs cost the same to reject
      }
    });
    record({
      name: 'url check (model + look-alikes), CPU time',
      value: check.cpu,
      unit: 'URLs/s',
      baseline: { name: 'new URL() only', value: parse.cpu },
      goal: '>= 50000',
    });
    record({
      name: 'url check (model + look-alikes), wall time',
      value: check.wall,
      unit: 'URLs/s',
      baseline: { name: 'new URL() only', value: parse.wall },
      goal: '>= 50000',
    });

    const base = readFileSync(
      join(import.meta.dirname, '../test/fixtures/pages/fake-etc-refund.html'),
      'utf8',
    );
    const filler =
      '<div class="news"><h3>高速公路出行提示</h3><p>ETC 通行 资讯 内容 text text text</p><a href="/n/1.html">详情</a><img src="/i/p.png" alt="pic"><input name="q" placeholder="搜索"></div>\n';
    const html = base.replace('</body>', filler.repeat(Math.ceil(200_000 / filler.length)) + '</body>');
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k < 60; k++) {
      const c = process.cpuUsage();
      const start = performance.now();
      runPageCheck(d, html, 'https://etc-kefu.top/auth/');
      wall.push(performance.now() - start);
      cpu.push(cpuMs(c));
    }
    for (const times of [wall, cpu]) {
      times.splice(0, 10);
      times.sort((a, b) => a - b);
    }
    const kb = Math.round(html.length / 1024);
    record({
      name: `page analysis, ${kb} KB page, p50 CPU time`,
      value: percentile(cpu, 50),
      unit: 'ms',
      goal: '<= 20',
    });
    record({
      name: `page analysis, ${kb} KB page, p50 wall time`,
      value: percentile(wall, 50),
      unit: 'ms',
      goal: '<= 20',
    });
    record({
      name: `page analysis, ${kb} KB page, p95 wall time`,
      value: percentile(wall, 95),
      unit: 'ms',
      goal: '<= 20',
    });
  },
};

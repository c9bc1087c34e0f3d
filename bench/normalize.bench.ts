/**
 * Normaliser throughput on one core: phone numbers from mixed raw spellings (the goal: ≥ 300k/s
 * from raw strings), with libphonenumber-js parsing the same inputs as the baseline; URL canonicalisation;
 * type inference plus normalisation of mixed values as a lookup from raw input does it.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { type BenchSuite } from './harness.ts';
import { normalizePhone } from '../src/modules/library/normalize/phone.ts';
import { normalizeUrl, canonicalizeUrl } from '../src/modules/library/normalize/url.ts';
import { normalizeAny } from '../src/modules/library/normalize/index.ts';

/** Deterministic inputs: mulberry32 with a fixed seed. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = rng(20240601);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

const SEGMENTS = ['134', '135', '138', '139', '150', '158', '186', '189', '199', '177', '170', '192'];
/**
 * What an operator's call path sees: 85% Chinese mobiles in the spellings people type, 10% Chinese fixed
 * lines, 5% international numbers (these take libphonenumber-js, ~20 µs each).
 */
const phoneInputs = Array.from({ length: 10_000 }, () => {
  const r = random();
  const mobile = `${pick(SEGMENTS)}${digits(8)}`;
  if (r < 0.3) return mobile;
  if (r < 0.45) return `+86${mobile}`;
  if (r < 0.55) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  if (r < 0.65) return `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;
  if (r < 0.72) return `0086${mobile}`;
  if (r < 0.8) return mobile.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  if (r < 0.95) return `0${pick(['10', '21', '755', '871', '311'])}-${pick(['2', '5', '8'])}${digits(7)}`;
  return pick([
    `+1 415 ${digits(3)} ${digits(4)}`,
    `+44 20 7${digits(3)} ${digits(4)}`,
    `+886 9${digits(8)}`,
  ]);
});

const urlInputs = Array.from({ length: 5_000 }, () =>
  pick([
    `http://www.${digits(4)}-shop.com/item/${digits(6)}.html?utm_source=sms&id=${digits(3)}`,
    `https://Login.Bank${digits(3)}.CN/../secure/./verify?x=%2561`,
    `evil${digits(2)}.top/pay#frag`,
    `http://${Math.floor(random() * 4_294_967_295)}/a//b/`,
    `https://例子${digits(2)}.com/支付?spm=a.b&q=1`,
  ]),
);

const mixedInputs = Array.from({ length: 5_000 }, (_, i) =>
  i % 5 === 0
    ? (urlInputs[i] ?? '')
    : i % 5 === 1
      ? `qq:${digits(9)}`
      : i % 5 === 2
        ? `6222${digits(15)}`
        : (phoneInputs[i] ?? ''),
);

/**
 * Operations per second of CPU time (user + system) rather than wall time: the benchmark machine is
 * shared, and wall time there measures the neighbours. Warm-up first so the JIT has compiled the path.
 */
const throughput = (fn: () => number, ms = 1000): number => {
  const warmEnd = performance.now() + Math.min(300, ms / 3);
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms * 1000) {
    ops += fn();
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  return (ops * 1e6) / used;
};

const loop = (inputs: readonly string[], fn: (raw: string) => unknown): (() => number) => {
  let i = 0;
  return () => {
    for (let k = 0; k < 1000; k++) {
      fn(inputs[i] ?? '');
      i = i + 1 === inputs.length ? 0 : i + 1;
    }
    return 1000;
  };
};

export const suite: BenchSuite = {
  name: 'normalize (one core, per second of CPU time)',
  run(record) {
    const ours = throughput(
      loop(phoneInputs, (raw) => normalizePhone(raw)),
      1500,
    );
    const reference = throughput(
      loop(phoneInputs, (raw) => parsePhoneNumberFromString(raw, 'CN')?.number),
      1500,
    );
    record({
      name: 'phone normalisations/s from mixed raw strings',
      value: ours,
      unit: 'ops/s',
      baseline: { name: 'libphonenumber-js parsePhoneNumber', value: reference },
      goal: '>= 300000',
    });
    const chinese = phoneInputs.filter((raw) => !/^\+(?!86)/.test(raw));
    const foreign = phoneInputs.filter((raw) => /^\+(?!86)/.test(raw));
    record({
      name: '  of which Chinese numbers only (fast path)',
      value: throughput(
        loop(chinese, (raw) => normalizePhone(raw)),
        1000,
      ),
      unit: 'ops/s',
    });
    record({
      name: '  of which international only (libphonenumber-js max)',
      value: throughput(
        loop(foreign, (raw) => normalizePhone(raw)),
        1000,
      ),
      unit: 'ops/s',
    });
    const canonical = throughput(
      loop(urlInputs, (raw) => canonicalizeUrl(raw)),
      1000,
    );
    const whatwg = throughput(
      loop(urlInputs, (raw) => {
        try {
          return new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`).href;
        } catch {
          return undefined;
        }
      }),
      1000,
    );
    record({
      name: 'URL Safe Browsing canonicalisations/s',
      value: canonical,
      unit: 'ops/s',
      baseline: { name: 'WHATWG new URL()', value: whatwg },
    });
    record({
      name: 'URL normalisations/s (canonical + tracking + PSL)',
      value: throughput(
        loop(urlInputs, (raw) => normalizeUrl(raw)),
        1000,
      ),
      unit: 'ops/s',
    });
    const ctx = { pseudonymKey: 'bench' };
    record({
      name: 'inferTypes + normalizeAny/s (mixed raw values)',
      value: throughput(
        loop(mixedInputs, (raw) => normalizeAny(raw, ctx)),
        1500,
      ),
      unit: 'ops/s',
    });
    return Promise.resolve();
  },
};

/**
 * Output equivalence for performance work on the SMS and URL engines: runs the engines over fixed
 * inputs (for SMS every corpus text, see equivalence-sms.ts; 2,000 hannousse URLs + 1,000 bare
 * domains) and writes every output (decisions, reasons, probabilities, normalised text, template key,
 * indicators, templates, URL verdicts) to a JSON file, or compares them with one written before a change. Optimisations must
 * leave this diff empty: the engines' outputs are a contract (thresholds, evaluation, stored claims).
 *
 *   npx tsx bench/equivalence.ts write /tmp/before.json   # before the change
 *   npx tsx bench/equivalence.ts check /tmp/before.json   # after: exit 1 on any difference
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_BRANDS } from '../src/modules/brands/brands.data.ts';
import { loadUrlModel } from '../src/modules/detect/web/url-model.ts';
import { buildBrandIndex, matchLookalike } from '../src/modules/detect/web/lookalike-match.ts';
import {
  generatePermutations,
  generatePinyinVariants,
} from '../src/modules/detect/web/lookalike-generate.ts';
import { buildWebDetectors, runUrlCheck } from '../src/modules/detect/web/web.service.ts';
import { loadDomains, loadHannousse } from '../scripts/web/url-data.ts';
import { smsOutputs, spread } from './equivalence-sms.ts';

/** Look-alikes of each protected brand (typos, tokens, pinyin, TLD swaps) so the matcher's paths all run. */
const lookalikes = (b: (typeof DEFAULT_BRANDS)[number]): Array<{ url: string } | { domain: string }> => {
  const out: Array<{ url: string } | { domain: string }> = [];
  for (const dom of b.officialDomains.slice(0, 2)) {
    const [label = '', ...rest] = dom.split('.');
    const tld = rest.join('.');
    out.push({ url: `https://${dom}.login-x.top/a` });
    out.push({ domain: `${label.replace('o', '0').replace('l', '1')}.${tld}` });
    out.push({ domain: `${label.slice(1)}.${tld}` });
    out.push({ domain: `${label}${label.slice(-1)}.com` });
    out.push({ url: `http://${label}-kefu.top/login?id=1` });
    out.push({ url: `http://secure.${label}.xyz/` });
    out.push({ domain: `${label.slice(0, 2)}${label[3] ?? ''}${label[2] ?? ''}${label.slice(4)}.cn` });
  }
  for (const t of [...b.domainTokens, ...b.pinyinTokens].slice(0, 4)) {
    out.push({ url: `https://${t}-etc.vip/pay` });
    out.push({ domain: `www.${t}online.cc` });
  }
  return out;
};

const urls = (): unknown => {
  const d = buildWebDetectors(DEFAULT_BRANDS, loadUrlModel());
  const inputs = [
    ...spread(loadHannousse(), 2000).map((r) => ({ url: r.text })),
    ...spread(loadDomains(), 1000).map((r) => ({ domain: r.text })),
    ...DEFAULT_BRANDS.flatMap((b) => lookalikes(b)),
  ];
  return inputs.map((req) => {
    try {
      return runUrlCheck(d, req);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  });
};

/** The matcher alone on every generated permutation of every brand's official domains (tens of thousands). */
const lookalikeMatches = (): unknown => {
  const index = buildBrandIndex(DEFAULT_BRANDS);
  const hosts = DEFAULT_BRANDS.flatMap((b) => [
    ...b.officialDomains.flatMap((d) => generatePermutations(d).map((p) => p.domain)),
    ...generatePinyinVariants(b).map((p) => p.domain),
  ]);
  return hosts.map((h) => [h, matchLookalike(index, h) ?? null]);
};

const [mode, file, only] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || !file) {
  process.stderr.write('usage: equivalence.ts write|check FILE [sms|url]\n');
  process.exit(2);
}
const current: Record<string, unknown> = {};
if (only !== 'url') Object.assign(current, smsOutputs());
if (only !== 'sms') current.url = urls();
if (only !== 'sms') current.lookalike = lookalikeMatches();
if (mode === 'write') {
  writeFileSync(file, JSON.stringify(current));
  console.log(`wrote ${file}`);
} else {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const before: Record<string, unknown> =
    typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
  let differences = 0;
  for (const [key, value] of Object.entries(current)) {
    const a = JSON.stringify(before[key]);
    const b = JSON.stringify(value);
    if (a === b) {
      console.log(`${key}: identical (${b.length} bytes of output)`);
      continue;
    }
    differences++;
    const xs: unknown = a === undefined ? undefined : JSON.parse(a);
    const ys = value;
    // Point at the first differing record so a regression is easy to find.
    const list = (v: unknown): unknown[] =>
      Array.isArray(v)
        ? v
        : typeof v === 'object' && v !== null && 'rows' in v && Array.isArray(v.rows)
          ? v.rows
          : [];
    const la = list(xs);
    const lb = list(ys);
    const at = la.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(lb[i]));
    console.log(`${key}: DIFFERENT; first differing record ${at}`);
    if (at >= 0) console.log(' before', JSON.stringify(la[at]), '\n after ', JSON.stringify(lb[at]));
  }
  process.exitCode = differences > 0 ? 1 : 0;
}

/**
 * `npm run eval:web`: the web engine's figures — URL model 5-fold cross-validated F1 (overall and per
 * source), look-alike recall and false matches, the page corpus and the app cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_BRANDS } from '../../src/modules/brands/brands.data.ts';
import { checkApp } from '../../src/modules/detect/web/app-check.ts';
import { buildBrandIndex } from '../../src/modules/detect/web/lookalike-match.ts';
import { analysePage, buildBrandMatcher } from '../../src/modules/detect/web/page.ts';
import { APP_CASES } from './app-cases.data.ts';
import { evaluateLookalikes } from './eval-lookalike.ts';
import { crossValidateUrlModel } from './eval-url.ts';
import { DATASETS, loadAllUrlRows } from './url-data.ts';

const pct = (v: number): string => (v * 100).toFixed(2) + '%';
const f3 = (v: number): string => v.toFixed(3);

const rows = loadAllUrlRows();
const cv = crossValidateUrlModel(rows);
console.log(`URL model, 5-fold stratified CV on ${rows.length} rows (goal F1 >= 0.93)`);
console.log(
  `  overall      F1 ${f3(cv.overall.f1)}  precision ${f3(cv.overall.precision)}  recall ${f3(cv.overall.recall)}`,
);
for (const [source, s] of Object.entries(cv.bySource))
  console.log(
    `  ${source.padEnd(12)} F1 ${f3(s.f1)}  precision ${f3(s.precision)}  recall ${f3(s.recall)}  (tp ${s.tp} fp ${s.fp} fn ${s.fn} tn ${s.tn})`,
  );
console.log(
  'URL detector as `url check` runs it (fold model + look-alikes + allow-list), flagged = verdict not benign',
);
for (const [source, s] of Object.entries(cv.detector))
  console.log(
    `  ${source.padEnd(12)} F1 ${f3(s.f1)}  precision ${f3(s.precision)}  recall ${f3(s.recall)}  (tp ${s.tp} fp ${s.fp} fn ${s.fn} tn ${s.tn})`,
  );

const la = evaluateLookalikes(join(DATASETS, 'domains/train.jsonl'));
console.log(
  `Look-alikes: ${la.permutations} permutations by the independent dnstwist re-implementation (goal recall >= 0.95)`,
);
console.log(
  `  recall ${f3(la.recall)}  right brand ${f3(la.rightBrand)}  missed by family ${JSON.stringify(la.missedByFuzzer)}`,
);
console.log(
  `  false matches ${la.falseMatches}/${la.benign} benign domains = ${pct(la.falseMatchRate)} (goal <= 0.5%): ${la.falseExamples.join(', ')}`,
);

const PageCase = Type.Array(
  Type.Object({
    file: Type.String(),
    url: Type.String(),
    verdict: Type.String(),
    brand: Type.Optional(Type.String()),
  }),
);
const pagesDir = join(import.meta.dirname, '../../test/fixtures/pages');
const manifest: unknown = JSON.parse(readFileSync(join(pagesDir, 'manifest.json'), 'utf8'));
if (!Value.Check(PageCase, manifest))
  throw new Error('test/fixtures/pages/manifest.json does not match its schema');
const matcher = buildBrandMatcher(buildBrandIndex(DEFAULT_BRANDS));
let pageOk = 0;
for (const c of manifest) {
  const v = analysePage(matcher, readFileSync(join(pagesDir, c.file), 'utf8'), c.url);
  const ok = v.verdict === c.verdict && (c.brand === undefined || v.brand === c.brand);
  if (ok) pageOk++;
  else
    console.log(
      `  page MISS ${c.file}: expected ${c.verdict}/${c.brand ?? '-'}, got ${v.verdict}/${v.brand ?? '-'}`,
    );
}
console.log(`Pages: ${pageOk}/${manifest.length} of the corpus right (verdict and brand)`);

let appOk = 0;
for (const c of APP_CASES) {
  const v = checkApp(matcher, { package: c.package, label: c.label, certSha256: [] });
  const ok = v.verdict === c.expected && (c.brand === undefined || v.brand === c.brand);
  if (ok) appOk++;
  else
    console.log(
      `  app MISS ${c.package}: expected ${c.expected}/${c.brand ?? '-'}, got ${v.verdict}/${v.brand ?? '-'}`,
    );
}
console.log(
  `Apps: ${appOk}/${APP_CASES.length} metadata cases right (APK parsing is checked against apksigner in the tests)`,
);

/**
 * `npm run eval:web`: the web engine's figures. First the sets kept out of training (held-out
 * domains and URLs, held-out brand lists, famous sites, the app cases), through `url check` and
 * `app check` as they run; then the URL model's 5-fold cross-validation on its training rows, the
 * look-alike matcher and the page corpus. docs/web-evaluation.md says how each set was made.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_BRANDS } from '../../src/modules/brands/brands.data.ts';
import { checkApp } from '../../src/modules/detect/web/app-check.ts';
import { buildBrandIndex } from '../../src/modules/detect/web/lookalike-match.ts';
import { analysePage, buildBrandMatcher } from '../../src/modules/detect/web/page.ts';
import { loadUrlModel } from '../../src/modules/detect/web/url-model.ts';
import { buildPrior } from '../../src/modules/detect/web/web.service.ts';
import { WELL_KNOWN_SITES } from '../../src/modules/detect/web/well-known-sites.data.ts';
import { APP_CASES } from './app-cases.data.ts';
import { evaluateHeldOut, type FlagFigures } from './eval-heldout.ts';
import { evaluateLookalikes } from './eval-lookalike.ts';
import { crossValidateUrlModel } from './eval-url.ts';
import { DATASETS, loadTrainingRows } from './url-data.ts';

const pct = (v: number): string => (v * 100).toFixed(2) + '%';
const f3 = (v: number): string => v.toFixed(3);
const flags = (f: FlagFigures, what: string): string =>
  `${f.flagged}/${f.total} ${what} = ${pct(f.rate)}${f.examples.length > 0 ? ` (e.g. ${f.examples.slice(0, 6).join(', ')})` : ''}`;

const ho = evaluateHeldOut(DEFAULT_BRANDS, loadUrlModel());
console.log(
  'Independent sets, through `url check` with the committed model (flagged = malicious or suspicious)',
);
console.log(
  `  held-out benign domains, shipped prior: ${flags(ho.benignDomains.shipped, 'flagged')} (goal <= 2%)`,
);
console.log(`  held-out benign domains, letters alone: ${flags(ho.benignDomains.letters, 'flagged')}`);
console.log(
  `  held-out scam domains: recall ${f3(ho.scamDomains.rate)} (${ho.scamDomains.flagged}/${ho.scamDomains.total}; goal >= 0.90)`,
);
console.log(`  held-out brand lists, letters alone: ${flags(ho.heldOutLists, 'flagged')}`);
console.log(`  famous sites (own list), shipped prior: ${flags(ho.famous.shipped, 'flagged')}`);
console.log(`  famous sites (own list), letters alone: ${flags(ho.famous.letters, 'flagged')}`);
console.log(
  `  held-out URLs (urls-hannousse): F1 ${f3(ho.urls.f1)}  precision ${f3(ho.urls.precision)}  recall ${f3(ho.urls.recall)}  (tp ${ho.urls.tp} fp ${ho.urls.fp} fn ${ho.urls.fn} tn ${ho.urls.tn}; goal >= 0.93)`,
);

const matcher = buildBrandMatcher(buildBrandIndex(DEFAULT_BRANDS));
let scams = 0;
let scamsFlagged = 0;
let right = 0;
let genuine = 0;
let genuineFlagged = 0;
for (const c of APP_CASES) {
  const v = checkApp(matcher, { package: c.package, label: c.label, certSha256: [] });
  const flagged = v.verdict === 'counterfeit' || v.verdict === 'suspicious';
  const ok =
    c.expected === 'not-flagged'
      ? !flagged
      : v.verdict === c.expected && (c.brand === undefined || v.brand === c.brand);
  if (c.expected === 'not-flagged') {
    genuine++;
    if (flagged) genuineFlagged++;
  } else {
    scams++;
    if (flagged) scamsFlagged++;
  }
  if (ok) right++;
  else
    console.log(
      `  app MISS ${c.package} "${c.label}": expected ${c.expected}/${c.brand ?? '-'}, got ${v.verdict}/${v.brand ?? '-'}`,
    );
}
console.log(
  `  apps (own cases): ${scamsFlagged}/${scams} scam profiles flagged (counterfeit or suspicious), ${genuineFlagged}/${genuine} genuine apps flagged, ${right}/${APP_CASES.length} exactly right (verdict and brand)`,
);

const rows = loadTrainingRows(buildPrior(DEFAULT_BRANDS, WELL_KNOWN_SITES));
const cv = crossValidateUrlModel(rows);
console.log(
  `URL model, 5-fold stratified CV on its ${rows.length} training rows, at the suspicious threshold`,
);
for (const [source, s] of Object.entries(cv.bySource))
  console.log(
    `  ${source.padEnd(13)} F1 ${f3(s.f1)}  precision ${f3(s.precision)}  recall ${f3(s.recall)}  benign flagged ${pct(s.fp / Math.max(1, s.fp + s.tn))}  (tp ${s.tp} fp ${s.fp} fn ${s.fn} tn ${s.tn})`,
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

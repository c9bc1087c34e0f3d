/**
 * Loads the labelled URL and domain data from ../shared/datasets for training and evaluation. Only the
 * `url` column and the label of urls-hannousse are read: the precomputed page features are not
 * available when a URL is checked. The benign side of bare domains is widened with the official
 * domains of the brand lists (models/well-known). A fixed, hashed part of every set is held out of
 * training for `npm run eval:web` (`heldOut`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitUrl } from '../../src/modules/detect/web/url-features.ts';
import type { LabelledUrl } from '../../src/modules/detect/web/url-train.ts';
import { WELL_KNOWN_SITES } from '../../src/modules/detect/web/well-known-sites.data.ts';
import {
  loadBrandDomainLists,
  priorKey,
  wellKnownHost,
  type WellKnownIndex,
} from '../../src/modules/detect/web/well-known.ts';
import { FAMOUS_SITES } from './famous-sites.data.ts';

export const DATASETS = process.env.FANZHA_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets');

/** Splits one CSV line, honouring double quotes. */
const csvFields = (line: string): string[] => {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
};

export const loadHannousse = (dir = DATASETS): LabelledUrl[] => {
  const lines = readFileSync(join(dir, 'urls-hannousse/train.csv'), 'utf8').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  const urlAt = header.indexOf('url');
  const statusAt = header.indexOf('status');
  const rows: LabelledUrl[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const f = csvFields(line);
    const url = f[urlAt];
    const status = f[statusAt];
    if (!url || (status !== 'phishing' && status !== 'legitimate')) continue;
    rows.push({ text: url, bareDomain: false, malicious: status === 'phishing', source: 'hannousse' });
  }
  return rows;
};

export const loadDomains = (dir = DATASETS): LabelledUrl[] => {
  const rows: LabelledUrl[] = [];
  for (const line of readFileSync(join(dir, 'domains/train.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row: unknown = JSON.parse(line);
    if (typeof row !== 'object' || row === null || !('domain' in row) || !('label' in row)) continue;
    if (typeof row.domain !== 'string' || (row.label !== 'scam' && row.label !== 'benign')) continue;
    rows.push({ text: row.domain, bareDomain: true, malicious: row.label === 'scam', source: 'domains' });
  }
  return rows;
};

/** Benign Chinese sites written for the project: widen the few benign domains (datasets README). */
export const loadBenignChinese = (): LabelledUrl[] =>
  WELL_KNOWN_SITES.map((d) => ({ text: d, bareDomain: true, malicious: false, source: 'cn-benign' }));

/** FNV-1a of a string: the split below must not change with row order or the Node version. */
const hash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** One row in five of the labelled URL and domain sets is held out of training, by its text. */
export const heldOut = (r: LabelledUrl): boolean =>
  (r.source === 'hannousse' || r.source === 'domains') && hash(r.text.trim().toLowerCase()) % 5 === 0;

/** One brand list in ten is held out of training (and, in the evaluation, of the prior). */
export const heldOutList = (name: string): boolean => hash(`list:${name}`) % 10 === 0;

/** Benign bare domains from the brand lists, one row per prior key, minus the excluded keys. */
export const loadBrandDomainRows = (
  lists: readonly (readonly [string, readonly string[]])[],
  exclude: ReadonlySet<string>,
): LabelledUrl[] => {
  const seen = new Set<string>();
  const rows: LabelledUrl[] = [];
  for (const [, domains] of lists)
    for (const d of domains) {
      if (seen.has(d) || exclude.has(d)) continue;
      seen.add(d);
      rows.push({ text: d, bareDomain: true, malicious: false, source: 'brand-domains' });
    }
  return rows;
};

/** Marks rows whose host is a well-known site's own, as the detector will. */
export const markWellKnown = (rows: readonly LabelledUrl[], index: WellKnownIndex): LabelledUrl[] =>
  rows.map((r) => {
    const host = r.bareDomain ? r.text.trim().toLowerCase() : splitUrl(r.text).host;
    return { ...r, wellKnown: host !== '' && wellKnownHost(index, host) !== undefined };
  });

/** Keys that no training row may carry: the famous sites the evaluation keeps for itself. */
export const evaluationOnlyKeys = (): Set<string> =>
  new Set(FAMOUS_SITES.map((d) => priorKey(d)).filter((k): k is string => k !== null));

/**
 * The training rows: everything but the held-out rows and lists and the famous-site evaluation list.
 * The well-known flags come from `index` (the prior the trained model will run beside).
 */
export const loadTrainingRows = (index: WellKnownIndex, dir = DATASETS): LabelledUrl[] => {
  const exclude = evaluationOnlyKeys();
  const lists = loadBrandDomainLists().filter(([name]) => !heldOutList(name));
  const rows = [
    ...loadHannousse(dir),
    ...loadDomains(dir),
    ...loadBrandDomainRows(lists, exclude),
    ...loadBenignChinese(),
  ].filter((r) => !heldOut(r) && !exclude.has(priorKey(r.bareDomain ? r.text : splitUrl(r.text).host) ?? ''));
  return markWellKnown(rows, index);
};

/**
 * Loads the labelled URL and domain data from ../shared/datasets for training and evaluation. Only the
 * `url` column and the label of urls-hannousse are read: the precomputed page features are not
 * available when a URL is checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledUrl } from '../../src/modules/detect/web/url-train.ts';
import { WELL_KNOWN_SITES } from '../../src/modules/detect/web/well-known-sites.data.ts';

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

export const loadAllUrlRows = (dir = DATASETS): LabelledUrl[] => [
  ...loadHannousse(dir),
  ...loadDomains(dir),
  ...loadBenignChinese(),
];

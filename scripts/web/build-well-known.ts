/**
 * `tsx scripts/web/build-well-known.ts`: copies the official domains of v2fly domain-list-community
 * (../shared/datasets/brand-domains, MIT) into models/well-known/brand-domains.txt, one list a line
 * (`name<TAB>domain domain …`), keeping only what the URL prior reads: plain and `full:` domains,
 * reduced to the key the prior looks up (well-known.ts `priorKey`). Advertising entries (`@ads`) and
 * lists of services that hide or lend out hosts (dynamic DNS, proxies, trackers, IPFS gateways,
 * betting, adult sites) are left out: being listed there says nothing good about a domain.
 * Also writes models/well-known/letter-bigrams.json: letter-pair log-probabilities of the words in
 * those domains' labels (English, pinyin, brand names), by which the app detector tells a
 * pronounceable package segment from a random one.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { priorKey } from '../../src/modules/detect/web/well-known.ts';
import { DATASETS } from './url-data.ts';

const SKIPPED_LISTS =
  /^category-(ads|porn|betting|ddns|ipfs|proxy|public-tracker|pt$|anticensorship|vpn|urlshortner)/;

const dir = join(DATASETS, 'brand-domains/data');
const lines: string[] = [];
let domains = 0;
for (const name of readdirSync(dir).sort()) {
  if (SKIPPED_LISTS.test(name)) continue;
  const keys = new Set<string>();
  for (const raw of readFileSync(join(dir, name), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '' || /^(include|regexp|keyword):/.test(line) || line.includes('@ads')) continue;
    const host = (line.replace(/^(full|domain):/, '').split(/\s+/)[0] ?? '').toLowerCase();
    const key = priorKey(host);
    if (key) keys.add(key);
  }
  if (keys.size === 0) continue;
  domains += keys.size;
  lines.push(`${name}\t${[...keys].sort().join(' ')}`);
}
const out = join(import.meta.dirname, '../../models/well-known/brand-domains.txt');
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${lines.length} lists, ${domains} entries → ${out}`);

// Letter pairs with a word boundary as the 27th letter (`{`), add-one smoothed, per first letter.
const counts = new Float64Array(27 * 27).fill(1);
for (const line of lines)
  for (const domain of (line.split('\t')[1] ?? '').split(' ')) {
    for (const word of (domain.split('.')[0] ?? '').split(/[^a-z]+/)) {
      if (word.length < 2) continue;
      const s = `{${word}{`;
      for (let i = 0; i + 1 < s.length; i++) {
        const at = (s.charCodeAt(i) - 97) * 27 + (s.charCodeAt(i + 1) - 97);
        counts[at] = (counts[at] ?? 0) + 1;
      }
    }
  }
const logProb: number[] = [];
for (let a = 0; a < 27; a++) {
  let total = 0;
  for (let b = 0; b < 27; b++) total += counts[a * 27 + b] ?? 0;
  for (let b = 0; b < 27; b++)
    logProb.push(Math.round(Math.log((counts[a * 27 + b] ?? 1) / total) * 100) / 100);
}
const bigrams = join(import.meta.dirname, '../../models/well-known/letter-bigrams.json');
writeFileSync(bigrams, JSON.stringify({ alphabet: 'abcdefghijklmnopqrstuvwxyz{', logProb }) + '\n');
console.log(`letter pairs → ${bigrams}`);

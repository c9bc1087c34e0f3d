import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'tldts';
import { DEFAULT_BRANDS } from '../../brands/brands.data.ts';
import { referencePermutations } from '../../../../scripts/web/dnstwist-reference.ts';
import { benignDomains } from '../../../../scripts/web/eval-lookalike.ts';
import { DATASETS } from '../../../../scripts/web/url-data.ts';
import { foldToAscii, skeleton } from './confusables.ts';
import { generatePermutations, generatePinyinVariants } from './lookalike-generate.ts';
import { buildBrandIndex, classifyEdit, editDistance, matchLookalike } from './lookalike-match.ts';
import { LOOKALIKE_FAMILIES, LOOKALIKE_MATCH_THRESHOLD } from './lookalike.config.ts';

const index = buildBrandIndex(DEFAULT_BRANDS);
const matched = (host: string) => {
  const m = matchLookalike(index, host);
  return m && m.score >= LOOKALIKE_MATCH_THRESHOLD ? m : undefined;
};

describe('confusable folding', () => {
  it('folds Cyrillic, Greek and full-width letters to ASCII', () => {
    expect(foldToAscii('аррlе')).toBe('apple');
    expect(foldToAscii('ｉｃｂｃ')).toBe('icbc');
    expect(foldToAscii('αlipαy')).toBe('alipay');
  });
  it('gives digit and multi-letter swaps the same skeleton as the word', () => {
    expect(skeleton('1cbc')).toBe(skeleton('icbc'));
    expect(skeleton('rneituan')).toBe(skeleton('meituan'));
    expect(skeleton('paypa1')).toBe(skeleton('paypal'));
    expect(skeleton('google')).not.toBe(skeleton('apple'));
  });
});

describe('edit classification', () => {
  it('names the dnstwist family of one edit', () => {
    expect(editDistance('icbcc', 'icbc', 1)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(classifyEdit('icbca', 'icbc')).toBe('addition');
    expect(classifyEdit('iccbc', 'icbc')).toBe('repetition');
    expect(classifyEdit('icvbc', 'icbc')).toBe('insertion');
    expect(classifyEdit('icb', 'icbc')).toBe('omission');
    expect(classifyEdit('cibc', 'icbc')).toBe('transposition');
    expect(classifyEdit('paypol', 'paypal')).toBe('vowel-swap');
    expect(classifyEdit('icbx', 'icbc')).toBe('replacement');
    expect(classifyEdit('icbb', 'icbc')).toBe('bitsquatting');
  });
});

describe('look-alike matcher', () => {
  it('never matches a brand on its own official domains or their subdomains', () => {
    for (const b of DEFAULT_BRANDS)
      for (const d of b.officialDomains) expect(matchLookalike(index, d), d).toBeUndefined();
    expect(matchLookalike(index, 'mybank.icbc.com.cn')).toBeUndefined();
    expect(matchLookalike(index, 'kyfw.12306.cn')).toBeUndefined();
  });

  it.each([
    ['icbc-secure-login.com', 'icbc'],
    ['www.icbc.com.cn.verify-xx.top', 'icbc'],
    ['аpple.com', 'apple'],
    ['ｉｃｂｃ.com', 'icbc'],
    ['paypa1-secure.com', 'paypal'],
    ['etc-kefu.top', 'etc'],
    ['zhifubao-tuikuan.vip', 'alipay'],
    ['gongshang-yinhang.cc', 'icbc'],
    ['12306-tuipiao.com', '12306'],
    ['meituan-lipei.xyz', 'meituan'],
    ['xn--pple-43d.com', 'apple'],
  ])('%s imitates %s', (host, brand) => {
    expect(matched(host)?.brandId).toBe(brand);
  });

  it('reports the family it matched', () => {
    expect(matched('icbc.top')?.family).toBe('tld-swap');
    expect(matched('icbc-login.com')?.family).toBe('dictionary');
    expect(matched('i-cbc.com.cn')?.family).toBe('hyphenation');
    expect(matched('ic.bc.com.cn')?.family).toBe('subdomain');
    expect(matched('аpple.com')?.family).toBe('homoglyph');
    expect(matched('gongshang.com')?.family).toBe('pinyin');
  });

  it('leaves ordinary domains alone', () => {
    for (const d of [
      'baidu.com',
      'wikipedia.org',
      'github.com',
      'example.com',
      'bbc.co.uk',
      'stackoverflow.com',
      'courtlistener.com',
    ])
      expect(matched(d), d).toBeUndefined();
  });

  it('finds at least 95% of permutations made by an independent dnstwist implementation', () => {
    let total = 0;
    let hits = 0;
    for (const b of DEFAULT_BRANDS) {
      const p = parse(b.officialDomains[0] ?? '');
      if (!p.domainWithoutSuffix || !p.publicSuffix) continue;
      for (const perm of referencePermutations(p.domainWithoutSuffix, p.publicSuffix)) {
        total++;
        if (matched(perm.domain)) hits++;
      }
    }
    expect(total).toBeGreaterThan(3000);
    expect(hits / total).toBeGreaterThanOrEqual(0.95);
  });

  it('finds its own generator’s permutations of every family, and the pinyin variants', () => {
    const perms = generatePermutations('icbc.com.cn');
    const families = new Set(perms.map((p) => p.family));
    // Every family but those found by other means than a permutation of the brand's own domain.
    const notGenerated: readonly string[] = ['pinyin', 'combo', 'edit'];
    for (const f of LOOKALIKE_FAMILIES.filter((x) => !notGenerated.includes(x)))
      expect(families.has(f), f).toBe(true);
    const missed = perms.filter((p) => !matched(p.domain));
    expect(missed.length / perms.length).toBeLessThan(0.05);
    const icbc = DEFAULT_BRANDS.find((b) => b.id === 'icbc');
    for (const p of generatePinyinVariants(icbc ?? DEFAULT_BRANDS[0]!))
      expect(matched(p.domain)?.brandId, p.domain).toBe('icbc');
  });

  // CI runs beside a copy of shared/, so there the data set must be found.
  it.skipIf(!existsSync(join(DATASETS, 'domains/train.jsonl')) && process.env.CI !== 'true')(
    'falsely matches at most 0.5% of real benign domains',
    () => {
      const benign = benignDomains(join(DATASETS, 'domains/train.jsonl'));
      const falses = benign.filter((d) => matched(d));
      expect(benign.length).toBeGreaterThan(1000);
      expect(falses.length / benign.length).toBeLessThanOrEqual(0.005);
    },
  );
});

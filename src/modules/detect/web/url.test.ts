import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANDS } from '../../brands/brands.data.ts';
import { DomainError } from '../../../shared/errors.ts';
import { extractUrlFeatures, splitUrl, DENSE_FEATURES } from './url-features.ts';
import { loadUrlModel, parseUrlModel, urlProbability } from './url-model.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  balanceWeights,
  binaryScores,
  featurize,
  fitPlatt,
  stratifiedFolds,
  trainUrlModel,
  type LabelledUrl,
} from './url-train.ts';
import { buildWebDetectors, runUrlCheck, urlFindings } from './web.service.ts';

const sample: LabelledUrl[] = [
  ...[
    'paypal-login-verify.top/update',
    'secure-icbc.xyz/login.php',
    '192.168.3.4/webscr?cmd=login',
    'apple-id-unlock.vip/account',
    'xn--pple-43d.com/signin',
    'bank-refund-kefu.cc/tuikuan',
  ].map((u) => ({ text: `http://${u}`, bareDomain: false, malicious: true, source: 't' })),
  ...[
    'en.wikipedia.org/wiki/Tea',
    'www.python.org/downloads/',
    'github.com/nodejs/node',
    'www.bbc.co.uk/news',
    'docs.rs/serde',
    'www.mozilla.org/en-US/firefox/',
  ].map((u) => ({ text: `https://${u}`, bareDomain: false, malicious: false, source: 't' })),
];

describe('URL features', () => {
  it('splits URLs that are not valid WHATWG URLs', () => {
    const p = splitUrl('http://user@evil.example.com:8080/a//b?x=1#frag');
    expect(p).toMatchObject({
      scheme: 'http',
      host: 'evil.example.com',
      port: '8080',
      path: '/a//b',
      query: 'x=1',
      userinfo: true,
    });
    expect(splitUrl('evil.top/login').host).toBe('evil.top');
  });
  it('names every dense feature and reads IP hosts, @ and punycode', () => {
    const f = extractUrlFeatures('http://a@1.2.3.4/x', false);
    expect(f.dense.length).toBe(DENSE_FEATURES.length);
    expect(f.dense[DENSE_FEATURES.indexOf('ipHost')]).toBe(1);
    expect(f.dense[DENSE_FEATURES.indexOf('at')]).toBe(1);
    expect(extractUrlFeatures('xn--pple-43d.com', true).dense[DENSE_FEATURES.indexOf('punycode')]).toBe(1);
  });
});

describe('URL model', () => {
  it('trains reproducibly and a saved model loads and predicts the same', () => {
    const features = featurize(sample);
    const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 30, learningRate: 0.1, seed: 3 };
    const a = trainUrlModel(sample, features, options);
    const b = trainUrlModel(sample, features, options);
    expect(a.url.hashedWeights).toEqual(b.url.hashedWeights);
    expect(a.url.hashedIndex.length).toBeGreaterThan(0);
    const reloaded = parseUrlModel(JSON.parse(JSON.stringify(a)));
    for (const f of features) expect(urlProbability(reloaded, f)).toBeCloseTo(urlProbability(a, f), 12);
    const predicted = features.map((f) => urlProbability(a, f) >= 0.5);
    expect(
      binaryScores(
        sample.map((s) => s.malicious),
        predicted,
      ).f1,
    ).toBe(1);
  });

  it('rejects a model file that does not fit the code', () => {
    expect(() => parseUrlModel({ id: 'url' })).toThrow(DomainError);
    const m = loadUrlModel();
    expect(() =>
      parseUrlModel({ ...m, url: { ...m.url, denseWeights: m.url.denseWeights.slice(1) } }),
    ).toThrow(/other features/);
    expect(() => parseUrlModel({ ...m, domain: { ...m.domain, hashedIndex: [1 << 30] } })).toThrow(
      /hash size/,
    );
  });

  it('weighs benign bare domains to the configured share, whatever the lists hold', () => {
    const rows: LabelledUrl[] = [
      ...Array.from({ length: 30 }, (_, i) => ({
        text: `s${i}.top`,
        bareDomain: true,
        malicious: true,
        source: 'domains',
      })),
      { text: 'a.com', bareDomain: true, malicious: false, source: 'domains' },
      { text: 'b.com', bareDomain: true, malicious: false, source: 'brand-domains' },
    ];
    const options = {
      ...DEFAULT_TRAIN_OPTIONS,
      benignShare: { domain: 0.5, url: 0.5 },
      benignSources: { domains: 0.5, 'brand-domains': 0.5 },
      maxWeight: 100,
    };
    const w = balanceWeights(rows, options);
    const benign = (w[30] ?? 0) + (w[31] ?? 0);
    const scam = w.slice(0, 30).reduce((a, x) => a + x, 0);
    expect(benign).toBeCloseTo(scam, 6);
    expect(w[30]).toBeCloseTo(w[31] ?? 0, 6);
  });

  it('fits Platt scaling that maps margins to the observed rates', () => {
    // Margins 2 are bad three times in four, margins -2 once in four.
    const margins = [2, 2, 2, 2, -2, -2, -2, -2];
    const truth = [true, true, true, false, true, false, false, false];
    const [a, b] = fitPlatt(margins, truth, new Array<number>(8).fill(1));
    expect(1 / (1 + Math.exp(-(a * 2 + b)))).toBeCloseTo(0.75, 3);
    expect(1 / (1 + Math.exp(-(a * -2 + b)))).toBeCloseTo(0.25, 3);
  });

  it('assigns stratified folds of equal size', () => {
    const folds = stratifiedFolds(sample, 3, 1);
    for (let k = 0; k < 3; k++) expect(folds.filter((f) => f === k).length).toBe(4);
  });
});

describe('URL detector with the committed model', () => {
  const d = buildWebDetectors(DEFAULT_BRANDS, loadUrlModel());
  it('flags a brand look-alike with the brand and kind', () => {
    const v = runUrlCheck(d, { url: 'https://www.icbc.com.cn.verify-xx.top/login' });
    expect(v).toMatchObject({ verdict: 'malicious', brand: 'icbc', kind: 'lookalike' });
    expect(v.reasons.some((r) => r.includes('中国工商银行'))).toBe(true);
  });
  it('keeps famous sites, CDN hosts and brand-list domains benign as bare domains', () => {
    for (const domain of [
      'airbnb.com',
      'buzzfeed.com',
      'bbc.com',
      'apache.org',
      'bandcamp.com',
      'akamaihd.net',
      'azurefd.net',
      'cloudfront.net',
      'www.bilibili.com',
    ]) {
      const v = runUrlCheck(d, { domain });
      expect(v.verdict, domain).toBe('benign');
    }
    expect(runUrlCheck(d, { domain: 'akamaihd.net' }).reasons[0]).toMatch(/well-known domain/);
  });
  it('does not lend a well-known name to user sub-domains and hosted pages', () => {
    // A scam blog on a blog host is not the blog host's; a hosted form is not Microsoft's.
    const blog = runUrlCheck(d, { domain: 'binance-airdrop-claim.blogspot.com' });
    expect(blog.reasons.join()).not.toMatch(/well-known/);
    const form = runUrlCheck(d, {
      url: 'https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAAAAMAAB',
    });
    expect(form.reasons.join()).not.toMatch(/official domain/);
  });
  it('still flags look-alikes and scam-shaped domains that no list knows', () => {
    expect(runUrlCheck(d, { domain: 'icbc-kefu.top' })).toMatchObject({
      verdict: 'malicious',
      brand: 'icbc',
    });
    expect(runUrlCheck(d, { domain: 'alipay-tuikuan.vip' }).verdict).not.toBe('benign');
    expect(
      runUrlCheck(d, { url: 'http://secure-login-paypa1.com.verify-account.xyz/webscr?cmd=_login' }).verdict,
    ).not.toBe('benign');
  });
  it('keeps official and allow-listed domains benign', () => {
    expect(runUrlCheck(d, { url: 'https://kyfw.12306.cn/otn/leftTicket/init' }).verdict).toBe('benign');
    expect(runUrlCheck(d, { domain: 'baidu.com' }).verdict).toBe('benign');
  });
  it('judges a redirect chain by its worst hop', () => {
    const v = runUrlCheck(d, { url: 'https://t.cn/abc', redirects: ['http://etc-kefu.top/auth'] });
    expect(v.verdict).toBe('malicious');
    expect(v.brand).toBe('etc');
    expect(v.reasons[0]).toContain('etc-kefu.top');
  });
  it('refuses a value with no host, naming the field', () => {
    expect(() => runUrlCheck(d, { url: '///' })).toThrow(expect.objectContaining({ field: 'url' }));
  });
  it('turns a malicious verdict into url and domain claims linked together', () => {
    const req = { url: 'http://etc-kefu.top/auth' };
    const f = urlFindings(req, runUrlCheck(d, req));
    expect(f.claims.map((c) => c.type)).toEqual(['url', 'domain']);
    expect(f.claims[0]?.source).toBe('detector:url@1.0.0');
    expect(f.links[0]).toMatchObject({
      from: { type: 'url' },
      to: { type: 'domain', value: 'etc-kefu.top' },
    });
    expect(urlFindings({ domain: 'baidu.com' }, runUrlCheck(d, { domain: 'baidu.com' })).claims).toEqual([]);
  });
});

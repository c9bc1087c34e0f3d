import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANDS } from '../../brands/brands.data.ts';
import { DomainError } from '../../../shared/errors.ts';
import { extractUrlFeatures, splitUrl, DENSE_FEATURES } from './url-features.ts';
import { loadUrlModel, parseUrlModel, urlProbability } from './url-model.ts';
import { featurize, stratifiedFolds, trainUrlModel, binaryScores, type LabelledUrl } from './url-train.ts';
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
    const a = trainUrlModel(sample, features, { epochs: 30, learningRate: 0.1, l2: 1e-6, seed: 3 });
    const b = trainUrlModel(sample, features, { epochs: 30, learningRate: 0.1, l2: 1e-6, seed: 3 });
    expect(a.hashedWeights).toEqual(b.hashedWeights);
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
    expect(() => parseUrlModel({ ...m, denseWeights: m.denseWeights.slice(1) })).toThrow(/other features/);
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

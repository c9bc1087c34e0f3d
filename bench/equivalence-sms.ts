/**
 * The SMS engine's outputs for bench/equivalence.ts, over every message the benchmarks and the
 * training see: the whole Chinese corpus, the benchmark's generator mix, all of sms-uci and
 * sms-smishing, hand-written tricks, and variants of a sample with the evasion tricks applied (so
 * every normaliser path and long texts run). Each row holds everything the engine returns: the
 * `classify` decision (verdict, score, fraud type, reasons), the `analyze` result (probabilities, sender and ask cues,
 * fraud types, reasons for each verdict, the normalised form) and the indicators of the normalised
 * and of the raw text. The same texts are also classified with two altered models (buckets shuffled, biases replaced;
 * weights coarsened so many reasons tie), so an optimisation that holds only for the committed
 * weights, or that breaks ties differently, shows too: new weights from training must drop in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from '../corpus/sms-zh/generate.ts';
import { seededRandom } from '../src/shared/random.ts';
import { extractIndicators } from '../src/modules/extract/extract.ts';
import {
  createSmsClassifier,
  SMS_VERDICTS,
  parseSmsDetectorConfig,
} from '../src/modules/detect/sms/sms.detector.ts';
import { DEFAULT_SMS_MODEL_DIR } from '../src/modules/detect/sms/sms.loader.ts';
import { parseSmsModel, type LinearModel, type SmsModel } from '../src/modules/detect/sms/sms.model.ts';
import { mineTemplates } from '../src/modules/detect/sms/templates.ts';
import { DATASETS } from '../scripts/web/url-data.ts';

export const jsonlTexts = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (line.trim() === '') return [];
      const v: unknown = JSON.parse(line);
      return typeof v === 'object' && v !== null && 'text' in v && typeof v.text === 'string' ? [v.text] : [];
    });

// Tricks the generated corpus may not cover, written here so each path of the normaliser runs.
const EXTRA = [
  '【中国移动】尊敬的客户，您的话费余额不足，请登录 http://10086.cn 充值。回TD退订',
  '加 微 信 ｗｘ１２３４５６ 领取红包🧧🧧 ①③⑧００１３８０００',
  '恭喜您中獎了！請點擊 bit.ly/abc123 領取，逾期作廢',
  'URGENT! You have WON a £1000 prize. Call 09061701461 or visit www.win-now.xyz/claim',
  'Your code is 123456. Do not share it.',
  '1 3 8 0 0 1 3 8 0 0 0 转账到 6222 0212 3456 7890 123，金额￥5,000.00',
  'раураl secure: verify at https://paypa1-login.top/verify?id=9',
  '加*微*信 a.b.c 加.V.信 刷‌单​返利',
  '',
  '   ',
  '加微信 abc_123456 或 QQ 12345678，TG @fraud_boss，WhatsApp +44 7700 900123，支付宝：pay@x.com',
  'line id: abc.def 连我：xyz123 t.me/somebody 飞机 @somebody 电报号：bossman',
  '验证码：123456，取件码 8888。code is 4321 otp 998877',
  'ＦＲＥＥ ＭＯＮＥＹ ＣＬＩＣＫ ｈｔｔｐ：／／ｗｗｗ．ｘｘ．ｃｎ／ａｂ now!!!',
  '﹝1﹞㈠ ℡ ㊙ ﬁnance 𝐯𝐞𝐫𝐢𝐟𝐲 your account',
  'Please call 0800 123 4567 or +1-202-555-0143 or 020 7946 0958 today',
  '您尾号6222021234567890123的卡收到¥5万元，USD 300，300 dollars，RMB1,200.50',
  '1.2.3.4 http://192.168.1.1/login 访问 x.y.top  www.a-b.xyz/c?d=e#f',
];

/** The evasion tricks applied to a text, one variant each. */
const variants = (t: string, i: number): string[] => {
  const fullWidth = t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const spaced = t.replace(/([\u4e00-\u9fff])(?=[\u4e00-\u9fff])/g, i % 2 === 0 ? '$1 ' : '$1*');
  const emoji = t.replace(/([，。！ ])/g, '$1🎉👍🏻');
  const zeroWidth = t.replace(/(.)(.)/g, '$1\u200b$2');
  return [t.toUpperCase(), fullWidth, spaced, emoji, zeroWidth, `${t} ${t} ${t} ${t}`];
};

export const spread = <T>(xs: readonly T[], count: number): T[] => {
  const step = Math.max(1, Math.floor(xs.length / count));
  return xs.filter((_, i) => i % step === 0).slice(0, count);
};

export const smsTexts = (): string[] => {
  const zh = jsonlTexts('corpus/sms-zh/corpus.jsonl');
  const bench = generateCorpus({
    seed: 42,
    perFraudTemplate: 30,
    perNormalTemplate: 40,
    perSpamTemplate: 30,
  });
  const english = ['sms-uci', 'sms-smishing'].flatMap((d) => {
    const path = join(DATASETS, d, 'train.jsonl');
    return existsSync(path) ? jsonlTexts(path) : [];
  });
  const base = [...new Set([...zh, ...bench.map((r) => r.text), ...english, ...EXTRA])];
  return [...base, ...spread(base, 1500).flatMap(variants)];
};

/** A copy of `m` with its buckets moved by a seeded permutation (a different model of the same kind). */
const shuffled = (m: LinearModel, seed: number): LinearModel => {
  const k = m.classes.length;
  const rows = m.weights.length / k;
  const random = seededRandom(seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const weights = new Float32Array(m.weights.length);
  order.forEach((from, to) => weights.set(m.weights.subarray(from * k, from * k + k), to * k));
  return { ...m, weights, bias: m.bias.map(() => random() - 0.5) };
};

/** `m` with its weights rounded to eight steps a side, so many features carry equal weights. */
const coarse = (m: LinearModel): LinearModel => {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const step = max / 8;
  return { ...m, weights: m.weights.map((w) => Math.round(w / step) * step) };
};

const decisions = (model: SmsModel, texts: readonly string[]): unknown[] => {
  const config = parseSmsDetectorConfig(
    JSON.parse(readFileSync(join(DEFAULT_SMS_MODEL_DIR, 'config.json'), 'utf8')),
  );
  const classifier = createSmsClassifier(model, config);
  return texts.map((text) => {
    const { decision, features: f } = classifier.analyze({ text });
    return {
      classify: classifier.classify({ text }),
      decision,
      probabilities: f.probabilities,
      fraudTypes: f.fraudTypes,
      cues: f.cues,
      explain: SMS_VERDICTS.map((v) => f.explain(v)),
    };
  });
};

export const smsOutputs = (): Record<string, unknown> => {
  const texts = smsTexts();
  const model = parseSmsModel(JSON.parse(readFileSync(join(DEFAULT_SMS_MODEL_DIR, 'model.json'), 'utf8')));
  const config = parseSmsDetectorConfig(
    JSON.parse(readFileSync(join(DEFAULT_SMS_MODEL_DIR, 'config.json'), 'utf8')),
  );
  const classifier = createSmsClassifier(model, config);
  const rows = texts.map((text) => {
    const { features: f } = classifier.analyze({ text });
    const n = f.normalized;
    return {
      normalized: [n.text, n.templateKey, n.signature ?? null, n.emojiCount, n.tricks],
      indicators: f.indicators,
      rawIndicators: extractIndicators(text),
    };
  });
  const sample = spread(texts, 8000);
  return {
    smsCount: texts.length,
    smsRows: rows,
    smsDecisions: decisions(model, texts),
    smsShuffled: decisions(
      { ...model, verdict: shuffled(model.verdict, 1), fraudType: shuffled(model.fraudType, 2) },
      sample,
    ),
    smsCoarse: decisions(
      { ...model, verdict: coarse(model.verdict), fraudType: coarse(model.fraudType) },
      sample,
    ),
    smsTemplates: mineTemplates(sample.map((text, i) => ({ id: String(i), text, at: i }))),
  };
};

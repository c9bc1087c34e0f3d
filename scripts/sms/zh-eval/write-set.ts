/**
 * Writes the independent Chinese SMS evaluation set, `scripts/sms/zh-eval/messages.jsonl`, from the
 * messages written by hand in `messages.data.ts`. This script belongs to the evaluation only: it
 * shares nothing with the training generator (corpus/sms-zh), neither its slots nor its phrases.
 *
 * Each hand-written message is written out as it stands and in a few surface variants that public
 * corpora show: digits masked as `x` (as published sets anonymise them), the 【signature】 moved to the
 * end or dropped, ASCII punctuation, a few traditional characters, stray spaces. Placeholders in the
 * messages (`#d4#` four digits, `#amt#` an amount, `#mob#` a private mobile …) take values from a
 * seeded generator, so the file is the same on every run.
 *
 * Run: `npx tsx scripts/sms/zh-eval/write-set.ts`.
 */
import { writeFileSync } from 'node:fs';
import { FRAUD_SET, LEGIT_SET, type EvalMessage } from './messages.data.ts';

export interface EvalRow {
  readonly id: string;
  readonly text: string;
  readonly label: 'normal' | 'spam' | 'fraud';
  readonly fraudType?: string;
  /** Who would send it (operator, bank, personal …) or the fraud type. */
  readonly kind: string;
  /** Which surface variant of the hand-written message this is. */
  readonly variant: string;
}

/** Park–Miller, seeded: the same file on every run. */
const rng = (seed: number): (() => number) => {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
};

const digits = (r: () => number, n: number): string =>
  Array.from({ length: n }, (_, i) => String(Math.floor(r() * (i === 0 ? 9 : 10)) + (i === 0 ? 1 : 0))).join(
    '',
  );

const SURNAMES = [
  '李',
  '王',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
];
const MOBILE_PREFIX = ['138', '139', '150', '151', '186', '187', '135', '177', '199', '166', '133', '189'];
const FOREIGN_HOSTS = [
  'ykt-refund.cc',
  'kf-serv.top',
  'www.1oo1o-cn.com',
  'icbc-vip.xyz',
  'jd-kf.vip',
  'gov-cn.icu',
  'etc-gx.shop',
  'apk.huishou8.cn',
  'dl.qianbao99.com',
  'h5.kuaidai668.com',
];

/** One placeholder's value. */
const fill = (name: string, r: () => number): string => {
  switch (name) {
    case 'd2':
      return digits(r, 2);
    case 'd4':
      return digits(r, 4);
    case 'd6':
      return digits(r, 6);
    case 'mon':
      return String(1 + Math.floor(r() * 12));
    case 'day':
      return String(1 + Math.floor(r() * 28));
    case 'hh':
      return (
        String(8 + Math.floor(r() * 13)).padStart(2, '0') +
        ':' +
        ['00', '15', '30', '45'][Math.floor(r() * 4)]
      );
    case 'amt':
      return `${Math.floor(10 + r() * 4000)}.${digits(r, 2)}`;
    case 'big':
      return String(Math.floor(2 + r() * 48) * 10000);
    case 'small':
      return String(Math.floor(5 + r() * 195));
    case 'mob':
      return (MOBILE_PREFIX[Math.floor(r() * MOBILE_PREFIX.length)] ?? '138') + digits(r, 8);
    case 'tel':
      return `0${digits(r, 2)}-${digits(r, 8)}`;
    case 'qq':
      return digits(r, 9);
    case 'wx':
      return ['kf', 'vip', 'wx', 'hz', 'jl'][Math.floor(r() * 5)] + digits(r, 6);
    case 'name':
      return (
        (SURNAMES[Math.floor(r() * SURNAMES.length)] ?? '李') +
        (GIVEN[Math.floor(r() * GIVEN.length)] ?? '伟')
      );
    case 'sur':
      return SURNAMES[Math.floor(r() * SURNAMES.length)] ?? '李';
    case 'bad':
      return FOREIGN_HOSTS[Math.floor(r() * FOREIGN_HOSTS.length)] ?? 'kf-serv.top';
    case 'code':
      return digits(r, 6);
    case 'path':
      return Array.from(
        { length: 6 },
        () => 'abcdefghjkmnpqrstuvwxyzABCDEFGH23456789'[Math.floor(r() * 38)],
      ).join('');
    default:
      throw new Error(`unknown placeholder #${name}#`);
  }
};

// Brands with a domain and hotline of their own, chosen once per message: [name, host, hotline].
const BRANDS: Readonly<Record<string, ReadonlyArray<readonly [string, string, string]>>> = {
  bank: [
    ['工商银行', 'm.icbc.com.cn', '95588'],
    ['建设银行', 'ccb.com', '95533'],
    ['农业银行', 'abchina.com', '95599'],
    ['中国银行', 'boc.cn', '95566'],
    ['招商银行', 'cmbchina.com', '95555'],
    ['交通银行', 'bankcomm.com', '95559'],
    ['浦发银行', 'spdb.com.cn', '95528'],
    ['中信银行', 'citicbank.com', '95558'],
    ['兴业银行', 'cib.com.cn', '95561'],
    ['民生银行', 'cmbc.com.cn', '95568'],
    ['光大银行', 'cebbank.com', '95595'],
    ['平安银行', 'bank.pingan.com', '95511'],
    ['广发银行', 'cgbchina.com.cn', '95508'],
    ['邮储银行', 'psbc.com', '95580'],
  ],
  shop: [
    ['淘宝', 'm.tb.cn', '9510211'],
    ['京东', 'u.jd.com', '950618'],
    ['拼多多', 'mobile.yangkeduo.com', '02160639999'],
    ['唯品会', 'm.vip.com', '4006789888'],
    ['天猫', 'tmall.com', '9510211'],
    ['苏宁易购', 'suning.com', '95315'],
  ],
  exp: [
    ['顺丰速运', 'sf-express.com', '95338'],
    ['中通快递', 'zto.com', '95311'],
    ['圆通速递', 'yto.net.cn', '95554'],
    ['韵达快递', 'yundaex.com', '95546'],
    ['中国邮政', 'ems.com.cn', '11183'],
    ['京东物流', 'jdl.com', '950616'],
  ],
  ins: [
    ['中国人寿', 'e-chinalife.com', '95519'],
    ['中国平安', 'pingan.com', '95511'],
    ['太平洋保险', 'cpic.com.cn', '95500'],
    ['中国人保', 'picc.com', '95518'],
    ['泰康保险', 'taikang.com', '95522'],
  ],
};

const fillAll = (text: string, r: () => number): string => {
  const chosen = new Map<string, readonly [string, string, string]>();
  return text.replace(/#([a-z0-9]+)#/g, (_, n: string) => {
    const family = /^(bank|shop|exp|ins)(host|tel)?$/.exec(n);
    if (!family) return fill(n, r);
    const key = family[1] ?? 'bank';
    let b = chosen.get(key);
    if (b === undefined) {
      const list = BRANDS[key] ?? [];
      b = list[Math.floor(r() * list.length)] ?? ['', '', ''];
      chosen.set(key, b);
    }
    return family[2] === 'host' ? b[1] : family[2] === 'tel' ? b[2] : b[0];
  });
};

// A few simplified → traditional pairs, written for this script (messages from Hong Kong, Taiwan
// and some senders' gateways come in traditional characters).
const TRADITIONAL: Readonly<Record<string, string>> = {
  们: '們',
  费: '費',
  话: '話',
  银: '銀',
  请: '請',
  户: '戶',
  贷: '貸',
  动: '動',
  务: '務',
  号: '號',
  员: '員',
  办: '辦',
  联: '聯',
  时: '時',
  间: '間',
  优: '優',
  点: '點',
  击: '擊',
  开: '開',
  关: '關',
  现: '現',
  领: '領',
  导: '導',
  转: '轉',
  账: '賬',
  钱: '錢',
  还: '還',
  额: '額',
  这: '這',
  个: '個',
  为: '為',
  发: '發',
  给: '給',
  经: '經',
  业: '業',
  电: '電',
  码: '碼',
  网: '網',
  会: '會',
  车: '車',
  门: '門',
  问: '問',
  单: '單',
  买: '買',
  报: '報',
  证: '證',
  险: '險',
  详: '詳',
  讯: '訊',
  邮: '郵',
};

const toTraditional = (text: string, r: () => number): string =>
  [...text].map((c) => (TRADITIONAL[c] !== undefined && r() < 0.7 ? TRADITIONAL[c] : c)).join('');

/** Digits outside links become x, as anonymised public corpora publish them. */
const maskDigits = (text: string): string =>
  text
    .split(/(\S*(?:https?:\/\/|www\.|\.cn|\.com)\S*)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\d/g, 'x')))
    .join('');

const SIGNATURE = /^【([^】]{1,20})】/;

const signatureAtEnd = (text: string): string => {
  const m = SIGNATURE.exec(text);
  return m ? `${text.slice(m[0].length)}【${m[1]}】` : text;
};
const withoutSignature = (text: string): string => text.replace(SIGNATURE, '');
const asciiPunctuation = (text: string): string =>
  text.replace(/，/g, ',').replace(/。/g, '.').replace(/！/g, '!').replace(/？/g, '?').replace(/：/g, ':');
const straySpaces = (text: string, r: () => number): string =>
  [...text]
    .map((c) => (c === '，' || c === '。' ? (r() < 0.5 ? `${c} ` : c) : c))
    .join('')
    .trim();

const VARIANTS: ReadonlyArray<readonly [string, (text: string, r: () => number) => string]> = [
  ['as-written', (t) => t],
  ['masked', (t) => maskDigits(t)],
  ['signature-end', (t) => signatureAtEnd(t)],
  ['no-signature-masked', (t) => maskDigits(withoutSignature(t))],
  ['ascii-punctuation', (t) => asciiPunctuation(t)],
  ['traditional', (t, r) => toTraditional(t, r)],
  ['spaces-masked', (t, r) => maskDigits(straySpaces(t, r))],
];

const rowsOf = (
  set: readonly EvalMessage[],
  prefix: string,
  perMessage: number,
  draws: number,
  seed: number,
): EvalRow[] => {
  const r = rng(seed);
  const out: EvalRow[] = [];
  const seen = new Set<string>();
  set.forEach((m, i) => {
    // Each message gets the as-written form and perMessage − 1 other variants, drawn in turn, each
    // `draws` times with other values (another brand, other digits).
    const picks = [
      0,
      ...Array.from({ length: perMessage - 1 }, (_, k) => 1 + ((i + k) % (VARIANTS.length - 1))),
    ];
    for (const v of Array.from({ length: draws }, () => picks).flat()) {
      const [variant, apply] = VARIANTS[v] ?? VARIANTS[0]!;
      const text = apply(fillAll(m.text, r), r);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({
        id: `${prefix}-${String(out.length + 1).padStart(4, '0')}`,
        text,
        label: m.label,
        ...(m.fraudType ? { fraudType: m.fraudType } : {}),
        kind: m.kind,
        variant,
      });
    }
  });
  return out;
};

export const writeEvalSet = (): EvalRow[] => [
  ...rowsOf(LEGIT_SET, 'legit', 7, 3, 20261206),
  ...rowsOf(FRAUD_SET, 'fraud', 5, 2, 61202026),
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = writeEvalSet();
  const out = new URL('./messages.jsonl', import.meta.url);
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const count = (p: (r: EvalRow) => boolean): number => rows.filter(p).length;
  console.log(
    `wrote ${out.pathname}: ${rows.length} messages (normal ${count((r) => r.label === 'normal')}, spam ${count((r) => r.label === 'spam')}, fraud ${count((r) => r.label === 'fraud')})`,
  );
}

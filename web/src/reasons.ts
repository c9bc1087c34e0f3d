/**
 * The score's and the lookup's reasons arrive as English sentences of a fixed set of shapes; each is
 * matched here and said again in the screen's language (a sentence of a new shape shows as it came).
 */
import { vocab, type Lang } from './i18n.tsx';

type Say = (m: RegExpExecArray, lang: Lang) => string;

const RULES: ReadonlyArray<readonly [RegExp, Say, Say]> = [
  [/^reported by 1 organisation$/, () => '1 家机构报告', () => 'reported by 1 organisation'],
  [
    /^cross-verified by (\d+) independent organisations$/,
    (m) => `${m[1]} 家独立机构交叉验证`,
    (m) => `cross-verified by ${m[1]} independent organisations`,
  ],
  [
    /^(\d+) organisation\(s\) vouch for it$/,
    (m) => `${m[1]} 家机构认为正常`,
    (m) => `${m[1]} organisation(s) vouch for it`,
  ],
  [
    /^(\d+) false-positive sighting\(s\)$/,
    (m) => `${m[1]} 次误报记录`,
    (m) => `${m[1]} false-positive sighting(s)`,
  ],
  [
    /^lifecycle: (\w+)$/,
    (m, l) => `生命周期：${vocab(l, 'lifecycle', m[1] ?? '')}`,
    (m, l) => `lifecycle: ${vocab(l, 'lifecycle', m[1] ?? '')}`,
  ],
  [/^released after review or appeal$/, () => '经复核或申诉已解除', () => 'released after review or appeal'],
  [/^expired$/, () => '已过期', () => 'expired'],
  [/^allow-listed: (.*)$/s, (m) => `白名单：${m[1] ?? ''}`, (m) => `allow-listed: ${m[1] ?? ''}`],
  [
    /^pinned by analyst: (.*)$/s,
    (m) => `分析员锁定：${m[1] ?? ''}`,
    (m) => `pinned by analyst: ${m[1] ?? ''}`,
  ],
  [/^host (.*) is listed$/, (m) => `所属域名 ${m[1] ?? ''} 已收录`, (m) => `host ${m[1] ?? ''} is listed`],
  [/^not in the library$/, () => '资源库中暂无记录', () => 'not in the library'],
];

export const sayReason = (reason: string, lang: Lang): string => {
  for (const [re, zh, en] of RULES) {
    const m = re.exec(reason);
    if (m) return lang === 'zh' ? zh(m, lang) : en(m, lang);
  }
  return reason;
};

/** Plain advice for the public beside the risk check's answer. */
export const ADVICE: Readonly<Record<string, readonly [string, string]>> = {
  fraud: [
    '这是已确认的涉诈号码或链接。请不要接听、回拨、点击或转账；已经转账的，请立即拨打 110 报警，并联系银行止付。',
    'This number or link is confirmed fraud. Do not answer, call back, click or pay; if you have paid, call 110 at once and ask your bank to stop the payment.',
  ],
  suspicious: [
    '多方举报可疑，请提高警惕：不要透露验证码和银行卡信息，不要下载对方发来的 App；拿不准时拨打 96110 咨询。',
    'Several reports call this suspicious. Do not share codes or card details, do not install apps they send; if unsure, call the 96110 anti-fraud line.',
  ],
  allowed: [
    '这是经过核实的官方号码或网站，可以放心使用；但仍请核对对方身份，不要向任何人透露验证码。',
    'This is a verified official number or website; still check who you are talking to and never share verification codes.',
  ],
  unknown: [
    '资源库暂无记录，不代表安全。凡是要求转账、提供验证码、下载陌生 App 的，都可能是诈骗；可拨打 96110 咨询或在下方举报。',
    'Nothing is known about it, which does not make it safe. Anyone asking you to pay, give a code or install an app may be a fraudster; call 96110 or report it below.',
  ],
};

/**
 * Parsers for the Taiwan 165 public lists (fixtures/tw165, Taiwan OGDL): each line becomes a claim of
 * the demo organisation. Pure: the files' text in, claims out; lines that are not data are skipped.
 */
import type { ClaimInput } from '../library/library.types.ts';

/** 165's Chinese fraud categories mapped onto the taxonomy codes (fraud-types.data.ts). */
export const TW165_FRAUD_TYPES: Readonly<Record<string, string>> = {
  '假交友(徵婚詐財)': 'romance_pig_butchering',
  '假交友(投資詐財)': 'romance_pig_butchering',
  假投資: 'fake_investment',
  '假投資(公司商品)': 'fake_investment',
  竄改電子商務郵件: 'fake_customer_service',
  假網拍: 'fake_shopping_service',
  '假冒機構(公務員)詐財': 'impersonate_authority',
  假預付型消費詐財: 'fake_shopping_service',
  猜猜我是誰: 'impersonate_acquaintance',
  假快遞: 'fake_customer_service',
  盜用網路帳號: 'impersonate_acquaintance',
  假借銀行貸款詐財: 'loan_credit_card',
  虛擬遊戲詐騙: 'game_trade',
  '假借親友出事勒索(詐財)': 'impersonate_acquaintance',
  假廣告: 'fake_shopping_service',
  '其他(假交易詐財)': 'fake_shopping_service',
  解除分期付款: 'fake_customer_service',
  '盜(冒)用 LINE 帳號': 'impersonate_acquaintance',
  假買賣: 'fake_shopping_service',
  假冒公司: 'impersonate_authority',
  假借郵件招領: 'fake_customer_service',
  '釣魚簡訊(惡意連結)': 'fake_customer_service',
};

const base = { verdict: 'fraud' as const, sharing: 'public' as const, source: 'tw165' };

export const parseBankAccounts = (text: string): ClaimInput[] =>
  text.split(/\r?\n/).flatMap((line) => {
    const [account = '', category = '', swift = ''] = line.split(',').map((s) => s.trim());
    if (!/^\d{5,}$/.test(account)) return [];
    const fraudType = TW165_FRAUD_TYPES[category];
    return [
      {
        ...base,
        type: 'bank',
        value: swift ? `${swift}:${account}` : account,
        confidence: 0.9,
        fraudType,
        evidence: { list: '165 reported bank accounts', category, swift },
      },
    ];
  });

export const parseTelephones = (text: string): ClaimInput[] =>
  text.split(/\r?\n/).flatMap((line) => {
    const v = line.trim();
    if (!/^\+?\d{6,}$/.test(v)) return [];
    return [
      {
        ...base,
        type: 'phone',
        value: v,
        confidence: 0.85,
        evidence: { list: '165 reported phone numbers' },
      },
    ];
  });

export const parseScamSites = (text: string): ClaimInput[] => {
  const byHost = new Map<string, { name: string; reports: number; url: string }>();
  for (const line of text.split(/\r?\n/)) {
    const [name = '', url = '', count = ''] = line.split('\t').map((s) => s.trim());
    const reports = Number(count);
    if (!url || !Number.isFinite(reports) || url === '網址' || url === 'WEBURL') continue;
    const prev = byHost.get(url);
    byHost.set(url, { name, url, reports: (prev?.reports ?? 0) + reports });
  }
  return [...byHost.values()].map((s) => {
    const hasPath = /^[a-z]+:\/\//i.test(s.url) || s.url.includes('/');
    // More reports, more confidence: 1 report 0.7, 10 or more 0.95.
    const confidence = Math.min(0.95, 0.7 + 0.025 * Math.min(10, s.reports));
    return {
      ...base,
      type: hasPath ? 'url' : 'domain',
      value: s.url,
      confidence,
      evidence: { list: '165 reported scam sites', siteName: s.name, reports: s.reports },
    };
  });
};

export const parseSimilarDomains = (text: string): ClaimInput[] =>
  text.split(/\r?\n/).flatMap((line) => {
    const m = /^\|\|([^^/]+)\^?$/.exec(line.trim());
    if (!m?.[1]) return [];
    return [
      {
        ...base,
        verdict: 'suspicious' as const,
        type: 'domain',
        value: m[1],
        confidence: 0.8,
        evidence: { list: '165 look-alike brand domains' },
      },
    ];
  });

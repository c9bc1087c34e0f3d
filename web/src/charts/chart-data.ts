/** The dashboard API's chart answers, read through guards, and their export as CSV. */
import { asArray, asRecord, num, str } from '../api.ts';

export type Display = 'line' | 'bar' | 'pie' | 'map' | 'hbar';
const DISPLAYS: readonly Display[] = ['line', 'bar', 'pie', 'map', 'hbar'];

export interface ChartPoint {
  readonly key: string;
  readonly series: string;
  readonly value: number;
}

export interface ChartView {
  readonly id: string;
  readonly figure: number;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly display: Display;
  readonly points: readonly ChartPoint[];
  readonly total: number;
  readonly shareBase: number | undefined;
  readonly elapsedMs: number;
}

export const parseChart = (v: unknown): ChartView | null => {
  const r = asRecord(v);
  const display = DISPLAYS.find((d) => d === r['display']);
  if (typeof r['id'] !== 'string' || !display) return null;
  return {
    id: r['id'],
    figure: num(r['figure']),
    titleZh: str(r['titleZh']),
    titleEn: str(r['titleEn']),
    display,
    points: asArray(r['points']).map((p) => {
      const o = asRecord(p);
      return { key: str(o['key']), series: str(o['series']), value: num(o['value']) };
    }),
    total: num(r['total']),
    shareBase: typeof r['shareBase'] === 'number' ? r['shareBase'] : undefined,
    elapsedMs: num(r['elapsedMs']),
  };
};

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV with a byte-order mark so spreadsheet programs read the Chinese labels as UTF-8. */
export const chartCsv = (c: ChartView, label: (v: string) => string): string => {
  const header =
    c.shareBase !== undefined
      ? ['key', 'label', 'series', 'value', 'share_percent']
      : ['key', 'label', 'series', 'value'];
  const rows = c.points.map((p) => {
    const cells = [p.key, label(p.key), p.series, String(p.value)];
    if (c.shareBase !== undefined)
      cells.push(c.shareBase > 0 ? ((100 * p.value) / c.shareBase).toFixed(1) : '');
    return cells.map(csvCell).join(',');
  });
  return '\uFEFF' + [header.join(','), ...rows].join('\r\n') + '\r\n';
};

export const download = (filename: string, href: string): void => {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
};

/** 1.3 亿 / 1.3B: the counts run from tens to billions. */
export const compact = (n: number, lang: 'zh' | 'en'): string => {
  const abs = Math.abs(n);
  if (lang === 'zh') {
    if (abs >= 1e8) return `${(n / 1e8).toFixed(2)}亿`;
    if (abs >= 1e4) return `${(n / 1e4).toFixed(1)}万`;
    return String(Math.round(n));
  }
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}K`;
  return String(Math.round(n));
};

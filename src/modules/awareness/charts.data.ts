/**
 * The dashboards' charts as data: each reproduces one figure of the CAICT 2020 report from the
 * platform's own events. Adding a chart is adding a row here (and a panel in the console).
 */
import type { ChartDefinition } from './awareness.types.ts';

export const CHARTS: readonly ChartDefinition[] = [
  {
    id: 'interceptions',
    figure: 3,
    titleZh: '涉诈电话与短信拦截量',
    titleEn: 'Fraud calls and SMS intercepted',
    kinds: ['call_intercepted', 'sms_intercepted'],
    groupBy: { time: true },
    display: 'line',
  },
  {
    id: 'accounts_closed',
    figure: 4,
    titleZh: '处置涉诈互联网账号',
    titleEn: 'Internet accounts closed',
    kinds: ['account_closed'],
    groupBy: { time: true },
    display: 'bar',
  },
  {
    id: 'domain_hosting',
    figure: 5,
    titleZh: '涉诈域名接入地',
    titleEn: 'Where fraud domains are hosted',
    kinds: ['domain_disposed'],
    groupBy: { dimension: 'hosting_country' },
    display: 'pie',
    limit: 12,
  },
  {
    id: 'reports_by_channel',
    figure: 6,
    titleZh: '举报受理渠道',
    titleEn: 'Reports received by channel',
    kinds: ['report_received'],
    groupBy: { dimension: 'channel' },
    display: 'bar',
  },
  {
    id: 'fraud_types',
    figure: 7,
    titleZh: '诈骗类型占比',
    titleEn: 'Shares of fraud types',
    kinds: ['victim_case'],
    groupBy: { dimension: 'fraud_type' },
    display: 'pie',
  },
  {
    id: 'origin_provinces',
    figure: 8,
    titleZh: '涉诈电话来源省份',
    titleEn: 'Provinces where fraud calls originate',
    kinds: ['call_intercepted'],
    groupBy: { dimension: 'province' },
    display: 'map',
  },
  {
    id: 'origin_cities',
    figure: 8,
    titleZh: '涉诈电话重点来源地市',
    titleEn: 'Key cities where fraud calls originate',
    kinds: ['call_intercepted'],
    groupBy: { dimension: 'city' },
    display: 'hbar',
    limit: 10,
  },
  {
    id: 'fraud_channels',
    figure: 9,
    titleZh: '诈骗使用的渠道与应用（占案件比例）',
    titleEn: 'Channels and apps fraud uses (share of cases)',
    kinds: ['channel_used'],
    groupBy: { dimension: 'channel' },
    display: 'hbar',
    shareOf: 'victim_case',
  },
  {
    id: 'victim_ages',
    figure: 10,
    titleZh: '受害人年龄分布',
    titleEn: 'Victims by age group',
    kinds: ['victim_case'],
    groupBy: { dimension: 'age_group' },
    display: 'pie',
  },
  {
    id: 'victim_provinces',
    figure: 11,
    titleZh: '受害人所在省份',
    titleEn: 'Victims by province',
    kinds: ['victim_case'],
    groupBy: { dimension: 'province' },
    display: 'map',
  },
];

export const chartById = (id: string): ChartDefinition | undefined => CHARTS.find((c) => c.id === id);

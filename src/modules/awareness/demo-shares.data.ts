/**
 * The shapes the demo activity follows. Where the issue quotes the CAICT 2020 report's published
 * shares they are used as given (fraud-type groups 40/30/12/9/5, age groups 63.7/19.6/8.1/4.3,
 * origin provinces 14.1/10.5/6.7, victim provinces 12.3/10.6/10.5, channels QQ 73.8 / WeChat 24);
 * everything else — which province carries which share, the remaining tail, cities, hosting
 * countries, report channels, monthly shape — is our illustrative choice, labelled demo data in the
 * console. Annual volumes are the report's 2020 totals (230 M calls, 1.3 B SMS, 1.03 M accounts,
 * 25,000 domains).
 */
export type Shares = ReadonlyArray<readonly [key: string, percent: number]>;

export const ANNUAL_TOTALS = {
  call_intercepted: 230_000_000,
  sms_intercepted: 1_300_000_000,
  account_closed: 1_030_000,
  domain_disposed: 25_000,
  report_received: 2_400_000,
  victim_case: 460_000,
} as const;

/** Fraud-type groups 40/30/12/9/5 (rest: other), split evenly over the taxonomy's types in each group. */
export const FRAUD_TYPE_SHARES: Shares = [
  ['task_rebate', 20],
  ['fake_shopping_service', 12],
  ['game_trade', 8],
  ['loan_credit_card', 18],
  ['fake_credit_report', 12],
  ['fake_customer_service', 4],
  ['impersonate_authority', 4],
  ['impersonate_acquaintance', 3],
  ['impersonate_military_purchase', 1],
  ['fake_investment', 9],
  ['romance_pig_butchering', 5],
  ['black_market', 4],
];

/** Victims' ages: 63.7 / 19.6 / 8.1 / 4.3, the remainder under 18. */
export const AGE_SHARES: Shares = [
  ['18-40', 63.7],
  ['41-50', 19.6],
  ['51-60', 8.1],
  ['60+', 4.3],
  ['<18', 4.3],
];

/** Where fraud calls originate: 14.1 / 10.5 / 6.7, then a tail. */
export const ORIGIN_PROVINCE_SHARES: Shares = [
  ['Yunnan', 14.1],
  ['Guangdong', 10.5],
  ['Guangxi', 6.7],
  ['Fujian', 6.0],
  ['Hainan', 5.2],
  ['Jiangxi', 4.6],
  ['Hunan', 4.4],
  ['Sichuan', 4.2],
  ['Henan', 4.0],
  ['Guizhou', 3.6],
  ['Hubei', 3.4],
  ['Anhui', 3.2],
  ['Shandong', 3.0],
  ['Chongqing', 2.8],
  ['Zhejiang', 2.7],
  ['Jiangsu', 2.6],
  ['Hebei', 2.4],
  ['Heilongjiang', 2.2],
  ['Liaoning', 2.0],
  ['Jilin', 1.8],
  ['Shaanxi', 1.7],
  ['Shanxi', 1.5],
  ['Inner Mongolia', 1.3],
  ['Beijing', 1.2],
  ['Shanghai', 1.1],
  ['Gansu', 1.0],
  ['Xinjiang', 0.9],
  ['Tianjin', 0.8],
  ['Ningxia', 0.5],
  ['Qinghai', 0.4],
  ['Tibet', 0.3],
];

/** Key origin cities inside the leading provinces (Pu'er first, as the report names it). */
export const ORIGIN_CITIES: Readonly<Record<string, Shares>> = {
  Yunnan: [
    ["Pu'er", 34],
    ['Xishuangbanna', 22],
    ['Lincang', 18],
    ['Dehong', 14],
    ['Kunming', 12],
  ],
  Guangdong: [
    ['Maoming', 30],
    ['Jieyang', 25],
    ['Shenzhen', 20],
    ['Dongguan', 15],
    ['Guangzhou', 10],
  ],
  Guangxi: [
    ['Chongzuo', 40],
    ['Fangchenggang', 30],
    ['Nanning', 30],
  ],
  Fujian: [
    ['Longyan', 45],
    ['Quanzhou', 30],
    ['Xiamen', 25],
  ],
  Hainan: [
    ['Danzhou', 60],
    ['Haikou', 40],
  ],
};

/** Where victims live: 12.3 / 10.6 / 10.5, then a tail. */
export const VICTIM_PROVINCE_SHARES: Shares = [
  ['Guangdong', 12.3],
  ['Jiangsu', 10.6],
  ['Zhejiang', 10.5],
  ['Shandong', 7.2],
  ['Henan', 6.1],
  ['Sichuan', 5.4],
  ['Hubei', 4.6],
  ['Fujian', 4.3],
  ['Hunan', 4.1],
  ['Anhui', 3.9],
  ['Hebei', 3.7],
  ['Shanghai', 3.4],
  ['Beijing', 3.2],
  ['Liaoning', 2.6],
  ['Shaanxi', 2.4],
  ['Jiangxi', 2.3],
  ['Chongqing', 2.2],
  ['Yunnan', 2.0],
  ['Guangxi', 1.9],
  ['Shanxi', 1.5],
  ['Heilongjiang', 1.3],
  ['Tianjin', 1.2],
  ['Guizhou', 1.1],
  ['Jilin', 1.0],
  ['Inner Mongolia', 0.8],
  ['Xinjiang', 0.6],
  ['Gansu', 0.5],
  ['Hainan', 0.4],
  ['Ningxia', 0.3],
  ['Qinghai', 0.2],
  ['Tibet', 0.1],
];

/** Share of victim cases in which each channel was used (a case may use several: they do not sum to 100). */
export const CHANNEL_USE_PERCENT: Shares = [
  ['qq', 73.8],
  ['wechat', 24.0],
  ['app', 15.2],
  ['website', 11.6],
  ['alipay', 7.9],
  ['qr_code', 5.1],
];

/** Mainland versus abroad, by country (illustrative: most fraud sites are hosted outside the mainland). */
export const HOSTING_SHARES: Shares = [
  ['US', 38],
  ['CN', 22],
  ['HK', 18],
  ['JP', 7],
  ['SG', 6],
  ['KR', 4],
  ['PH', 3],
  ['NL', 2],
];

/** How the public reported (12321-style channels; illustrative). */
export const REPORT_CHANNEL_SHARES: Shares = [
  ['web', 36],
  ['app', 28],
  ['sms_forward', 18],
  ['phone', 10],
  ['wechat_mini', 6],
  ['email', 2],
];

/** Which organisations record which kinds (the demo organisations of demo.service.ts). */
export const ORGS_BY_KIND: Readonly<Record<string, Shares>> = {
  call_intercepted: [
    ['org_cmcc', 55],
    ['org_cucc', 25],
    ['org_ctcc', 20],
  ],
  sms_intercepted: [
    ['org_cmcc', 55],
    ['org_cucc', 25],
    ['org_ctcc', 20],
  ],
  account_closed: [['org_tencent', 100]],
  domain_disposed: [['org_registrar', 100]],
  report_received: [['org_public', 100]],
  victim_case: [['org_police', 100]],
  channel_used: [['org_police', 100]],
};

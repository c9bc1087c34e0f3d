/**
 * The fraud taxonomy: the 12 classes of the public-security anti-fraud case data
 * (CCL 2023 case set), rolled up into the CAICT report's coarser groups
 * (交易类 40%, 贷款类 30%, 仿冒类 12%, 理财类 9%, 交友类 5%, others). Data, not code: the database is
 * seeded from it and analysts may add types.
 */
export interface FraudTypeDefinition {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly groupCode: string;
  readonly groupZh: string;
  readonly groupEn: string;
}

const group = {
  trade: { groupCode: 'trade', groupZh: '交易类', groupEn: 'Trading' },
  loan: { groupCode: 'loan', groupZh: '贷款类', groupEn: 'Loans' },
  impersonation: { groupCode: 'impersonation', groupZh: '仿冒类', groupEn: 'Impersonation' },
  investment: { groupCode: 'investment', groupZh: '理财类', groupEn: 'Investment' },
  romance: { groupCode: 'romance', groupZh: '交友类', groupEn: 'Romance' },
  other: { groupCode: 'other', groupZh: '其他', groupEn: 'Other' },
} as const;

export const FRAUD_TYPES: readonly FraudTypeDefinition[] = [
  { code: 'task_rebate', nameZh: '刷单返利类', nameEn: 'Order-brushing rebate', ...group.trade },
  {
    code: 'fake_customer_service',
    nameZh: '冒充电商物流客服类',
    nameEn: 'Fake e-commerce/logistics customer service',
    ...group.impersonation,
  },
  {
    code: 'fake_investment',
    nameZh: '虚假网络投资理财类',
    nameEn: 'Fake online investment',
    ...group.investment,
  },
  {
    code: 'loan_credit_card',
    nameZh: '贷款、代办信用卡类',
    nameEn: 'Loans and credit-card agency',
    ...group.loan,
  },
  { code: 'fake_credit_report', nameZh: '虚假征信类', nameEn: 'Fake credit record', ...group.loan },
  {
    code: 'fake_shopping_service',
    nameZh: '虚假购物、服务类',
    nameEn: 'Fake shopping or services',
    ...group.trade,
  },
  {
    code: 'impersonate_authority',
    nameZh: '冒充公检法及政府机关类',
    nameEn: 'Impersonating police, courts or government',
    ...group.impersonation,
  },
  {
    code: 'impersonate_acquaintance',
    nameZh: '冒充领导、熟人类',
    nameEn: 'Impersonating a boss or acquaintance',
    ...group.impersonation,
  },
  {
    code: 'game_trade',
    nameZh: '网络游戏产品虚假交易类',
    nameEn: 'Fake online-game trading',
    ...group.trade,
  },
  {
    code: 'romance_pig_butchering',
    nameZh: '网络婚恋、交友类',
    nameEn: 'Online dating and romance (pig butchering)',
    ...group.romance,
  },
  {
    code: 'impersonate_military_purchase',
    nameZh: '冒充军警购物类',
    nameEn: 'Impersonating military or police buyers',
    ...group.impersonation,
  },
  { code: 'black_market', nameZh: '网黑案件', nameEn: 'Online black-market cases', ...group.other },
];

export const FRAUD_TYPE_CODES: ReadonlySet<string> = new Set(FRAUD_TYPES.map((t) => t.code));

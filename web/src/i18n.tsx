/**
 * zh-CN first, English on a switch: a small dictionary, not a library. Missing English falls back to
 * the Chinese text, and a missing key shows itself so it is noticed.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const dict = {
  appName: ['反诈一库一平台', 'fanzha anti-fraud platform'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  loginFailed: ['登录失败', 'Login failed'],
  demoAccounts: [
    '演示账号：admin、analyst、viewer 等，密码 fanzha-demo',
    'Demo accounts: admin, analyst, viewer …, password fanzha-demo',
  ],
  navDashboard: ['态势感知', 'Situational awareness'],
  navLibrary: ['资源库', 'Library'],
  navImport: ['批量导入', 'Bulk import'],
  navDetections: ['监测发现', 'Detections'],
  navWork: ['协同处置', 'Collaborative work'],
  navPublic: ['公众服务', 'Public services'],
  navAdmin: ['系统管理', 'Administration'],
  navGangs: ['团伙挖掘', 'Gangs'],
  noGangs: ['暂无团伙', 'No gangs found'],
  gang: ['团伙', 'Gang'],
  gangScore: ['团伙评分', 'Score'],
  gangSize: ['成员数', 'Members'],
  gangMembers: ['成员角色', 'Members by role'],
  gangLastActivity: ['最近活动', 'Last activity'],
  language: ['English', '中文'],
  period: ['时间范围', 'Period'],
  last30: ['近30天', 'Last 30 days'],
  last90: ['近90天', 'Last 90 days'],
  last365: ['近一年', 'Last year'],
  region: ['地区', 'Region'],
  allRegions: ['全部地区', 'All regions'],
  fraudType: ['诈骗类型', 'Fraud type'],
  allTypes: ['全部类型', 'All types'],
  org: ['机构', 'Organisation'],
  allOrgs: ['全部机构', 'All organisations'],
  autoRefresh: ['自动刷新', 'Auto refresh'],
  refresh: ['刷新', 'Refresh'],
  demoData: [
    '演示数据：以下数据为按报告公开比例生成的模拟数据',
    'Demo data: generated activity following the report’s published shares',
  ],
  exportCsv: ['导出 CSV', 'CSV'],
  exportPng: ['导出 PNG', 'PNG'],
  figure: ['图', 'Fig.'],
  noData: ['暂无数据', 'No data'],
  loading: ['加载中…', 'Loading…'],
  total: ['合计', 'Total'],
  updated: ['更新于', 'Updated'],
  search: ['搜索', 'Search'],
  searchPlaceholder: [
    '输入号码、网址、域名、账号…（可含空格）',
    'Type a number, URL, domain, account … (spaces are fine)',
  ],
  type: ['类型', 'Type'],
  value: ['值', 'Value'],
  verdict: ['研判结论', 'Verdict'],
  score: ['分值', 'Score'],
  status: ['状态', 'Status'],
  lastSeen: ['最近发现', 'Last seen'],
  next: ['下一页', 'Next'],
  prev: ['上一页', 'Previous'],
  keyboardHint: ['键盘：↑↓ 选择，Enter 打开，←→ 翻页', 'Keys: ↑↓ select, Enter open, ←→ page'],
  explanation: ['分值解释', 'Score explanation'],
  claims: ['研判声明', 'Claims'],
  sightings: ['发现记录', 'Sightings'],
  links: ['关联关系', 'Links'],
  history: ['生命周期与审计', 'Lifecycle history'],
  reasons: ['理由', 'Reasons'],
  source: ['来源', 'Source'],
  confidence: ['置信度', 'Confidence'],
  weight: ['权重', 'Weight'],
  at: ['时间', 'Time'],
  action: ['操作', 'Action'],
  actor: ['操作人', 'Actor'],
  back: ['返回', 'Back'],
  allowListed: ['白名单', 'Allow-listed'],
  importTitle: ['批量导入研判声明（CSV 或 JSONL）', 'Bulk import claims (CSV or JSONL)'],
  importHelp: [
    'CSV 列：type,value,verdict,fraudType,confidence,source；JSONL 每行一个声明',
    'CSV columns: type,value,verdict,fraudType,confidence,source; JSONL: one claim per line',
  ],
  importStart: ['开始导入', 'Import'],
  accepted: ['已接收', 'Accepted'],
  rejected: ['已拒绝', 'Rejected'],
  notAvailable: [
    '该功能尚未启用（接口不可用）',
    'Not available yet (the endpoint does not exist on this server)',
  ],
  smsTemplates: ['短信模板（诈骗活动）', 'SMS templates (campaigns)'],
  urlCheck: ['网址 / 页面 / 应用研判', 'URL, page and app checks'],
  callAlerts: ['话单异常告警', 'Call-record alerts'],
  check: ['研判', 'Check'],
  queue: ['举报定性队列', 'Qualification queue'],
  cases: ['案件', 'Cases'],
  workOrders: ['工单', 'Work orders'],
  appeals: ['申诉（复机）', 'Appeals'],
  overdue: ['已超期', 'overdue'],
  lookupTitle: ['风险查询：查一个号码或链接', 'Risk check: a number or a link'],
  lookupPlaceholder: ['例如 +886 2 2381 7000 或 https://…', 'e.g. +886 2 2381 7000 or https://…'],
  lookupGo: ['查询', 'Check'],
  reportTitle: ['举报诈骗', 'Report fraud'],
  reportChannel: ['诈骗方式', 'How were you contacted'],
  reportText: ['经过描述（可粘贴短信、号码、链接）', 'What happened (paste the SMS, numbers, links)'],
  reportContact: ['联系方式（可选）', 'Contact (optional)'],
  reportValues: [
    '涉诈号码、链接、账号（每行一个，可选）',
    'Numbers, links, accounts (one per line, optional)',
  ],
  reportAmount: ['损失金额（元，可选）', 'Amount lost (yuan, optional)'],
  reportFiles: [
    '截图证据（PNG/JPEG/PDF，最多 4 个，可选）',
    'Screenshots as evidence (PNG/JPEG/PDF, up to 4, optional)',
  ],
  reportSubmit: ['提交举报', 'Submit report'],
  reportSolving: ['正在进行防刷校验…', 'Proving you are not a robot…'],
  reportReceipt: ['已受理，回执编号', 'Received, receipt'],
  orgs: ['机构', 'Organisations'],
  users: ['用户', 'Users'],
  apiKeys: ['API 密钥', 'API keys'],
  taxonomy: ['诈骗类型目录', 'Fraud taxonomy'],
  name: ['名称', 'Name'],
  kind: ['类别', 'Kind'],
  role: ['角色', 'Role'],
  create: ['创建', 'Create'],
  revoke: ['吊销', 'Revoke'],
  secretOnce: ['密钥只显示一次：', 'The secret is shown once:'],
  verdict_fraud: ['诈骗', 'Fraud'],
  verdict_suspicious: ['可疑', 'Suspicious'],
  verdict_allowed: ['白名单', 'Allowed'],
  verdict_unknown: ['未知', 'Unknown'],
  series_call_intercepted: ['涉诈电话拦截', 'Fraud calls intercepted'],
  series_sms_intercepted: ['涉诈短信拦截', 'Fraud SMS intercepted'],
  series_account_closed: ['处置账号', 'Accounts closed'],
  notFoundValue: ['资源库中没有该值', 'Not in the library'],
  error: ['出错了', 'Something went wrong'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof dict;

/** Labels of data values (provinces, channels, ages, countries) in both languages. */
const LABELS: Readonly<Record<string, readonly [string, string]>> = {
  qq: ['QQ', 'QQ'],
  wechat: ['微信', 'WeChat'],
  app: ['诈骗 App', 'Fraud apps'],
  website: ['诈骗网站', 'Fraud websites'],
  alipay: ['支付宝', 'Alipay'],
  qr_code: ['二维码', 'QR codes'],
  web: ['网站举报', 'Website'],
  sms_forward: ['短信转发', 'SMS forward'],
  phone: ['电话举报', 'Phone'],
  wechat_mini: ['微信小程序', 'WeChat mini-program'],
  email: ['电子邮件', 'Email'],
  CN: ['中国大陆', 'Mainland China'],
  US: ['美国', 'United States'],
  HK: ['中国香港', 'Hong Kong'],
  JP: ['日本', 'Japan'],
  SG: ['新加坡', 'Singapore'],
  KR: ['韩国', 'South Korea'],
  PH: ['菲律宾', 'Philippines'],
  NL: ['荷兰', 'Netherlands'],
  "Pu'er": ['普洱', "Pu'er"],
  Xishuangbanna: ['西双版纳', 'Xishuangbanna'],
  Lincang: ['临沧', 'Lincang'],
  Dehong: ['德宏', 'Dehong'],
  Kunming: ['昆明', 'Kunming'],
  Maoming: ['茂名', 'Maoming'],
  Jieyang: ['揭阳', 'Jieyang'],
  Shenzhen: ['深圳', 'Shenzhen'],
  Dongguan: ['东莞', 'Dongguan'],
  Guangzhou: ['广州', 'Guangzhou'],
  Chongzuo: ['崇左', 'Chongzuo'],
  Fangchenggang: ['防城港', 'Fangchenggang'],
  Nanning: ['南宁', 'Nanning'],
  Longyan: ['龙岩', 'Longyan'],
  Quanzhou: ['泉州', 'Quanzhou'],
  Xiamen: ['厦门', 'Xiamen'],
  Danzhou: ['儋州', 'Danzhou'],
  Haikou: ['海口', 'Haikou'],
  '18-40': ['18–40 岁', 'Aged 18–40'],
  '41-50': ['41–50 岁', 'Aged 41–50'],
  '51-60': ['51–60 岁', 'Aged 51–60'],
  '60+': ['60 岁以上', 'Over 60'],
  '<18': ['18 岁以下', 'Under 18'],
};

export const translate = (lang: Lang, key: Key): string => dict[key][lang === 'zh' ? 0 : 1];

interface I18n {
  readonly lang: Lang;
  readonly setLang: (l: Lang) => void;
  readonly t: (key: Key) => string;
  /** A data value's label, falling back to the value itself. */
  readonly label: (value: string) => string;
}

const Ctx = createContext<I18n>({
  lang: 'zh',
  setLang: () => {},
  t: (k) => translate('zh', k),
  label: (v) => v,
});

const stored = (): Lang => (localStorage.getItem('fanzha.lang') === 'en' ? 'en' : 'zh');

export const I18nProvider = ({
  children,
  extraLabels,
}: {
  children: ReactNode;
  extraLabels?: Readonly<Record<string, readonly [string, string]>>;
}) => {
  const [lang, setLangState] = useState<Lang>(stored);
  const value = useMemo<I18n>(() => {
    const i = lang === 'zh' ? 0 : 1;
    return {
      lang,
      setLang: (l) => {
        localStorage.setItem('fanzha.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (k) => translate(lang, k),
      label: (v) => (LABELS[v] ?? extraLabels?.[v])?.[i] ?? v,
    };
  }, [lang, extraLabels]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
};

export const useI18n = (): I18n => useContext(Ctx);

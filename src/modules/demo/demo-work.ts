/**
 * 协同处置 in the demo: ten days of the platform's work replayed through the services on a clock that
 * starts ten days ago — public reports in the qualification queue (some decided, most still open),
 * open and closed cases, work orders in the operators', the bank's and the registrar's inboxes (some
 * answered, some refused, some escalated and overdue), and appeals pending, upheld and rejected.
 */
import { ManualClock } from '../../shared/clock.ts';
import type { Collaboration } from '../cases/collaboration.module.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ReportInput } from '../reports/reports.types.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The reports of the demo: what people send to 12321, with the numbers, cards and links they name. */
const REPORTS: ReadonlyArray<ReportInput & { readonly fraudType: string }> = [
  {
    channel: 'sms',
    fraudType: 'fake_customer_service',
    text: '【顺丰速运】您的快递丢失，理赔请联系专员 138 0013 8001，并在 http://sf-lipei-demo.top/claim 填写银行卡信息。',
    values: [{ value: '138 0013 8001' }, { value: 'http://sf-lipei-demo.top/claim' }],
    amountLost: 2600,
  },
  {
    channel: 'call',
    fraudType: 'impersonate_authority',
    text: '自称公安局民警，说我涉嫌洗钱，要求把存款转到“安全账户” 6222 0230 1234 5678 901。来电 139 1000 2002。',
    values: [{ value: '139 1000 2002' }, { value: '6222023012345678901', type: 'bank' }],
    amountLost: 86000,
  },
  {
    channel: 'social',
    fraudType: 'task_rebate',
    text: '兼职刷单，先返利后要求垫付，客服电话 186 2000 3003，下载链接 https://rebate-task-demo.cc/app',
    values: [{ value: '186 2000 3003' }, { value: 'https://rebate-task-demo.cc/app' }],
    amountLost: 12800,
  },
  {
    channel: 'website',
    fraudType: 'fake_investment',
    text: '“导师”带单炒数字货币，平台 https://coin-mentor-demo.vip 无法提现，收款卡 6212 2602 0000 1234 567。',
    values: [{ value: 'https://coin-mentor-demo.vip' }, { value: '6212260200001234567', type: 'bank' }],
    amountLost: 230000,
  },
  {
    channel: 'call',
    fraudType: 'loan_credit_card',
    text: '无抵押贷款，先交“解冻金”，对方号码 133 0000 4004，转账到 6222 0200 1111 2222 333。',
    values: [{ value: '133 0000 4004' }, { value: '6222020011112222333', type: 'bank' }],
    amountLost: 4800,
  },
  {
    channel: 'sms',
    fraudType: 'fake_credit_report',
    text: '【征信中心】您的征信有不良记录，请致电 135 5000 5005 办理消除，否则影响贷款。',
    values: [{ value: '135 5000 5005' }],
  },
  {
    channel: 'call',
    fraudType: 'impersonate_acquaintance',
    text: '冒充领导加微信，让我先垫付 3 万元给“合作方”，手机号 150 6000 6006。',
    values: [{ value: '150 6000 6006' }],
    amountLost: 30000,
  },
  {
    channel: 'website',
    fraudType: 'game_trade',
    text: '游戏账号交易网站 http://game-trade-demo.top 收款后不发货。',
    values: [{ value: 'http://game-trade-demo.top' }],
    amountLost: 900,
  },
  {
    channel: 'social',
    fraudType: 'romance_pig_butchering',
    text: '网恋对象推荐投资平台 https://love-invest-demo.com，充值后被冻结，对方电话 189 7000 7007。',
    values: [{ value: 'https://love-invest-demo.com' }, { value: '189 7000 7007' }],
    amountLost: 520000,
  },
  {
    channel: 'sms',
    fraudType: 'fake_shopping_service',
    text: '【ETC】您的 ETC 已失效，请点击 http://etc-renew-demo.top 重新认证。',
    values: [{ value: 'http://etc-renew-demo.top' }],
  },
  {
    channel: 'call',
    fraudType: 'impersonate_military_purchase',
    text: '自称部队采购，要求先垫资购买指定供应商物资，联系人 137 8000 8008。',
    values: [{ value: '137 8000 8008' }],
    amountLost: 45000,
  },
  {
    channel: 'sms',
    fraudType: 'fake_customer_service',
    text: '【京东】您的白条额度异常，需关闭“百万保障”，请联系 158 9000 9009。',
    values: [{ value: '158 9000 9009' }],
  },
  {
    channel: 'other',
    fraudType: 'black_market',
    text: '有人收购银行卡和电话卡，每套 800 元，联系 131 1100 1100。',
    values: [{ value: '131 1100 1100' }],
  },
  {
    channel: 'call',
    fraudType: 'impersonate_authority',
    text: '冒充社保局说医保卡被冻结，转接“警官” 136 1200 1200。',
    values: [{ value: '136 1200 1200' }],
  },
];

/** A second report of the first two, so the queue shows grouping (one item, two reports). */
const REPEATS = [0, 1, 2];

export interface DemoWorkDeps {
  /** The collaboration services built on the given clock (the demo's own, started in the past). */
  readonly build: (clock: ManualClock) => Collaboration;
  /** The demo regulator analyst's actor name, so the console shows a person and not "system". */
  readonly analystActor: string;
  readonly operatorActor: string;
  readonly bankActor: string;
  readonly registrarActor: string;
  readonly now: number;
}

export interface DemoWorkSummary {
  readonly reports: number;
  readonly cases: number;
  readonly workOrders: number;
  readonly appeals: number;
}

export const loadDemoWork = async (deps: DemoWorkDeps): Promise<DemoWorkSummary> => {
  const clock = new ManualClock(new Date(deps.now - 10 * DAY));
  const k = deps.build(clock);
  const analyst: Actor = {
    orgId: 'org_platform',
    orgKind: 'regulator',
    actor: deps.analystActor,
    role: 'analyst',
  };
  const admin: Actor = { ...analyst, role: 'admin' };
  const operator: Actor = {
    orgId: 'org_cmcc',
    orgKind: 'operator',
    actor: deps.operatorActor,
    role: 'analyst',
  };
  const bank: Actor = { orgId: 'org_icbc', orgKind: 'bank', actor: deps.bankActor, role: 'analyst' };
  const registrar: Actor = {
    orgId: 'org_registrar',
    orgKind: 'registrar',
    actor: deps.registrarActor,
    role: 'analyst',
  };

  // Reports arrive over the ten days: a few hours apart, the repeats a day later.
  let reports = 0;
  for (const [i, r] of REPORTS.entries()) {
    clock.set(new Date(deps.now - 10 * DAY + i * 14 * HOUR));
    const { fraudType: _type, ...input } = r;
    await k.reports.submitMany([input], `demo-reporter-${i}`);
    reports++;
  }
  for (const i of REPEATS) {
    const r = REPORTS[i];
    if (!r) continue;
    clock.advance(3 * HOUR);
    const { fraudType: _type, ...input } = r;
    await k.reports.submitMany([{ ...input, text: `${input.text}（再次举报）` }], `demo-repeat-${i}`);
    reports++;
  }

  const open = (await k.qualification.list(analyst, { status: 'open', limit: 200 })).items;
  const byText = (needle: string) => open.find((q) => q.values.some((v) => v.normalized.includes(needle)));
  const typeOf = (needle: string) =>
    REPORTS.find((r) => r.values?.some((v) => v.value.replace(/\s/g, '').includes(needle)))?.fraudType;

  // The analyst works through part of the queue; the rest stays open for the newcomer to decide.
  clock.set(new Date(deps.now - 6 * DAY));
  const caseIds: string[] = [];
  const confirm = async (
    needle: string,
    severity: 'low' | 'medium' | 'high' | 'critical',
    reason: string,
  ) => {
    const item = byText(needle);
    if (!item) return undefined;
    const fraudType = typeOf(needle);
    const r = await k.qualification.confirm(analyst, item.id, {
      reason,
      severity,
      ...(fraudType ? { fraudType } : {}),
    });
    caseIds.push(r.case.id);
    clock.advance(HOUR);
    return r.case.id;
  };
  const courier = await confirm('13800138001', 'high', '两次举报，仿冒快递理赔网站，号码与链接一致');
  const police = await confirm('13910002002', 'critical', '冒充公检法，“安全账户”收款卡已核实');
  const rebate = await confirm('18620003003', 'medium', '刷单返利，客服号码与下载链接一致');
  const invest = await confirm('coin-mentor-demo', 'high', '虚假投资平台，收款卡多次出现');
  const loan = await confirm('13300004004', 'medium', '贷款先交费，典型话术');
  const credit = await confirm('13550005005', 'low', '虚假征信短信');

  const reject = byText('game-trade-demo');
  if (reject) await k.qualification.reject(analyst, reject.id, '交易纠纷，非诈骗，建议走消费者投诉渠道');
  const escalate = byText('13612001200');
  if (escalate) await k.qualification.escalate(analyst, escalate.id, '涉及多地冒充社保，报上级研判');

  // Work orders for the confirmed cases: numbers to the operators, cards to the bank, links to the registrar.
  let workOrders = 0;
  for (const id of [courier, police, rebate, invest, loan, credit]) {
    if (!id) continue;
    workOrders += (await k.workOrders.createWorkOrders(analyst, id)).created.length;
    clock.advance(30 * 60_000);
  }

  // Answers over the next days: most done, one refused as not ours, some left to run past their deadlines.
  clock.set(new Date(deps.now - 5 * DAY));
  const inbox = async (who: Actor) =>
    (await k.workOrders.listWorkOrders(who, { status: 'open', limit: 200 })).items;
  const answer = async (
    who: Actor,
    pick: (normalized: string) => boolean,
    f: { outcome: 'done' | 'not_ours' | 'cannot_act'; note: string },
  ) => {
    for (const w of await inbox(who)) if (pick(w.normalized)) await k.workOrders.feedback(who, w.id, f);
  };
  await answer(operator, (n) => n.endsWith('13800138001') || n.endsWith('13910002002'), {
    outcome: 'done',
    note: '已停机并列入黑名单',
  });
  await answer(bank, (n) => n.startsWith('6222023'), { outcome: 'done', note: '已冻结，止付 86,000 元' });
  await answer(bank, (n) => n.startsWith('6212'), {
    outcome: 'not_ours',
    note: '该卡号属建设银行，请改派',
  });
  await answer(registrar, (n) => n.includes('sf-lipei-demo'), { outcome: 'done', note: '域名已暂停解析' });

  // A day later the sweep escalates what is still unanswered; by today those orders are overdue again.
  clock.set(new Date(deps.now - 3 * DAY));
  await k.workOrders.sweep(admin);

  // One case closed after its orders were done; the courier case stays open for its link's order.
  if (police)
    await k.cases.update(analyst, police, { status: 'closed', reason: '号码停机、账户冻结，移送公安' });
  if (credit) await k.cases.update(analyst, credit, { status: 'closed', reason: '短信通道已处置' });

  // Appeals: one upheld (a recycled number), one rejected, one still pending and past its SLA clock.
  clock.set(new Date(deps.now - 2 * DAY));
  let appeals = 0;
  const file = async (value: string, statement: string) => {
    appeals++;
    return k.appeals.file(operator, {
      type: 'phone',
      value,
      statement,
      checklist: [
        { item: 'identity_verified', provided: true, note: '营业厅实名核验' },
        { item: 'usage_explained', provided: true },
        { item: 'no_new_reports', provided: false },
        { item: 'owner_statement', provided: true },
      ],
    });
  };
  const recycled = await file('139 1000 2002', '号码已回收并重新放号，新机主与诈骗无关');
  clock.advance(4 * HOUR);
  await k.appeals.decide(analyst, recycled.id, { decision: 'upheld', reason: '回收号码，新机主核验通过' });
  const second = await file('138 0013 8001', '机主称号码被他人借用');
  clock.advance(6 * HOUR);
  await k.appeals.decide(analyst, second.id, { decision: 'rejected', reason: '近期仍有新举报，证据不足' });
  clock.set(new Date(deps.now - 30 * HOUR));
  await file('138 0013 8001', '机主补充提交了借用人的书面说明');

  return { reports, cases: caseIds.length, workOrders, appeals };
};

/** SMS of three campaigns (the same template with its variable parts changed) and a few ordinary ones. */
const SMS_TEMPLATES: ReadonlyArray<(i: number) => string> = [
  (i) =>
    `【顺丰速运】您的快递单号SF${1_300_000 + i * 7}因地址异常无法派送，请点击 http://sf-lipei-demo.top/c${i} 重新填写，逾期退回。`,
  (i) =>
    `【ETC服务】尊敬的车主，您的ETC卡将于${(i % 28) + 1}日失效，请登录 http://etc-renew-demo.top/u${i} 完成认证，以免影响通行。`,
  (i) => `【兼职】日结${200 + i * 10}元，手机刷单轻松赚，加客服QQ ${88_000_000 + i} 咨询，名额有限。`,
];
const ORDINARY_SMS: readonly string[] = [
  '【中国移动】您本月话费账单已生成，可登录中国移动 App 查询。',
  '妈，我今晚加班，晚点回家吃饭。',
  '【12306】您购买的车票已出票，请按时乘车。',
];

export interface DemoDetectionDeps {
  readonly sms: { ingest(actor: Actor, records: ReadonlyArray<SmsDemoRecord>): Promise<unknown> };
  readonly calls: {
    ingest(actor: Actor, batch: readonly unknown[], opts?: { flush?: boolean }): Promise<unknown>;
  };
  /** Synthetic call records with injected fraud behaviour (the calls detectors' own generator). */
  readonly callRecords: () => readonly unknown[];
  readonly operatorActor: string;
  readonly now: number;
}
interface SmsDemoRecord {
  readonly sender: string;
  readonly receiver: string;
  readonly time: number;
  readonly text: string;
}

/** 监测发现 in the demo: SMS campaigns mined from an operator's messages, and call-detector alerts. */
export const loadDemoDetections = async (deps: DemoDetectionDeps): Promise<void> => {
  const operator: Actor = {
    orgId: 'org_cmcc',
    orgKind: 'operator',
    actor: deps.operatorActor,
    role: 'analyst',
  };
  const records: SmsDemoRecord[] = [];
  for (let i = 0; i < 12; i++)
    for (const [t, template] of SMS_TEMPLATES.entries())
      records.push({
        sender: `1069${String(5_550_000 + t * 1000 + i)}`,
        receiver: `1380013${String(1000 + i * 3 + t).padStart(4, '0')}`,
        time: deps.now - (3 * 24 - i * 5 - t) * 3600_000,
        text: template(i),
      });
  for (const [i, text] of ORDINARY_SMS.entries())
    records.push({ sender: '10086', receiver: `1390000${1000 + i}`, time: deps.now - i * 3600_000, text });
  await deps.sms.ingest(operator, records);
  await deps.calls.ingest(operator, deps.callRecords(), { flush: true });
};

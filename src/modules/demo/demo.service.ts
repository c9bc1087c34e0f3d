/**
 * Demo data for `fanzha serve --demo` on an empty database: the demo organisations and one account per
 * role (documented in the README, printed at start, never created in a non-demo database), and the
 * Taiwan 165 public lists imported as a demo police organisation's public claims.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessService } from '../access/access.service.ts';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { ClaimInput, ResourceType } from '../library/library.types.ts';
import type { Actor, OrgKind, Role } from '../../shared/actor.ts';
import type { ManualClock } from '../../shared/clock.ts';
import type { Collaboration } from '../cases/collaboration.module.ts';
import {
  loadDemoDetections,
  loadDemoWork,
  type DemoDetectionDeps,
  type DemoWorkSummary,
} from './demo-work.ts';
import { parseBankAccounts, parseScamSites, parseSimilarDomains, parseTelephones } from './tw165.ts';

export const DEMO_PASSWORD = 'fanzha-demo';

export const DEMO_ORGS: ReadonlyArray<{ id: string; name: string; kind: OrgKind; region?: string }> = [
  { id: 'org_tw165', name: '台湾165反诈专线 Taiwan NPA 165 (demo source)', kind: 'police', region: 'TW' },
  { id: 'org_cmcc', name: '中国移动 China Mobile (demo)', kind: 'operator' },
  { id: 'org_cucc', name: '中国联通 China Unicom (demo)', kind: 'operator' },
  { id: 'org_ctcc', name: '中国电信 China Telecom (demo)', kind: 'operator' },
  { id: 'org_tencent', name: '腾讯 Tencent (demo)', kind: 'platform' },
  { id: 'org_icbc', name: '中国工商银行 ICBC (demo)', kind: 'bank' },
  { id: 'org_registrar', name: '域名注册商 Registrar (demo)', kind: 'registrar' },
  { id: 'org_police', name: '公安反诈中心 Police liaison (demo)', kind: 'police' },
  { id: 'org_public', name: '12321 公众举报 Public reports (demo)', kind: 'public' },
];

export const DEMO_USERS: ReadonlyArray<{ username: string; orgId: string; role: Role; displayName: string }> =
  [
    { username: 'admin', orgId: 'org_platform', role: 'admin', displayName: '平台管理员 Platform admin' },
    { username: 'analyst', orgId: 'org_platform', role: 'analyst', displayName: '研判分析员 Analyst' },
    { username: 'viewer', orgId: 'org_platform', role: 'viewer', displayName: '只读用户 Viewer' },
    { username: 'reporter', orgId: 'org_public', role: 'reporter', displayName: '举报受理员 Reporter' },
    {
      username: 'operator',
      orgId: 'org_cmcc',
      role: 'analyst',
      displayName: '运营商处置员 Operator analyst',
    },
    { username: 'bank', orgId: 'org_icbc', role: 'analyst', displayName: '银行风控员 Bank analyst' },
    {
      username: 'platform',
      orgId: 'org_tencent',
      role: 'analyst',
      displayName: '平台风控员 Platform analyst',
    },
    { username: 'police', orgId: 'org_police', role: 'analyst', displayName: '公安联络员 Police liaison' },
    {
      username: 'registrar',
      orgId: 'org_registrar',
      role: 'analyst',
      displayName: '注册商处置员 Registrar analyst',
    },
  ];

/** Official domains and numbers that no block may hit (a start; analysts extend the list). */
export const DEMO_ALLOW: ReadonlyArray<{ type: ResourceType; value: string; label: string }> = [
  { type: 'domain', value: '165.npa.gov.tw', label: '165 反詐騙諮詢專線' },
  { type: 'domain', value: '12306.cn', label: '中国铁路 12306' },
  { type: 'domain', value: 'icbc.com.cn', label: '中国工商银行' },
  { type: 'domain', value: 'ccb.com', label: '中国建设银行' },
  { type: 'domain', value: 'alipay.com', label: '支付宝' },
  { type: 'domain', value: 'weixin.qq.com', label: '微信' },
  { type: 'domain', value: 'meituan.com', label: '美团' },
  { type: 'domain', value: 'gjzwfw.gov.cn', label: '国家政务服务平台' },
  { type: 'domain', value: 'amazon.com', label: 'Amazon' },
  { type: 'phone', value: '10086', label: '中国移动客服' },
  { type: 'phone', value: '95588', label: '中国工商银行客服' },
  { type: 'phone', value: '96110', label: '全国反诈预警专线' },
];

export interface DemoDeps {
  readonly access: AccessService;
  readonly library: LibraryService;
  readonly fixturesDir: string;
  /** Only the first N entries of each list (tests); all when undefined. */
  readonly sample?: number | undefined;
  /** The awareness dashboards' year of demo activity (modules/awareness/demo-activity.ts). */
  readonly awareness?: { loadDemoActivity(): Promise<number> } | undefined;
  /** The collaboration services on a given clock, to replay the demo's ten days of 协同处置 work. */
  readonly collaboration?: ((clock: ManualClock) => Collaboration) | undefined;
  readonly now?: number | undefined;
  /** The SMS and call detectors, to show campaigns and call alerts in 监测发现. */
  readonly detect?: Pick<DemoDetectionDeps, 'sms' | 'calls' | 'callRecords'> | undefined;
}

/** A demo line the library refused: which list, which value, and why. */
export interface DemoRejection {
  readonly list: string;
  readonly value: string;
  readonly field: string;
  readonly message: string;
}

export interface DemoSummary {
  readonly accepted: number;
  readonly rejected: number;
  readonly rejections: readonly DemoRejection[];
  readonly accounts: readonly string[];
  readonly work?: DemoWorkSummary | undefined;
}

export const loadDemo = async (
  deps: DemoDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<DemoSummary> => {
  const { access, library } = deps;
  for (const o of DEMO_ORGS) await access.createOrganisation(SYSTEM_ACTOR, o);
  const users = new Map<string, string>();
  for (const u of DEMO_USERS)
    users.set(u.username, (await access.createUser(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD })).id);
  const actorOf = (username: string) => `user:${users.get(username) ?? username}`;
  const analyst: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'system', role: 'admin' };
  for (const a of DEMO_ALLOW)
    await library.allow(analyst, a.type, a.value, a.label, 'official (demo allow-list)');

  const dir = join(deps.fixturesDir, 'tw165');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const take = (cs: ClaimInput[]) => (deps.sample === undefined ? cs : cs.slice(0, deps.sample));
  const lists = [
    ['GetFromGovernmentInf_Telephone.txt', parseTelephones],
    ['GetFromGovernmentInf_BankAccount.txt', parseBankAccounts],
    ['SimilarURL.txt', parseSimilarDomains],
    ['ScamSiteGetFromTaiwan165_RAW.txt', parseScamSites],
  ] as const;
  const claims: Array<ClaimInput & { list: string }> = lists.flatMap(([file, parse]) =>
    take(parse(read(file))).map((c) => ({ ...c, list: file })),
  );
  const tw165: Actor = { orgId: 'org_tw165', orgKind: 'police', actor: 'system', role: 'admin' };
  let accepted = 0;
  const rejections: DemoRejection[] = [];
  for (let i = 0; i < claims.length; i += 2000) {
    const batch = claims.slice(i, i + 2000);
    const r = await library.submitClaims(tw165, batch);
    accepted += r.accepted;
    for (const x of r.rejected) {
      const c = batch[x.index];
      rejections.push({ list: c?.list ?? '', value: c?.value ?? '', field: x.field, message: x.message });
    }
    onProgress?.(Math.min(claims.length, i + 2000), claims.length);
  }
  await deps.awareness?.loadDemoActivity();
  const work = deps.collaboration
    ? await loadDemoWork({
        build: deps.collaboration,
        analystActor: actorOf('analyst'),
        operatorActor: actorOf('operator'),
        bankActor: actorOf('bank'),
        registrarActor: actorOf('registrar'),
        now: deps.now ?? Date.now(),
      })
    : undefined;
  if (deps.detect)
    await loadDemoDetections({
      ...deps.detect,
      operatorActor: actorOf('operator'),
      now: deps.now ?? Date.now(),
    });
  return {
    work,
    accepted,
    rejected: rejections.length,
    rejections,
    accounts: DEMO_USERS.map((u) => `${u.username} / ${DEMO_PASSWORD}  (${u.role}, ${u.orgId})`),
  };
};

/** `73 lines rejected: 40 × value: an account number has 6 to 34 digits; …` — the reasons, most frequent first. */
export const summariseRejections = (rejections: readonly DemoRejection[]): string => {
  const counts = new Map<string, number>();
  for (const r of rejections) {
    const k = `${r.field}: ${r.message}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const reasons = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} × ${k}`)
    .join('; ');
  return `${rejections.length} lines rejected by validation${reasons ? `: ${reasons}` : ''}`;
};

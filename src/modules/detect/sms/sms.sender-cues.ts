/**
 * What a message says about who sent it and what it asks for, the cues that tell an operator's or a
 * bank's own message from fraud that borrows its name:
 * - legitimate: a brand in the 【signature】 whose links all go to the brand's own domains, a service
 *   number (10xxx, 95xxx, 106…, 12xxx, 400/800) in the text or as the sender, an unsubscribe line
 *   (回复TD退订, 退订回T, 拒收请回复R). These are what operators, banks and shops send every day.
 * - fraud: the mismatch or the ask. A brand named with a link to a domain the brand does not own, a
 *   QQ/WeChat/Telegram handle in a money context, a refund or compensation handled through a private
 *   mobile or a handle, a "safe account", a code to be told to someone, a police or court threat with
 *   a private contact, a boss or acquaintance on a new number asking for money, a loan that wants a
 *   fee first, a link that asks for card numbers or passwords, an app to download from a stray link.
 *
 * Neither kind of cue alone is a verdict: the classifier lets the fraud cues decide `fraud` and the
 * legitimate cues, when no fraud cue is present, keep a message out of `fraud` (detector).
 */
import type { Indicator } from '../../extract/extract.ts';
import { SMS_BRAND_DOMAINS } from './brand-domains/brand-domains.data.ts';
import { isOfficialHost as ownedBy, SHORTENERS } from './sms.features.ts';

export interface SmsCues {
  /** Why the message reads as a legitimate sender's (no fraud cue present), or undefined. */
  readonly legitimate: string | undefined;
  /** The mismatch or ask that makes it fraud, or undefined. */
  readonly fraud: string | undefined;
  /** The legitimate profile rests on the signature alone (no link, no contact): weaker evidence. */
  readonly signatureOnly: boolean;
  /** The message carries an unsubscribe line (回复TD退订 …). */
  readonly unsubscribe: boolean;
  /** Hand features for the model (`brand_own_link`, `ask_safe_account` …). */
  readonly features: readonly string[];
}

export interface BrandDirectory {
  /** A brand's key by any of its names. */
  readonly byName: ReadonlyMap<string, number>;
  /** The registrable domains (and hosts) each brand owns, by key. */
  readonly domains: ReadonlyArray<ReadonlySet<string>>;
  /** All Chinese names, longest first, for finding a brand named in the text (Latin names are words
   * of English messages too). */
  readonly pattern: RegExp;
}

/**
 * The brand directory from brand-domains.data.ts plus further brands (the protected brands of the
 * library: names and official domains). Names shorter than two characters are ignored.
 */
export const createBrandDirectory = (
  extra: ReadonlyArray<{ readonly names: readonly string[]; readonly domains: readonly string[] }> = [],
): BrandDirectory => {
  const byName = new Map<string, number>();
  const domains: Array<Set<string>> = [];
  for (const b of [...SMS_BRAND_DOMAINS, ...extra]) {
    const names = b.names.filter((n) => n.length >= 2);
    // A name already known joins its brand: both brands' domains are the brand's.
    const known = names.map((n) => byName.get(n)).find((k) => k !== undefined);
    const key = known ?? domains.push(new Set()) - 1;
    const set = domains[key] ?? new Set<string>();
    for (const d of b.domains) set.add(d.toLowerCase());
    for (const n of names) if (!byName.has(n)) byName.set(n, key);
  }
  const escaped = [...byName.keys()]
    .filter((n) => /[\u3400-\u9fff]/.test(n))
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { byName, domains, pattern: new RegExp(escaped.join('|'), 'i') };
};

// A service number where a message gives one to call or text, not an amount (价格10000). Masked
// (`详询xxxxx`), five or ten characters are a service or 400 number; a mobile has eleven.
const SERVICE_NUMBER =
  /(?:拨打|致电|电话|热线|客服|回复|发送|发|到|详询|咨询|询|号码)[^\dx，。,]{0,3}(?:1[01]\d{3}|95\d{3,4}|96\d{3}|12\d{3}|106\d{5,17}|[48]00\d{7}|x{5}(?!x)|x{10}(?!x))(?!\d|\.\d|元|块)/;
const SERVICE_SENDER = /^(?:\+?86)?(?:10\d{3,}|95\d{3,}|96\d{3}|12\d{3}|[48]00\d{7})$/;
const UNSUBSCRIBE =
  /回复?\s?(?:td|t|n|r|0000)\s?(?:退订|拒收)|退订(?:请)?回复?\s?(?:td|t|n|r)\b|拒收请回复?\s?r|退订回?(?:td|t|n|r)(?![a-z])/;
// A warning from police or a bank quotes the very asks it warns about.
const WARNING =
  /都是诈骗|均为诈骗|谨防|警惕|防骗|反诈|96110|(?:不会|绝不会|从不|不得)[^。！!]{0,10}(?:要求|索要|索取|让您|通过)/;
const SAFE_ACCOUNT = /安全账[户号]|监管账户|国家账户|清查资产|资金核查|资金审查/;
const SHARE_CODE =
  /(?<!勿|不要|切勿|别|不|勿将)(?:把|将)?(?:收到的)?验证码(?:告诉|提供给|发给|报给|转发给)(?!他人|任何人)|(?:告诉|提供给|发给|报给)(?:客服|工作人员|专员|我|我们)[^。]{0,6}验证码/;
const THREAT = /涉嫌|洗钱|通缉|逮捕|传票|冻结|犯罪|涉案|强制执行|追究|笔录/;
const IDENTITY =
  /新号|换号|新微信|手机掉|手机坏|微信被封|我是你|我是您|老同学|表哥|表姐|不方便接|开会不方便|在开会|我是[^，。,\s]{1,6}(?:领导|局长|老板|总|班主任|舅|姨|叔|办公室)|你[^，。,\s]{0,2}(?:领导|老板)/;
const AUTHORITY = /公安|检察院|法院|警官|民警|刑侦|办案|派出所|警方/;
// A request for money, not news of it ("钱转给你了" is no ask, "先转给我" is).
const MONEY_ASK =
  /帮(?:我|忙)[^，。]{0,8}(?:转|垫|付|交|打|汇)|借(?:我|点|钱)|转(?:我|给我|到这|到以下|到下面)|打到(?:这|以下)|汇(?:款|到)|先(?:转|付|交|打|垫)|垫付|垫一下|急需|周转|押金|送礼|报销|(?<!无需|不用|不|免)(?:交[^，。]{0,4}费|缴费)/;
const LOAN = /贷|借款|能借|可借|额度|放款|下款|提现|白条|备用金|信用卡/;
const LOAN_FEE = /解冻金|解冻费|保证金|验资|刷流水|流水不足|先交|先付|工本费|激活费/;
const LOAN_LURE = /免征信|不看征信|黑户|无抵押|秒批|秒到|包下卡|代办[^，。]{0,4}信用卡|停息挂账|身份证就能/;
const REFUND = /退款|理赔|赔偿|赔付|召回|注销|扣费|百万保障|兑换|清零|补运费|激活|认证|失效|异常|风险/;
const SCREEN = /会议|共享屏幕|屏幕共享|远程/;
const SERVICE_DESK = /客服|专员|售后|理赔|退款|赔/;
const CREDENTIALS = /(?:填写|输入|提供|绑定)[^。，]{0,8}(?:银行卡|卡号|身份证|密码|账号|收款信息|验证码)/;
const DOWNLOAD = /下载|安装|\bapk\b/;
// What a stray link offers when it poses as a state body, an operator or a prize draw.
const LINK_LURE = /补贴|补助|退税|退费|赔付|积分[^，。]{0,6}(?:兑换|清零)|中奖|抽中|获奖/;
const PRIZE_FEE = /(?:中奖|抽中|获奖|幸运用户)[^。]{0,40}(?:手续费|运费|保证金|税费|邮费)/;
// Published corpora mask digits as x: an 11-character run of x (or digits and x) after a
// call-me verb is a mobile, x after QQ/微信 a handle.
const MASKED_MOBILE = /(?<![a-z\d])[1x][x\d]{10}(?![a-z\d])/;
const MASKED_HANDLE = /(?:qq|微信|vx|v信|wx|威信|薇信)[:：\s号]{0,2}x{5,}/;
const LURE = /领取|额度|赚|佣金|补贴|退税|认证|激活|中签|收益|翻倍|红包/;
const HANDLE_CONTEXT =
  /兼职|佣金|返利|刷单|日结|贷|额度|退款|理赔|投资|收益|股票|导师|带单|涨停|任务|中奖|领取|红包|核查|警官|民警|客服|笔录|借|转|垫付|赚|售后|定金|保证金|回收|收购|出租|跑分|代收|代付|数据|注册|接码|信息|返点|出售|名单/;

const CJK = /[\u3400-\u9fff]/;
const serviceSender = (sender: string | undefined): boolean =>
  sender !== undefined && SERVICE_SENDER.test(sender.replace(/[\s-]/g, ''));
const NO_CUES: SmsCues = Object.freeze({
  legitimate: undefined,
  fraud: undefined,
  unsubscribe: false,
  signatureOnly: false,
  features: Object.freeze([]),
});
const SERVICE_SENDER_ONLY: SmsCues = Object.freeze({
  ...NO_CUES,
  legitimate: 'a service number and no request to act outside it',
  features: Object.freeze(['service_number']),
});

/** Hosts that anyone's message may link to without naming their owner (government portals). */
const SHARED_HOSTS = new Set(['gov.cn']);

/**
 * The cues of one message. `signature` is the normalised 【signature】; `sender` the number it came
 * from when known; `lower` the normalised, lower-cased text; `official` the configured official
 * domains (a link there is no stray link).
 */
export const smsCues = (
  lower: string,
  signature: string | undefined,
  indicators: readonly Indicator[],
  directory: BrandDirectory,
  official: ReadonlySet<string>,
  sender?: string,
): SmsCues => {
  // The cues are Chinese phrases: a message without Chinese text has only its sender to show.
  if (!CJK.test(lower)) return serviceSender(sender) ? SERVICE_SENDER_ONLY : NO_CUES;
  const features: string[] = [];
  // The brand that signs, or else the first brand the text names.
  const signed = signature === undefined ? undefined : directory.byName.get(signature);
  let brand = signed;
  let brandName = signed === undefined ? undefined : signature;
  let hosts: string[] | undefined;
  let privateMobile = false;
  let handle = false;
  let card = false;
  for (const ind of indicators) {
    // A host cut by an inserted character (`189.c😊n`) ends in a one-letter label: not a link.
    if (ind.kind === 'domain') {
      if (/\.[a-z\d-]{2,}$/.test(ind.raw.toLowerCase())) (hosts ??= []).push(ind.raw.toLowerCase());
    } else if (ind.kind === 'phone' && ind.value.startsWith('+861')) privateMobile = true;
    else if (ind.kind === 'account' && ind.platform !== 'alipay') handle = true;
    else if (ind.kind === 'bank_card') card = true;
  }
  if (!privateMobile && lower.includes('xxxxxxx')) privateMobile = MASKED_MOBILE.test(lower);
  if (!handle && lower.includes('xxxxx')) handle = MASKED_HANDLE.test(lower);
  if (brand === undefined && signature === undefined && hosts !== undefined) {
    const named = directory.pattern.exec(lower);
    if (named) {
      brandName = named[0];
      brand = directory.byName.get(named[0]) ?? directory.byName.get(signature ?? '');
    }
  }
  const owned = brand === undefined ? undefined : directory.domains[brand];
  let ownLinks = 0;
  let foreign: string | undefined;
  let stray: string | undefined;
  for (const host of hosts ?? []) {
    const isOwn = owned !== undefined && ownedBy(host, owned);
    if (isOwn) ownLinks++;
    else if (!ownedBy(host, SHARED_HOSTS) && !ownedBy(host, official)) {
      stray ??= host;
      // A shortener hides the destination: neither the brand's own link nor proof of another's.
      if (owned !== undefined && !ownedBy(host, SHORTENERS)) foreign ??= host;
    }
  }
  if (ownLinks > 0) features.push('brand_own_link');
  if (foreign !== undefined) features.push('brand_foreign_link');

  const contact = privateMobile || handle || stray !== undefined;
  let fraud: string | undefined;
  if (foreign !== undefined) {
    features.push('ask_foreign_link');
    fraud = `${brandName ?? 'a brand'} named with a link to ${foreign}, which it does not own`;
  }
  // The asks, as [feature, why] pairs; a warning that quotes them (checked only when one is found)
  // asks nothing.
  const asks: Array<readonly [string, string]> = [];
  // Each pattern runs only where it can match: a cheap test of a character or word it needs first.
  if ((lower.includes('账') || lower.includes('资')) && SAFE_ACCOUNT.test(lower))
    asks.push(['ask_safe_account', 'asks to move money to a "safe account"']);
  if (lower.includes('验证码') && SHARE_CODE.test(lower))
    asks.push(['ask_share_code', 'asks for a verification code to be told to someone']);
  if (contact && AUTHORITY.test(lower) && THREAT.test(lower))
    asks.push(['ask_authority_threat', 'police or court threat with a private contact or link']);
  if (IDENTITY.test(lower) && MONEY_ASK.test(lower))
    asks.push(['ask_acquaintance_money', 'someone on a new number or account asks for money']);
  if (LOAN.test(lower) && (LOAN_FEE.test(lower) || (contact && LOAN_LURE.test(lower))))
    asks.push(['ask_loan_fee', 'a loan or card that asks for a fee first or needs no credit check']);
  if ((contact || SCREEN.test(lower)) && SERVICE_DESK.test(lower) && REFUND.test(lower))
    asks.push(['ask_private_refund', 'a refund or compensation handled through a private contact or link']);
  if (stray !== undefined && CREDENTIALS.test(lower))
    asks.push([
      'ask_credentials_link',
      `a link to ${stray} that asks for card, identity or password details`,
    ]);
  if (stray !== undefined && LINK_LURE.test(lower))
    asks.push(['ask_lure_link', `a subsidy, refund, points or prize to claim at ${stray}`]);
  if (PRIZE_FEE.test(lower)) asks.push(['ask_prize_fee', 'a prize that asks for a fee']);
  if (stray !== undefined && DOWNLOAD.test(lower) && LURE.test(lower))
    asks.push(['ask_app_download', `an app to download from ${stray}`]);
  if (handle && HANDLE_CONTEXT.test(lower))
    asks.push(['ask_handle', 'a QQ/WeChat/Telegram handle in a money context']);
  if (asks.length > 0 && !WARNING.test(lower))
    for (const [feature, why] of asks) {
      features.push(feature);
      fraud ??= why;
    }

  const service = SERVICE_NUMBER.test(lower) || serviceSender(sender);
  if (service) features.push('service_number');
  const unsubscribe = (lower.includes('退订') || lower.includes('拒收')) && UNSUBSCRIBE.test(lower);
  if (unsubscribe) features.push('unsubscribe_line');
  let legitimate: string | undefined;
  if (fraud === undefined) {
    // Fraud signs with any brand: a signature counts when its links are the brand's own, or when the
    // message gives no link and no private contact at all (then the model may still be sure of fraud).
    if (signed !== undefined && ownLinks > 0 && stray === undefined && !handle)
      legitimate = `signed ${signature ?? ''} and links only to its own domains`;
    else if (signed !== undefined && hosts === undefined && !handle && !privateMobile && !card)
      legitimate = `signed ${signature ?? ''} with no link and no private contact`;
    else if (unsubscribe) legitimate = 'marketing with an unsubscribe line and no request to act outside it';
    else if (service && !handle) legitimate = 'a service number and no request to act outside it';
  }
  const signatureOnly =
    legitimate !== undefined && ownLinks === 0 && signed !== undefined && !unsubscribe && !service;
  return { legitimate, fraud, unsubscribe, signatureOnly, features };
};

/**
 * Internet accounts → `platform:id`. People write them many ways (`QQ 123456`, `微信：abc_123`, `tg:@name`,
 * `https://t.me/name`, `wa.me/8613…`); each platform's own id rules decide what is a valid id and whether
 * case matters.
 */
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth } from './chars.ts';
import { normalizePhone } from './phone.ts';

export const ACCOUNT_PLATFORMS = [
  'qq',
  'wechat',
  'telegram',
  'alipay',
  'douyin',
  'weibo',
  'whatsapp',
  'line',
  'skype',
  'facebook',
  'other',
] as const;
export type AccountPlatform = (typeof ACCOUNT_PLATFORMS)[number];

/** Names people use for each platform, lower-case. */
const ALIASES: ReadonlyMap<string, AccountPlatform> = new Map(
  (
    [
      ['qq', 'qq qq号 扣扣'],
      ['wechat', 'wechat weixin wx vx v 微信 微信号 威信 薇信'],
      ['telegram', 'telegram tg 电报 飞机 纸飞机'],
      ['alipay', 'alipay zfb 支付宝'],
      ['douyin', 'douyin dy 抖音 抖音号'],
      ['weibo', 'weibo 微博'],
      ['whatsapp', 'whatsapp wa'],
      ['line', 'line'],
      ['skype', 'skype'],
      ['facebook', 'facebook fb'],
      ['other', 'other'],
    ] as const
  ).flatMap(([platform, names]) => names.split(' ').map((n): [string, AccountPlatform] => [n, platform])),
);

export const platformOf = (name: string): AccountPlatform | undefined => ALIASES.get(name.toLowerCase());

type IdCheck = (id: string, defaultCountry: string) => string | undefined;

const phoneId: IdCheck = (id, defaultCountry) => {
  const phone = normalizePhone(id, defaultCountry);
  return phone.ok ? phone.value.normalized : undefined;
};
const lower =
  (pattern: RegExp): IdCheck =>
  (id) =>
    pattern.test(id) ? id.toLowerCase() : undefined;

/** Each platform's id rules; the returned id is the canonical one (case folded where the platform ignores case). */
const ID_RULES: Record<AccountPlatform, IdCheck> = {
  qq: (id) => (/^[1-9]\d{4,10}$/.test(id) ? id : undefined),
  // WeChat ids: 6–20 characters, a letter first, then letters, digits, `_` or `-`; `wxid_…` are internal ids.
  wechat: (id, c) => lower(/^[a-zA-Z][a-zA-Z0-9_-]{5,19}$|^wxid_[a-z0-9]{6,30}$/)(id, c) ?? phoneId(id, c),
  telegram: (id) => {
    const name = id.replace(/^@/, '');
    if (/^[a-zA-Z][a-zA-Z0-9_]{3,31}$/.test(name)) return name.toLowerCase();
    return /^\d{5,15}$/.test(name) ? name : undefined;
  },
  alipay: (id, c) => {
    if (/^2088\d{12}$/.test(id)) return id;
    if (/^[^\s@]{1,64}@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(id)) return id.toLowerCase();
    return phoneId(id, c);
  },
  douyin: lower(/^[a-zA-Z0-9_.]{2,30}$/),
  weibo: (id) => (/^\d{5,12}$/.test(id) ? id : /^[\p{L}\p{N}_-]{2,30}$/u.test(id) ? id : undefined),
  whatsapp: phoneId,
  line: lower(/^[a-zA-Z0-9._-]{4,20}$/),
  skype: (id) => (/^(?:live:)?[a-zA-Z][a-zA-Z0-9.,_-]{5,31}$/.test(id) ? id.toLowerCase() : undefined),
  facebook: (id) =>
    /^\d{5,20}$/.test(id) ? id : /^[a-zA-Z0-9.]{5,50}$/.test(id) ? id.toLowerCase() : undefined,
  other: (id) => (/^\S{1,128}$/.test(id) ? id : undefined),
};

/** Profile links that name the account. */
const LINKS: ReadonlyArray<readonly [RegExp, AccountPlatform]> = [
  [/^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/(?:s\/)?([^/?#\s]+)\/?$/i, 'telegram'],
  [/^(?:https?:\/\/)?(?:wa\.me\/|api\.whatsapp\.com\/send\/?\?phone=)(\+?\d+)\/?$/i, 'whatsapp'],
  [/^(?:https?:\/\/)?(?:www\.|m\.)?facebook\.com\/(?:profile\.php\?id=)?([^/?#\s]+)\/?$/i, 'facebook'],
  [/^(?:https?:\/\/)?(?:www\.)?weibo\.com\/(?:u\/)?([^/?#\s]+)\/?$/i, 'weibo'],
  [/^(?:https?:\/\/)?(?:www\.)?line\.me\/ti\/p\/~?([^/?#\s]+)\/?$/i, 'line'],
];

const problem = (message: string): ValueProblem => ({ type: 'account', message });

/** The platform and raw id in the text, before the platform's own rules run. */
export const splitAccount = (raw: string): { platform: AccountPlatform; id: string } | undefined => {
  const text = foldWidth(raw.trim());
  for (const [pattern, platform] of LINKS) {
    const m = pattern.exec(text);
    // wa.me links always carry the full international number, without its `+`.
    if (m?.[1]) return { platform, id: platform === 'whatsapp' && !m[1].startsWith('+') ? `+${m[1]}` : m[1] };
  }
  const qqMail = /^([1-9]\d{4,10})@qq\.com$/i.exec(text);
  if (qqMail?.[1]) return { platform: 'qq', id: qqMail[1] };
  const labelled = /^([a-zA-Z]+号?|[\u4e00-\u9fff]{1,4}号?)\s*[:：]?\s*(\S.*)$/u.exec(text);
  if (!labelled?.[1] || labelled[2] === undefined) return undefined;
  const platform = platformOf(labelled[1]);
  if (!platform) return undefined;
  // A bare word with no separator (`wxabc`) is not a label; require `:` or a space after the platform name.
  const separated = /[:：\s]/.test(text.slice(labelled[1].length, labelled[1].length + 1));
  return separated || /[\u4e00-\u9fff]$/.test(labelled[1]) ? { platform, id: labelled[2].trim() } : undefined;
};

export const normalizeAccount = (
  raw: string,
  defaultCountry = 'CN',
): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > 512) return err(problem('too long for an account'));
  const split = splitAccount(raw);
  if (!split)
    return err(problem(`an account is platform:id with platform one of ${ACCOUNT_PLATFORMS.join(', ')}`));
  const id = ID_RULES[split.platform](split.id, defaultCountry);
  if (id === undefined) return err(problem(`not a valid ${split.platform} id`));
  const normalized = `${split.platform}:${id}`;
  return ok({
    type: 'account',
    normalized,
    display: normalized,
    attributes: { platform: split.platform, accountId: id },
  });
};

/**
 * What page analysis looks for, as data: the personal data a phishing form asks for (Chinese and
 * English field names and labels), the weights of each kind, and the verdict thresholds.
 */
export const PAGE_DETECTOR_ID = 'page';
export const PAGE_DETECTOR_VERSION = '1.0.0';

export const SENSITIVE_FIELDS = [
  {
    kind: 'idNumber',
    weight: 0.35,
    pattern: /身份证|证件号|idcard|id_card|id-card|idno|id_no|identity|sfz|shenfenzheng|certno|cert_no|zjhm/,
  },
  {
    kind: 'bankCard',
    weight: 0.3,
    pattern:
      /银行卡|卡号|储蓄卡|信用卡|bankcard|bank_card|cardno|card_no|cardnum|card_num|card-number|cc-number|acctno|account_no|yhk|kahao/,
  },
  { kind: 'cvv', weight: 0.35, pattern: /cvv|cvn|cvc|安全码|卡背|背面.{0,4}[三3]位|csc|cc-csc/ },
  { kind: 'expiry', weight: 0.1, pattern: /有效期|expir|exp_date|expdate|cc-exp|mm\s*\/\s*yy/ },
  {
    kind: 'smsCode',
    weight: 0.3,
    pattern:
      /验证码|短信码|动态码|校验码|smscode|sms_code|verifycode|verify_code|vcode|(?:^|[^a-z])otp(?:[^a-z]|$)|yzm|one-time-code/,
  },
  {
    kind: 'paymentPin',
    weight: 0.35,
    pattern:
      /取款密码|支付密码|交易密码|查询密码|(?:^|[^a-z])(?:atm|pin)(?:[^a-z]|$)|paypwd|pay_pwd|tradepwd/,
  },
  { kind: 'password', weight: 0.2, pattern: /密码|password|passwd|pwd|current-password/ },
  {
    kind: 'fullName',
    weight: 0.05,
    pattern: /姓名|真实姓名|持卡人|realname|real_name|fullname|cardholder|cc-name/,
  },
  { kind: 'phone', weight: 0.05, pattern: /手机|电话|phone|mobile|tel/ },
  { kind: 'balance', weight: 0.2, pattern: /余额|可用额度|balance|credit_limit/ },
] as const;
export type SensitiveKind = (typeof SENSITIVE_FIELDS)[number]['kind'];

export const PAGE_WEIGHTS = {
  /** Where a brand name is found: a title or logo claims the page; a body mention only mentions it. */
  brandInTitle: 3,
  brandInLogo: 3,
  brandInMeta: 2,
  brandInText: 1,
  brandTextCap: 3,
  /** Evidence needed before a page is taken to present itself as the brand. */
  brandClaimed: 3,
} as const;

export const PAGE_THRESHOLDS = {
  /** Sensitive-field weight that, on a page claiming a brand it is not hosted by, makes it phishing. */
  sensitiveWithBrand: 0.25,
  /** Sensitive-field weight that, with obfuscation or hidden frames and no brand, is suspicious. */
  sensitiveAlone: 0.6,
  malicious: 0.8,
  suspicious: 0.5,
} as const;

/** Script patterns that hide what a page does. */
export const OBFUSCATION_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['eval()', /\beval\s*\(/],
  ['atob()', /\batob\s*\(/],
  ['unescape()', /\bunescape\s*\(/],
  ['String.fromCharCode', /String\.fromCharCode\s*\(/],
  ['long hex string', /(?:\\x[0-9a-f]{2}){40,}|[0-9a-f]{200,}/i],
  ['long base64 string', /[A-Za-z0-9+/]{300,}={0,2}/],
  ['document.write of decoded text', /document\.write\s*\(\s*(unescape|atob|decodeURIComponent)/],
];

/**
 * Keyword rules that give English smishing messages a fraud type from the taxonomy, so the fraud-type
 * model also learns English. Rules are data: first match wins, ordered from specific to general.
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(police|court|irs|hmrc|tax refund|tax|government|covid|stimulus|fine|warrant|customs|dmv|toll)\b/i,
    'impersonate_authority',
  ],
  [/\b(loan|credit card|credit limit|debt|approved for|pre-?approved|cash advance)\b/i, 'loan_credit_card'],
  [/\b(credit score|credit report)\b/i, 'fake_credit_report'],
  [/\b(invest|crypto|bitcoin|btc|trading|profit|forex|stock)\b/i, 'fake_investment'],
  [/\b(job|hiring|part[- ]time|work from home|earn \$?\d+|commission)\b/i, 'task_rebate'],
  [
    /\b(parcel|package|delivery|shipment|courier|usps|fedex|dhl|royal mail|amazon|order|refund|kyc|account|bank|paypal|netflix|apple id|verify|suspended|locked)\b/i,
    'fake_customer_service',
  ],
  [/\b(date|dating|lonely|single|sexy|chat with|meet)\b/i, 'romance_pig_butchering'],
  [/\b(game|gaming|skins?|v-?bucks|steam)\b/i, 'game_trade'],
  [/\b(mum|mom|dad|son|daughter|new number|boss)\b/i, 'impersonate_acquaintance'],
  [
    /\b(prize|won|winner|win|award|reward|claim|free|voucher|gift|ringtone|tone|mobile|camera|holiday|cash)\b/i,
    'fake_shopping_service',
  ],
];

export const englishFraudType = (text: string): string | undefined => {
  for (const [re, code] of RULES) if (re.test(text)) return code;
  return undefined;
};

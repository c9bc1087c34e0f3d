/**
 * SMS-before-delivery and payee-check decisions (短信拦截, 转账止付 / confirmation of payee). Pure: the
 * library's standing of each value and the classifier's verdict are inputs; the rules are data.
 */
import type { ResourceType, Verdict } from '../library/library.types.ts';

/** The library's answer about one value seen in a message or transfer. */
export interface ValueStanding {
  readonly type: ResourceType;
  /** What the caller sent (a URL as written, an account number) — echoed in reasons. */
  readonly value: string;
  readonly verdict: Verdict;
  readonly fraudType: string | null;
  /** Where the value appeared: `sender`, `text`, `payee`. */
  readonly role: string;
}

export type SmsAction = 'deliver' | 'warn' | 'block';

/** The SMS engine's verdict on the text (behind a small interface so the edge does not depend on its model). */
export interface TextVerdict {
  readonly verdict: 'normal' | 'spam' | 'fraud';
  readonly score: number;
  readonly fraudType?: string | undefined;
}

export interface SmsRules {
  /** The classifier alone blocks at or above this score when it says fraud; below, it warns. */
  readonly classifierBlockScore: number;
  /** A listed value's verdict → action. */
  readonly byVerdict: Readonly<Record<Verdict, SmsAction>>;
}

export const SMS_RULES: SmsRules = {
  classifierBlockScore: 0.97,
  byVerdict: { fraud: 'block', suspicious: 'warn', allowed: 'deliver', unknown: 'deliver' },
};

export interface EdgeDecision<A extends string> {
  readonly action: A;
  readonly fraudType?: string;
  readonly reasons: string[];
}

const ORDER: Readonly<Record<string, number>> = { deliver: 0, allow: 0, warn: 1, block: 2, hold: 2 };

const describe = (s: ValueStanding): string =>
  `${s.role} ${s.type} ${s.value} is ${s.verdict}${s.fraudType ? ` (${s.fraudType})` : ''}`;

/**
 * Gravest of: each listed value's action, and the classifier's. An allow-listed sender (a bank's
 * short code) does not excuse a fraud URL in the text: allow applies to the value it names only.
 */
export const decideSms = (
  values: readonly ValueStanding[],
  text: TextVerdict | undefined,
  rules = SMS_RULES,
): EdgeDecision<SmsAction> => {
  let action: SmsAction = 'deliver';
  let fraudType: string | undefined;
  const reasons: string[] = [];
  const raise = (a: SmsAction, why: string, type: string | null | undefined): void => {
    if (a === 'deliver') return;
    reasons.push(why);
    if ((ORDER[a] ?? 0) > (ORDER[action] ?? 0)) {
      action = a;
      fraudType = type ?? fraudType;
    } else if (!fraudType && type) fraudType = type;
  };
  for (const s of values) raise(rules.byVerdict[s.verdict], describe(s), s.fraudType);
  if (text && text.verdict === 'fraud') {
    raise(
      text.score >= rules.classifierBlockScore ? 'block' : 'warn',
      `text classified as fraud (score ${text.score.toFixed(2)})`,
      text.fraudType,
    );
  }
  return { action, ...(fraudType ? { fraudType } : {}), reasons };
};

export type PayeeAction = 'allow' | 'warn' | 'hold';

export interface PayeeRules {
  readonly byVerdict: Readonly<Record<Verdict, PayeeAction>>;
  /** Amounts (in yuan) at or above which a `warn` becomes a `hold`: the bank calls the payer first. */
  readonly holdWarnedAbove: number;
  /** Channels where the payer cannot be warned on screen (so a warning must hold instead). */
  readonly unattendedChannels: readonly string[];
}

export const PAYEE_RULES: PayeeRules = {
  byVerdict: { fraud: 'hold', suspicious: 'warn', allowed: 'allow', unknown: 'allow' },
  holdWarnedAbove: 50_000,
  unattendedChannels: ['api', 'standing_order'],
};

export interface PayeeFacts {
  readonly amount: number;
  readonly channel: string;
  /** The institution the payer named, and the one the library knows for the account, when both exist. */
  readonly namedInstitution?: string | undefined;
  readonly knownInstitution?: string | undefined;
  /** On the joint-punishment list (信用惩戒), when that list is wired in. */
  readonly creditListed?: boolean | undefined;
  /** The transaction stream's mule verdict on the payee: score and the patterns (with chains) behind it. */
  readonly mule?:
    | { readonly score: number; readonly reasons: ReadonlyArray<{ pattern: string; message: string }> }
    | undefined;
}

/** A payee the mule model scores at or above this is held; above the model's threshold, warned. */
export const MULE_HOLD_SCORE = 0.9;

export const decidePayee = (
  payee: ValueStanding,
  related: readonly ValueStanding[],
  facts: PayeeFacts,
  rules = PAYEE_RULES,
): EdgeDecision<PayeeAction> => {
  const state: { action: PayeeAction } = { action: 'allow' };
  let fraudType: string | undefined;
  const reasons: string[] = [];
  const raise = (a: PayeeAction, why: string, type?: string | null): void => {
    if (a === 'allow') return;
    reasons.push(why);
    if ((ORDER[a] ?? 0) > (ORDER[state.action] ?? 0)) state.action = a;
    fraudType ??= type ?? undefined;
  };
  raise(rules.byVerdict[payee.verdict], describe(payee), payee.fraudType);
  // Values linked to the payee (its phone, the mule's device) can only warn: they are indirect evidence.
  for (const r of related)
    if (r.verdict === 'fraud' || r.verdict === 'suspicious') raise('warn', describe(r), r.fraudType);
  if (facts.creditListed) raise('hold', 'payee is on the joint-punishment list (信用惩戒)');
  if (facts.mule)
    raise(
      facts.mule.score >= MULE_HOLD_SCORE ? 'hold' : 'warn',
      `payee looks like a mule account (score ${facts.mule.score}): ${facts.mule.reasons.map((r) => r.message).join('; ')}`,
    );
  if (facts.namedInstitution && facts.knownInstitution && facts.namedInstitution !== facts.knownInstitution) {
    raise('warn', `account belongs to ${facts.knownInstitution}, not ${facts.namedInstitution}`);
  }
  if (
    state.action === 'warn' &&
    (facts.amount >= rules.holdWarnedAbove || rules.unattendedChannels.includes(facts.channel))
  ) {
    state.action = 'hold';
    reasons.push(
      facts.amount >= rules.holdWarnedAbove
        ? `amount ${facts.amount} at or above ${rules.holdWarnedAbove} with a warning`
        : `channel ${facts.channel} cannot show a warning`,
    );
  }
  return { action: state.action, ...(fraudType ? { fraudType } : {}), reasons };
};

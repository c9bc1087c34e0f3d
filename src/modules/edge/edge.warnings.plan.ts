/** Pure planning of warnings: which rule applies, the dedup key, and the retry schedule. */
import type { WarningPolicy, WarningRule } from './edge.warnings.rules.ts';

export const WARNING_TRIGGERS = ['call', 'sms', 'talked_to_fraud', 'transfer'] as const;
export type WarningTrigger = (typeof WARNING_TRIGGERS)[number];

export interface WarningInput {
  readonly subscriber: string;
  readonly channel: WarningTrigger;
  readonly verdict: 'suspicious' | 'fraud';
  readonly counterpart?: string | undefined;
  readonly fraudType?: string | undefined;
  readonly group?: string | undefined;
  readonly reason: string;
}

export const ruleFor = (policy: WarningPolicy, group: string | undefined): WarningRule => {
  const fallback = policy.rules.find((r) => r.group === 'general') ?? policy.rules[0];
  if (!fallback) throw new Error('warning policy has no rules');
  return policy.rules.find((r) => r.group === group) ?? fallback;
};

/**
 * Whether this group is warned about this event. Confirmed fraud always warns; a suspicious one warns
 * when the rule does not narrow the types or the type is among those the group is targeted with.
 */
export const targets = (rule: WarningRule, w: WarningInput): boolean =>
  w.verdict === 'fraud' ||
  rule.fraudTypes.length === 0 ||
  (w.fraudType !== undefined && rule.fraudTypes.includes(w.fraudType));

/** Events for the same subscriber, counterpart and trigger in one window share a key (the table's unique key). */
export const dedupKey = (policy: WarningPolicy, w: WarningInput, observedAt: number): string =>
  [w.subscriber, w.channel, w.counterpart ?? '', Math.floor(observedAt / policy.dedupWindowMs)].join('|');

/** When the next attempt is due after `attempts` failures, or undefined when the warning has failed for good. */
export const nextAttemptAt = (policy: WarningPolicy, attempts: number, now: number): number | undefined =>
  attempts >= policy.maxAttempts ? undefined : now + policy.retryBaseMs * 2 ** Math.max(0, attempts - 1);

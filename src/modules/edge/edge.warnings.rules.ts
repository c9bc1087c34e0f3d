/**
 * Targeting rules for warnings to users (用户防诈骗智能提醒), as data: which groups hear about what,
 * through which channels, how often at most. Groups come from the operator (it knows its subscribers'
 * ages and student plans); `general` covers everyone else.
 */
export const DELIVERY_CHANNELS = ['sms', 'callback', 'app_push'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export interface WarningRule {
  readonly group: string;
  /** Channels the operator's messaging system should use, in order of preference. */
  readonly deliveries: readonly DeliveryChannel[];
  /** Warnings per subscriber per rolling window (more are recorded as suppressed, not sent). */
  readonly maxPerWindow: number;
  /** Fraud types this group is warned about even when only suspicious; empty = all types. */
  readonly fraudTypes: readonly string[];
}

export interface WarningPolicy {
  readonly rules: readonly WarningRule[];
  /** Same subscriber, counterpart and trigger within this window → one warning. */
  readonly dedupWindowMs: number;
  /** The rolling window the per-subscriber limit counts in. */
  readonly rateWindowMs: number;
  /** Outbox retries: delay before attempt n is base·2^(n-1), up to maxAttempts, then `failed`. */
  readonly retryBaseMs: number;
  readonly maxAttempts: number;
}

export const WARNING_POLICY: WarningPolicy = {
  rules: [
    // The elderly are called back by a person: an SMS is easy to ignore for those most often targeted by
    // impersonation of authorities and fake health products.
    { group: 'elderly', deliveries: ['callback', 'sms'], maxPerWindow: 3, fraudTypes: [] },
    // Students: rebate tasks, game trading and fake credit records are the common lures; the app reaches them.
    {
      group: 'student',
      deliveries: ['app_push', 'sms'],
      maxPerWindow: 5,
      fraudTypes: ['task_rebate', 'game_trade', 'fake_credit_report', 'loan_credit_card'],
    },
    { group: 'general', deliveries: ['sms'], maxPerWindow: 3, fraudTypes: [] },
  ],
  dedupWindowMs: 60 * 60 * 1000,
  rateWindowMs: 24 * 60 * 60 * 1000,
  retryBaseMs: 1000,
  maxAttempts: 8,
};

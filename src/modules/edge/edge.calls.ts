/**
 * The call-set-up decision (来电拦截 / 来电预警): what a SIP proxy should do with one INVITE, from the
 * library's verdicts on the caller and the callee. Pure: the lookups are passed in, the rules are data,
 * and the answer is one short line a proxy can split on `;` without a JSON parser.
 */
import type { Verdict } from '../library/library.types.ts';

export type CallAction = 'block' | 'warn' | 'pass';
export type CallParty = 'caller' | 'callee';

/** What the library says about one party (the hot index's answer, already audience-filtered). */
export interface PartyStanding {
  readonly verdict: Verdict;
  readonly fraudType: string | null;
}

/**
 * Which action each party's verdict calls for. A fraud caller is declined; a suspicious one is relayed
 * with a warning the terminating side shows on screen. A call *to* a fraud number (a victim calling a
 * lure back) is declined too; a suspicious callee is let through because warning the caller about the
 * number they chose to dial helps little and the callee is not our subscriber to protect.
 */
export const CALL_RULES: Readonly<Record<CallParty, Readonly<Record<Verdict, CallAction>>>> = {
  caller: { fraud: 'block', suspicious: 'warn', allowed: 'pass', unknown: 'pass' },
  callee: { fraud: 'block', suspicious: 'pass', allowed: 'pass', unknown: 'pass' },
};

const RANK: Readonly<Record<CallAction, number>> = { block: 2, warn: 1, pass: 0 };

export interface CallDecision {
  readonly action: CallAction;
  /** The party whose standing decided it (absent for `pass`). */
  readonly party?: CallParty;
  readonly fraudType?: string;
}

/** The gravest action either party calls for; the caller leads on a tie (it is the usual fraudster). */
export const decideCall = (
  caller: PartyStanding | undefined,
  callee: PartyStanding | undefined,
  rules = CALL_RULES,
): CallDecision => {
  let best: CallDecision = { action: 'pass' };
  const consider = (party: CallParty, s: PartyStanding | undefined): void => {
    if (!s) return;
    const action = rules[party][s.verdict];
    if (RANK[action] > RANK[best.action])
      best = { action, party, ...(s.fraudType ? { fraudType: s.fraudType } : {}) };
  };
  consider('caller', caller);
  consider('callee', callee);
  return best;
};

/**
 * One line for the proxy: `block;type=<code>;party=caller`, `warn;…` or `pass`. Only codes from the
 * taxonomy and fixed words appear, so the line is safe to copy into a SIP header.
 */
export const callAnswerLine = (d: CallDecision): string => {
  if (d.action === 'pass') return 'pass';
  return `${d.action};type=${d.fraudType ?? 'unspecified'};party=${d.party ?? 'caller'}`;
};

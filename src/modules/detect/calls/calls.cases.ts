/**
 * Which call alerts open cases, and how: per detector, the score at
 * which an alert opens or updates a case, the case's severity and the work order's action, as data
 * checked by a schema. 实名不实人 (`calls.identity-mismatch`) sends the subscriber to re-verification:
 * its rule is marked `noShutdown`, which the schema check and the cases service both enforce.
 * Pure: an alert and a policy in, a case request (or nothing) out.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { invalidInput } from '../../../shared/errors.ts';
import { SEVERITIES, WORK_ORDER_ACTIONS } from '../../cases/cases.types.ts';
import type { DetectorCaseInput, DetectorCaseResult } from '../../cases/detector-cases.service.ts';
import { SHUTDOWN_ACTIONS } from '../../cases/detector-cases.service.ts';
import type { Actor } from '../../../shared/actor.ts';
import { alertToLibrary } from './calls.claims.ts';
import type { CallAlert } from './engine.types.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const CaseRuleSchema = Type.Object({
  /** An alert opens or updates a case when its score is at least this. */
  openAtScore: Type.Number({ minimum: 0, maximum: 1 }),
  severity: literals(SEVERITIES),
  action: literals(WORK_ORDER_ACTIONS),
  noShutdown: Type.Boolean(),
  /** How the case is titled, before the subject: `SIM-box / GOIP device`. */
  label: Type.String({ minLength: 1 }),
});
export type CaseRule = Static<typeof CaseRuleSchema>;

export const CasePolicySchema = Type.Record(Type.String({ pattern: '^calls\\.[a-z-]+$' }), CaseRuleSchema);
export type CasePolicy = Static<typeof CasePolicySchema>;

/**
 * Defaults. Fraud numbers and SIM-boxes are suspended on the operator's decision (high: 6 h); 实名不实人
 * is re-verified, never shut down; a 踢网 action already happened in the engine, so its case tells the
 * subscriber how to appeal (warn_user); IoT misuse and Wangiri lures are suspended at medium severity.
 */
export const DEFAULT_CASE_POLICY: CasePolicy = {
  'calls.fraud-number': {
    openAtScore: 0.5,
    severity: 'high',
    action: 'suspend_number',
    noShutdown: false,
    label: 'Fraud number',
  },
  'calls.simbox': {
    openAtScore: 0.5,
    severity: 'high',
    action: 'suspend_number',
    noShutdown: false,
    label: 'SIM-box / GOIP device',
  },
  'calls.identity-mismatch': {
    openAtScore: 0.5,
    severity: 'medium',
    action: 'reverify_subscriber',
    noShutdown: true,
    label: '实名不实人: re-verify the subscriber',
  },
  'calls.key-region': {
    openAtScore: 0.5,
    severity: 'medium',
    action: 'warn_user',
    noShutdown: false,
    label: '踢网: number entered a key region unregistered',
  },
  'calls.iot-misuse': {
    openAtScore: 0.5,
    severity: 'medium',
    action: 'suspend_number',
    noShutdown: false,
    label: 'IoT card misuse',
  },
  'calls.wangiri': {
    openAtScore: 0.5,
    severity: 'medium',
    action: 'suspend_number',
    noShutdown: false,
    label: 'Wangiri one-ring lure',
  },
};

/** Parses a policy from outside (a file, a config); a noShutdown rule with a shutdown action is refused. */
export const parseCasePolicy = (value: unknown): CasePolicy => {
  if (!Value.Check(CasePolicySchema, value)) {
    const e = Value.Errors(CasePolicySchema, value).First();
    throw invalidInput(
      `casePolicy${e?.path.replaceAll('/', '.') ?? ''}`,
      e?.message ?? 'invalid case policy',
    );
  }
  for (const [detector, rule] of Object.entries(value))
    if (rule.noShutdown && SHUTDOWN_ACTIONS.includes(rule.action))
      throw invalidInput(`casePolicy.${detector}.action`, `${detector} must not lead to ${rule.action}`);
  return value;
};

/** The detector id without its version: `calls.simbox@1.0.0` → `calls.simbox`. */
const detectorId = (detector: string): { id: string; version: string } => {
  const at = detector.indexOf('@');
  return at < 0
    ? { id: detector, version: '0' }
    : { id: detector.slice(0, at), version: detector.slice(at + 1) };
};

/** The case an alert asks for, or undefined (no rule for its detector, a normal verdict, or below threshold). */
export const caseRequestOf = (a: CallAlert, policy: CasePolicy): DetectorCaseInput | undefined => {
  const { id, version } = detectorId(a.detector);
  const rule = policy[id];
  if (!rule || a.verdict === 'normal' || a.score < rule.openAtScore) return undefined;
  const claim = alertToLibrary(a).claims[0];
  if (!claim) return undefined;
  return {
    detector: id,
    detectorVersion: version,
    subject: { type: claim.type, value: claim.value },
    title: `${rule.label}: ${a.subject}`,
    severity: rule.severity,
    fraudType: null,
    action: rule.action,
    noShutdown: rule.noShutdown,
    alert: {
      detector: a.detector,
      verdict: a.verdict,
      score: a.score,
      reasons: a.reasons,
      window: a.window,
      engineAction: a.action,
      at: a.at,
      ...(a.related ? { related: a.related } : {}),
    },
  };
};

/** The port the calls service needs from the cases capability (implemented by detector-cases.service.ts). */
export interface AlertCaseSink {
  openOrUpdate(actor: Actor, input: DetectorCaseInput): Promise<DetectorCaseResult>;
}

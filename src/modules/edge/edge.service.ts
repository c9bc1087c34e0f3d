/**
 * The edge checks: call set-up, SMS before delivery and payee checks, answered from the hot
 * index in process. This file does the lookups; the decisions are the pure functions in edge.calls.ts
 * and edge.checks.ts. Findings that should warn a subscriber go to the warning sink (edge.warnings.ts).
 */
import { extractIndicators, resourceTypeOf } from '../extract/extract.ts';
import type { ResourceType } from '../library/library.types.ts';
import { normalizeValue, type NormalizeContext } from '../library/normalize/index.ts';
import type { LookupsService } from '../lookups/lookups.service.ts';
import { callAnswerLine, decideCall, type CallDecision, type PartyStanding } from './edge.calls.ts';
import {
  decidePayee,
  decideSms,
  type EdgeDecision,
  type PayeeAction,
  type PayeeFacts,
  type SmsAction,
  type TextVerdict,
  type ValueStanding,
} from './edge.checks.ts';
import type { WarningInput } from './edge.warnings.ts';

/** The SMS engine seen from the edge: text in, verdict out (models/sms behind it when it is loaded). */
export interface TextClassifier {
  readonly version: string;
  /** `sender`: the number the message came from (the classifier weighs a service port as such). */
  classify(input: { text: string; sender?: string }): TextVerdict;
}

export interface EdgeDeps {
  readonly lookups: LookupsService;
  readonly normalize: NormalizeContext;
  readonly classifier?: TextClassifier | undefined;
  /** Receives warning events; must not block (the warnings service queues in memory). */
  readonly warn?: ((w: WarningInput) => void) | undefined;
  /** The transaction stream's mule verdict on a payee account, from memory; must not block. */
  readonly mules?: ((account: string, institution?: string) => PayeeFacts['mule']) | undefined;
  /** Receives blocked messages for campaign mining; must not block. */
  readonly blockedSms?:
    | ((m: { sender: string; receiver: string; text: string; fraudType?: string | undefined }) => void)
    | undefined;
}

export interface SmsCheck {
  readonly sender: string;
  readonly receiver: string;
  readonly text: string;
  readonly group?: string | undefined;
}

export interface PayeeCheck {
  readonly payer: string;
  readonly payee: {
    readonly account: string;
    readonly institution?: string | undefined;
    readonly phone?: string | undefined;
    /** The holder's ID number or company code, for the joint-punishment list (checked by the caller). */
    readonly holder?: string | undefined;
  };
  readonly amount: number;
  readonly channel: string;
}

const MAX_TEXT_INDICATORS = 20;

export const createEdgeService = (deps: EdgeDeps) => {
  const { lookups, normalize } = deps;

  /** One probe of the hot index for a phone number as a SIP user part or an SMS sender carries it. */
  const phoneStanding = (raw: string, viewer: string | undefined): PartyStanding | undefined => {
    const n = normalizeValue('phone', raw, normalize);
    if (!n.ok) return undefined;
    return lookups.memberStanding('phone', n.value.normalized, viewer);
  };

  const standingOf = (
    type: ResourceType,
    raw: string,
    role: string,
    viewer: string | undefined,
  ): ValueStanding | undefined => {
    const r = lookups.lookupRaw(raw, type, 'members', viewer);
    if ('error' in r) return undefined;
    return { type, value: raw, verdict: r.verdict, fraudType: r.fraudType ?? null, role };
  };

  return {
    /**
     * `viewer`: the organisation whose proxy asks (its edge key's); its local overrides decide its own
     * answers and nobody else's. Absent, the national answer.
     */
    checkCall(
      from: string,
      to: string,
      group?: string,
      viewer?: string,
    ): { decision: CallDecision; line: string } {
      const decision = decideCall(phoneStanding(from, viewer), phoneStanding(to, viewer));
      if (decision.action === 'warn' && deps.warn) {
        deps.warn({
          subscriber: to,
          channel: 'call',
          verdict: 'suspicious',
          counterpart: from,
          fraudType: decision.fraudType,
          group,
          reason: 'incoming call from a suspicious number',
        });
      }
      return { decision, line: callAnswerLine(decision) };
    },

    /** After an answered call: a subscriber who just talked to a fraud number is warned (call-back, SMS). */
    completedCall(caller: string, callee: string, group?: string, viewer?: string): boolean {
      const s = phoneStanding(caller, viewer);
      if (s?.verdict !== 'fraud' || !deps.warn) return false;
      deps.warn({
        subscriber: callee,
        channel: 'talked_to_fraud',
        verdict: 'fraud',
        counterpart: caller,
        fraudType: s.fraudType ?? undefined,
        group,
        reason: 'talked to a confirmed fraud number',
      });
      return true;
    },

    checkSms(m: SmsCheck, viewer?: string): EdgeDecision<SmsAction> & { classifier?: string } {
      const values: ValueStanding[] = [];
      const sender = standingOf('phone', m.sender, 'sender', viewer);
      if (sender) values.push(sender);
      for (const ind of extractIndicators(m.text).slice(0, MAX_TEXT_INDICATORS)) {
        const type = resourceTypeOf(ind.kind);
        if (!type) continue;
        const s = standingOf(type, ind.kind === 'url' ? ind.raw : ind.value, 'text', viewer);
        if (s) values.push(s);
      }
      const text = deps.classifier?.classify({ text: m.text, sender: m.sender });
      const d = decideSms(values, text, undefined);
      if (d.action === 'warn' && deps.warn) {
        deps.warn({
          subscriber: m.receiver,
          channel: 'sms',
          verdict: 'suspicious',
          counterpart: m.sender,
          fraudType: d.fraudType,
          group: m.group,
          reason: d.reasons[0] ?? 'suspicious message',
        });
      }
      if (d.action === 'block' && deps.blockedSms)
        deps.blockedSms({ sender: m.sender, receiver: m.receiver, text: m.text, fraudType: d.fraudType });
      return deps.classifier ? { ...d, classifier: deps.classifier.version } : d;
    },

    /**
     * `creditListed`: the holder's standing on the joint-punishment list, when the caller checked it;
     * `viewer`: the bank asking, whose local overrides decide its own check.
     */
    checkPayee(c: PayeeCheck, creditListed?: boolean, viewer?: string): EdgeDecision<PayeeAction> {
      // The account alone (its BIN may name the bank) and, when the payer named one, with the institution:
      // the library keys accounts whose number does not identify the bank under `INSTITUTION:number`.
      const plain = normalizeValue('bank', c.payee.account, normalize);
      const named = c.payee.institution
        ? normalizeValue('bank', `${c.payee.institution}:${c.payee.account}`, normalize)
        : undefined;
      const keys = [
        named?.ok ? named.value.normalized : undefined,
        plain.ok ? plain.value.normalized : undefined,
      ];
      let entry;
      for (const k of keys) if (k && !entry) entry = lookups.memberStanding('bank', k, viewer);
      const payee: ValueStanding = {
        type: 'bank',
        value: c.payee.account,
        verdict: entry?.verdict ?? 'unknown',
        fraudType: entry?.fraudType ?? null,
        role: 'payee',
      };
      const related: ValueStanding[] = [];
      if (c.payee.phone) {
        const p = standingOf('phone', c.payee.phone, 'payee', viewer);
        if (p) related.push(p);
      }
      const byBin = plain.ok ? plain.value.attributes.institution : undefined;
      const byName = named?.ok ? named.value.attributes.institution : undefined;
      return decidePayee(payee, related, {
        amount: c.amount,
        channel: c.channel,
        namedInstitution: typeof byName === 'string' ? byName : undefined,
        knownInstitution: typeof byBin === 'string' ? byBin : undefined,
        creditListed,
        mule: deps.mules?.(c.payee.account, c.payee.institution),
      });
    },
  };
};

export type EdgeService = ReturnType<typeof createEdgeService>;

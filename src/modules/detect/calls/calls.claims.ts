/**
 * Alerts become library claims (through the ClaimSink port): the subject as a phone or a device, the
 * detector as source `detector:<id@version>`, the reasons as evidence; links tie a number to its
 * device (IMEI) and to the identity (a keyed pseudonym) behind it. Pure.
 */
import type { ClaimInput, LinkInput } from '../../library/library.types.ts';
import type { CallAlert } from './engine.ts';

/** A week: call behaviour goes stale fast, and the engine re-raises what persists. */
const VALID_MS = 7 * 86_400_000;

export const alertToLibrary = (a: CallAlert): { claims: ClaimInput[]; links: LinkInput[] } => {
  const type = a.subjectType === 'device' ? 'device' : a.subjectType === 'identity' ? 'subject' : 'phone';
  const evidence = {
    detector: a.detector,
    reasons: a.reasons,
    window: a.window,
    action: a.action,
    score: a.score,
  };
  const claims: ClaimInput[] = [
    {
      type,
      value: a.subject,
      verdict: a.verdict === 'fraud' ? 'fraud' : 'suspicious',
      confidence: Math.max(0, Math.min(1, a.score)),
      evidence,
      source: `detector:${a.detector}`,
      validUntil: a.at + VALID_MS,
    },
  ];
  const links: LinkInput[] = [];
  if (type === 'phone' && a.related?.imei)
    links.push({
      from: { type: 'phone', value: a.subject },
      to: { type: 'device', value: a.related.imei },
      kind: 'same_device',
      evidence: { detector: a.detector },
    });
  if (type === 'phone' && a.related?.identity)
    links.push({
      from: { type: 'phone', value: a.subject },
      to: { type: 'subject', value: a.related.identity },
      kind: 'registered_to',
      evidence: { detector: a.detector },
    });
  if (type === 'device')
    for (const phone of a.related?.phones ?? [])
      links.push({
        from: { type: 'phone', value: phone },
        to: { type: 'device', value: a.subject },
        kind: 'same_device',
        evidence: { detector: a.detector },
      });
  return { claims, links };
};

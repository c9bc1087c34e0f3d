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
  const link = (phone: string, to: LinkInput['to'], kind: LinkInput['kind']) =>
    links.push({ from: { type: 'phone', value: phone }, to, kind, evidence: { detector: a.detector } });
  if (type === 'phone' && a.related?.imei)
    link(a.subject, { type: 'device', value: a.related.imei }, 'same_device');
  if (type === 'phone' && a.related?.identity)
    link(a.subject, { type: 'subject', value: a.related.identity }, 'registered_to');
  if (type === 'device')
    for (const phone of a.related?.phones ?? [])
      link(phone, { type: 'device', value: a.subject }, 'same_device');
  return { claims, links };
};

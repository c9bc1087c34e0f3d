/**
 * Pure intake logic: the values a report names or mentions, normalised, and the fingerprint that makes
 * duplicates of the same fraud fall into one report group.
 */
import { createHash } from 'node:crypto';
import { invalidInput } from '../../shared/errors.ts';
import { extractIndicators, resourceTypeOf } from '../extract/extract.ts';
import { inferTypes, normalizeValue, type NormalizeContext } from '../library/normalize/index.ts';
import type { ExtractedValue, ReportInput } from './reports.types.ts';

const key = (v: { type: string; normalized: string }): string => `${v.type}:${v.normalized}`;

/** Given values must parse (400 naming the field); values found in the text are kept only when they do. */
export const reportValues = (input: ReportInput, ctx: NormalizeContext): ExtractedValue[] => {
  const out = new Map<string, ExtractedValue>();
  (input.values ?? []).forEach((v, i) => {
    const types = v.type ? [v.type] : inferTypes(v.value);
    for (const t of types) {
      const n = normalizeValue(t, v.value, ctx);
      if (!n.ok) {
        if (v.type || types.length === 1) throw invalidInput(`values[${i}].value`, n.error.message);
        continue;
      }
      if (!out.has(key(n.value)))
        out.set(key(n.value), {
          type: n.value.type,
          value: v.value,
          normalized: n.value.normalized,
          display: n.value.display,
          from: 'given',
        });
      return;
    }
    throw invalidInput(`values[${i}].value`, 'not a phone number, link, domain, account or bank account');
  });
  for (const ind of extractIndicators(input.text)) {
    const type = resourceTypeOf(ind.kind);
    if (!type) continue;
    const n = normalizeValue(type, ind.value, ctx);
    if (!n.ok || out.has(key(n.value))) continue;
    out.set(key(n.value), {
      type: n.value.type,
      value: ind.raw,
      normalized: n.value.normalized,
      display: n.value.display,
      from: 'text',
    });
  }
  return [...out.values()];
};

/** Reports naming the same values are one group; reports naming none group by their wording. */
export const fingerprintOf = (channel: string, text: string, values: readonly ExtractedValue[]): string => {
  const basis =
    values.length > 0
      ? values.map(key).sort().join('\n')
      : `${channel}\n${text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
};

/** The stored id of a report a trusted feed names by its own id: the same (client, id) is one report. */
export const sourcedReportId = (client: string, sourceId: string): string =>
  `rpt_src_${createHash('sha256').update(`${client}\u0000${sourceId}`).digest('hex').slice(0, 32)}`;

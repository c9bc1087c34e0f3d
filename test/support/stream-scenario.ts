/**
 * One stream of generated traffic with known fraud for the bus tests and benchmarks: call records from
 * the seeded call generator (SIM boxes, wangiri, IoT misuse, key-region travellers injected) and SMS
 * from the seeded Chinese corpus generator, where each fraud script is sent by several senders.
 */
import { generateCorpus } from '../../corpus/sms-zh/generate.ts';
import { generateCallRecords } from '../../src/modules/detect/calls/generator.ts';
import { defaultParams } from '../../src/modules/detect/calls/generator.params.ts';
import type { CallRecord } from '../../src/modules/detect/calls/records.schema.ts';
import type { SmsMessage } from '../../src/modules/stream/streams.schema.ts';

export const SCENARIO_ORG = 'org_operator_a';

export const scenarioCalls = (subscribers: number, days: number, seed = 7): CallRecord[] =>
  generateCallRecords(defaultParams(seed, subscribers, days)).records;

/**
 * Each corpus text is one script; a campaign sends its script several times with other numbers in it
 * (amounts, call-back numbers), which the template key slots. Fraud scripts go out 1 to 4 times, so
 * some reach the campaign threshold and some do not; the rest once each.
 */
export const scenarioSms = (seed = 42, perTemplate = 6): SmsMessage[] => {
  const out: SmsMessage[] = [];
  const start = Date.parse('2026-03-02T00:00:00+08:00');
  generateCorpus({
    seed,
    perFraudTemplate: perTemplate,
    perNormalTemplate: perTemplate,
    perSpamTemplate: perTemplate,
  }).forEach((row, i) => {
    const copies = row.label === 'fraud' ? 1 + (i % 4) : 1;
    for (let c = 0; c < copies; c++) {
      const n = out.length;
      out.push({
        org: SCENARIO_ORG,
        id: `${row.id}.${c}`,
        sender: `1065${String(n % 97).padStart(4, '0')}`,
        receiver: `138${String(n).padStart(8, '0')}`,
        time: start + n * 1000,
        text:
          c === 0 ? row.text : row.text.replace(/\d+/g, (d) => String((Number(d) + c * 7) % 10 ** d.length)),
      });
    }
  });
  return out;
};

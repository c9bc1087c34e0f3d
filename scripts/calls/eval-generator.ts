/**
 * Generator figures on fixed seeds (101, 202, 303), which differ from the seed the thresholds were
 * set on (11): SIM-box per-SIM precision/recall and boxes found; 实名不实人 recall within 7 simulated
 * days and precision; 踢网 latency, actions on pre-registered numbers, wrongful-action rate; IoT and
 * Wangiri; the fraud-number model on generated numbers. `SEEDS=1,2 SUBSCRIBERS=… DAYS=…` override.
 */
import { CallsEngine, type CallAlert } from '../../src/modules/detect/calls/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../src/modules/detect/calls/engine.config.ts';
import { generateCallRecords } from '../../src/modules/detect/calls/generator.ts';
import { defaultParams } from '../../src/modules/detect/calls/generator.params.ts';
import { loadFraudModel } from '../../src/modules/detect/calls/fraud-model.ts';

const SEEDS = (process.env.SEEDS ?? '101,202,303').split(',').map(Number);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 2000);
const DAYS = Number(process.env.DAYS ?? 14);
const DAY = 86_400_000;
const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const ratio = (a: number, b: number): number => (b === 0 ? NaN : a / b);

const model = process.env.MODEL === '0' ? undefined : await loadFraudModel();
const totals: Record<string, [number, number]> = {};
const add = (name: string, num: number, den: number): void => {
  const t = totals[name] ?? [0, 0];
  totals[name] = [t[0] + num, t[1] + den];
};

for (const seed of SEEDS) {
  const { records, truth } = generateCallRecords(defaultParams(seed, SUBSCRIBERS, DAYS));
  const alerts: CallAlert[] = [];
  const engine = new CallsEngine(
    DEFAULT_ENGINE_CONFIG,
    (a) => alerts.push(a),
    model ? (items) => model.score(items) : undefined,
  );
  for (const r of records) engine.ingest(r);
  engine.finish();
  const of = (detector: string, type = 'phone'): CallAlert[] =>
    alerts.filter((a) => a.detector.startsWith(detector) && a.subjectType === type);

  const boxSims = new Set(truth.simBoxes.flatMap((b) => b.phones));
  const simAlerts = of('calls.simbox');
  const simTp = simAlerts.filter((a) => boxSims.has(a.subject)).length;
  add('SIM-box per-SIM precision (goal >= 0.95)', simTp, simAlerts.length);
  add('SIM-box per-SIM recall (goal >= 0.90)', simTp, boxSims.size);
  const boxDevices = new Set(of('calls.simbox', 'device').map((a) => a.subject));
  add(
    'SIM-boxes found (goal >= 90%)',
    truth.simBoxes.filter((b) => boxDevices.has(b.imei)).length,
    truth.simBoxes.length,
  );

  const handedPhones = new Map(
    truth.identityHandovers.flatMap((h) => h.phones.map((p) => [p, h.handoverAt] as const)),
  );
  const idAlerts = of('calls.identity-mismatch');
  const timely = idAlerts.filter((a) => {
    const at = handedPhones.get(a.subject);
    return at !== undefined && a.at <= at + 7 * DAY;
  });
  add(
    '实名不实人 precision (goal >= 0.80)',
    idAlerts.filter((a) => handedPhones.has(a.subject)).length,
    idAlerts.length,
  );
  add(
    '实名不实人 recall within 7 days, per SIM (goal >= 0.85)',
    new Set(timely.map((a) => a.subject)).size,
    handedPhones.size,
  );

  const kicks = new Map(of('calls.key-region').map((a) => [a.subject, a]));
  const unregistered = truth.keyRegionEntries.filter((e) => !e.preRegistered);
  const acted = unregistered.filter((e) => kicks.has(e.phone));
  add('踢网 unregistered entries acted on', acted.length, unregistered.length);
  add(
    '踢网 acted within 15 simulated minutes',
    acted.filter((e) => (kicks.get(e.phone)?.at ?? Infinity) - e.enteredAt <= 15 * 60_000).length,
    acted.length,
  );
  add(
    '踢网 actions on pre-registered numbers (goal 0)',
    truth.keyRegionEntries.filter((e) => e.preRegistered && kicks.has(e.phone)).length,
    truth.keyRegionEntries.filter((e) => e.preRegistered).length,
  );
  add(
    '踢网 wrongful-action rate (legit, restored on appeal)',
    truth.keyRegionEntries.filter((e) => e.legit && kicks.has(e.phone)).length,
    kicks.size,
  );

  const iotTruth = new Set(truth.iotMisuse.map((m) => m.phone));
  const iotAlerts = of('calls.iot-misuse');
  add('IoT misuse precision', iotAlerts.filter((a) => iotTruth.has(a.subject)).length, iotAlerts.length);
  add('IoT misuse recall', iotAlerts.filter((a) => iotTruth.has(a.subject)).length, iotTruth.size);
  const wTruth = new Set(truth.wangiri);
  const wAlerts = of('calls.wangiri');
  add('Wangiri precision', wAlerts.filter((a) => wTruth.has(a.subject)).length, wAlerts.length);
  add('Wangiri recall', wAlerts.filter((a) => wTruth.has(a.subject)).length, wTruth.size);
  if (model) {
    const fTruth = new Set(truth.fraudNumbers);
    const fAlerts = of('calls.fraud-number');
    // SIM-box SIMs, handed-over SIMs and Wangiri numbers also place fraud calls: count them as right.
    const abusive = new Set([...fTruth, ...boxSims, ...handedPhones.keys(), ...wTruth, ...iotTruth]);
    add(
      'fraud-number model precision (any injected abuser) on generated numbers',
      fAlerts.filter((a) => abusive.has(a.subject)).length,
      fAlerts.length,
    );
    add(
      'fraud-number model recall on generated fraud numbers',
      fAlerts.filter((a) => fTruth.has(a.subject)).length,
      fTruth.size,
    );
  }
  console.log(
    `seed ${seed}: ${records.length} records, ${alerts.length} alerts, ${engine.bytesPerNumber} B typed state per number`,
  );
}
console.log(
  `\nGenerator figures over seeds ${SEEDS.join(', ')} (${SUBSCRIBERS} subscribers, ${DAYS} days each)`,
);
for (const [name, [num, den]] of Object.entries(totals))
  console.log(`  ${name.padEnd(58)} ${pct(ratio(num, den)).padStart(7)}  (${num}/${den})`);
model?.free();

/**
 * Planted gangs on top of the call-record generator's population, with ground truth: each gang has
 * callers that share handsets and a SIM-box (one IMEI, one cell), sends SMS from one or two templates
 * naming its domains and mule accounts, calls victims drawn from the ordinary subscribers (victims are
 * shared between gangs), and is paid by those victims into mule accounts that pass the money on.
 * Background: the generator's own records plus ordinary transfers and benign SMS. Deterministic.
 */
import { generateCallRecords } from '../detect/calls/generator.ts';
import { defaultParams } from '../detect/calls/generator.params.ts';
import { mulberry32 } from '../detect/calls/prng.ts';
import type { CallRecord } from '../detect/calls/records.schema.ts';
import type { SmsFact, TransferFact } from './gang.edges.ts';

export interface PlantedGangs {
  readonly records: CallRecord[];
  readonly sms: SmsFact[];
  readonly transfers: TransferFact[];
  /** Each planted gang's member keys (`phone:…`, `device:…`, `cell:…`, `sms:…`, `domain:…`, `bank:…`). */
  readonly gangs: string[][];
}

export interface PlantOptions {
  readonly seed: number;
  readonly subscribers: number;
  readonly days: number;
  readonly gangs: number;
}

const HOUR = 3_600_000;

export const plantGangs = (o: PlantOptions): PlantedGangs => {
  const base = generateCallRecords(defaultParams(o.seed, o.subscribers, o.days));
  const rng = mulberry32(o.seed + 7919);
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  const records = [...base.records];
  const ordinary = [...new Set(records.filter((r) => r.kind === 'voice').map((r) => r.phone))];
  const start = base.truth.params.start;
  const at = (): number => start + int(0, o.days * 24 - 1) * HOUR;
  let serial = 0;
  const id = (prefix: string, digits: number): string => `${prefix}${String(++serial).padStart(digits, '0')}`;
  const sms: SmsFact[] = [];
  const transfers: TransferFact[] = [];
  const gangs: string[][] = [];

  for (let g = 0; g < o.gangs; g++) {
    const callers = Array.from({ length: int(4, 10) }, () => id('170', 8));
    const handsets = Array.from({ length: int(2, 3) }, () => id('86', 13));
    const box = {
      imei: id('86', 13),
      cell: `gang${g}-cell`,
      sims: Array.from({ length: int(5, 8) }, () => id('171', 8)),
    };
    const domains = Array.from({ length: int(2, 3) }, () => `pay-${g}-${id('d', 4)}.top`);
    const mules = Array.from({ length: int(3, 5) }, () => id('62', 14));
    const layer = Array.from({ length: 2 }, () => id('62', 14));
    const templates = Array.from({ length: int(1, 2) }, (_, k) => `gang${g}-template${k}`);
    const victims = Array.from({ length: 40 }, () => pick(ordinary));
    const call = (phone: string, imei: string, cell: string): void => {
      const t = at();
      records.push({
        kind: 'voice',
        phone,
        opposite: pick(victims),
        callType: 1,
        start: t,
        durationSec: int(5, 300),
        imei,
        imsi: `${phone}0`,
        cellId: cell,
      });
    };
    for (const c of callers) {
      const cell = `c-${id('', 6)}`;
      for (let k = 0; k < 15; k++) call(c, pick(handsets), k % 3 === 0 ? cell : `${cell}-${k % 5}`);
    }
    for (const s of box.sims) for (let k = 0; k < 15; k++) call(s, box.imei, box.cell);
    for (const sender of [...callers, ...box.sims])
      for (let k = 0; k < 3; k++)
        sms.push({
          id: id('sms', 8),
          sender,
          template: pick(templates),
          at: at(),
          mentions: [`domain:${pick(domains)}`, `bank:${pick(mules)}`],
        });
    for (const v of victims.slice(0, 20))
      transfers.push({ recordId: id('t', 8), payer: `v${v}`, payee: pick(mules), time: at() });
    for (const m of mules)
      for (const l of layer) transfers.push({ recordId: id('t', 8), payer: m, payee: l, time: at() });
    gangs.push([
      ...callers.map((p) => `phone:${p}`),
      ...box.sims.map((p) => `phone:${p}`),
      ...handsets.map((d) => `device:${d}`),
      `device:${box.imei}`,
      `cell:${box.cell}`,
      ...templates.map((t) => `sms:${t}`),
      ...domains.map((d) => `domain:${d}`),
      ...mules.map((m) => `bank:${m}`),
      ...layer.map((m) => `bank:${m}`),
    ]);
  }
  // Ordinary life: people pay each other, and shops send notices from a few shared templates.
  const accounts = ordinary.map((p) => `v${p}`);
  for (let k = 0; k < ordinary.length * 2; k++)
    transfers.push({ recordId: id('t', 8), payer: pick(accounts), payee: pick(accounts), time: at() });
  for (let k = 0; k < ordinary.length; k++)
    sms.push({
      id: id('sms', 8),
      sender: pick(ordinary),
      template: `notice${int(0, 9)}`,
      at: at(),
      mentions: [],
    });
  return { records, sms, transfers, gangs };
};

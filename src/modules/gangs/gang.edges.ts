/**
 * What joins two values, and how strongly: the edge weights as data, and the edges each source
 * yields (call records, SMS, transfers, reports, library links). Keys are `type:value`. Strong ties
 * are the ones a gang cannot avoid sharing (a device, a SIM-box, a template, a library link); weak
 * ones (a call, a transfer from a victim, a shared cell) only add up. Pure.
 */
import type { CallRecord } from '../detect/calls/records.schema.ts';
import type { EdgeEvidence } from './gang.graph.ts';

export const EDGE_WEIGHTS = {
  /** A number used on a device (IMEI): SIM-boxes and shared handsets. */
  device: 1,
  /** A library link (same_device, registered_to, pays_to, mentions, hosted_on …). */
  link: 1,
  /** An SMS's sender and its template; the template and each value it mentions. */
  smsTemplate: 1,
  smsMentions: 1,
  /** Two values named in one report. */
  report: 0.5,
  /** A transfer between two accounts (once per pair and direction). */
  transfer: 0.3,
  /** A call between two numbers (once per pair). */
  call: 0.1,
  /** A number seen in a cell, divided by the numbers seen there: only small cells (a SIM-box) count. */
  cell: 1,
} as const;

/** Cells with more numbers than this join nobody. */
export const MAX_CELL_PHONES = 50;

export interface GraphEdge {
  readonly a: string;
  readonly b: string;
  readonly weight: number;
  readonly evidence: EdgeEvidence;
  /** The organisation the edge is private to, or null when it may be shared. */
  readonly owner: string | null;
}

/** Devices, cells and calls from call records (one edge per distinct pair). */
export const edgesFromCallRecords = (records: Iterable<CallRecord>, owner: string | null): GraphEdge[] => {
  const out: GraphEdge[] = [];
  const seen = new Set<string>();
  const cells = new Map<string, Set<string>>();
  const cellAt = new Map<string, number>();
  const once = (a: string, b: string, weight: number, ev: EdgeEvidence): void => {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ a, b, weight, evidence: ev, owner });
  };
  for (const r of records) {
    if (r.kind !== 'voice') continue;
    const phone = `phone:${r.phone}`;
    if (r.imei)
      once(phone, `device:${r.imei}`, EDGE_WEIGHTS.device, {
        kind: 'device',
        source: `voice:${r.phone}`,
        at: r.start,
      });
    if (r.callType === 1)
      once(phone, `phone:${r.opposite}`, EDGE_WEIGHTS.call, {
        kind: 'call',
        source: `voice:${r.phone}`,
        at: r.start,
      });
    if (r.cellId) {
      const set = cells.get(r.cellId) ?? new Set<string>();
      set.add(phone);
      cells.set(r.cellId, set);
      if (!cellAt.has(r.cellId)) cellAt.set(r.cellId, r.start);
    }
  }
  for (const [cell, phones] of cells) {
    // One number alone in a cell says nothing; a crowded cell (a city centre) says nothing either.
    if (phones.size < 2 || phones.size > MAX_CELL_PHONES) continue;
    const weight = EDGE_WEIGHTS.cell / phones.size;
    for (const p of phones)
      out.push({
        a: p,
        b: `cell:${cell}`,
        weight,
        evidence: { kind: 'cell', source: cell, at: cellAt.get(cell) ?? 0 },
        owner,
      });
  }
  return out;
};

export interface SmsFact {
  readonly id: string;
  readonly sender: string;
  readonly template: string;
  readonly at: number;
  /** Values the text names (`domain:…`, `bank:…`, `phone:…`). */
  readonly mentions: readonly string[];
}

export const edgesFromSms = (messages: Iterable<SmsFact>, owner: string | null): GraphEdge[] => {
  const out: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const m of messages) {
    const template = `sms:${m.template}`;
    const ev = { kind: 'sms_template', source: m.id, at: m.at };
    const k = `${m.sender}|${m.template}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({
        a: `phone:${m.sender}`,
        b: template,
        weight: EDGE_WEIGHTS.smsTemplate,
        evidence: ev,
        owner,
      });
    }
    for (const v of m.mentions) {
      const km = `${m.template}|${v}`;
      if (seen.has(km)) continue;
      seen.add(km);
      out.push({
        a: template,
        b: v,
        weight: EDGE_WEIGHTS.smsMentions,
        evidence: { ...ev, kind: 'sms_mentions' },
        owner,
      });
    }
  }
  return out;
};

export interface TransferFact {
  readonly recordId: string;
  readonly payer: string;
  readonly payee: string;
  readonly time: number;
}

export const edgesFromTransfers = (transfers: Iterable<TransferFact>, owner: string | null): GraphEdge[] => {
  const out: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const t of transfers) {
    const k = `${t.payer}>${t.payee}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({
      a: `bank:${t.payer}`,
      b: `bank:${t.payee}`,
      weight: EDGE_WEIGHTS.transfer,
      evidence: { kind: 'transfer', source: t.recordId, at: t.time },
      owner,
    });
  }
  return out;
};

/** Every pair of values named together in one report. */
export const edgesFromReport = (id: string, values: readonly string[], at: number): GraphEdge[] => {
  const out: GraphEdge[] = [];
  const distinct = [...new Set(values)].slice(0, 20);
  for (let i = 0; i < distinct.length; i++)
    for (let j = i + 1; j < distinct.length; j++)
      out.push({
        a: distinct[i] ?? '',
        b: distinct[j] ?? '',
        weight: EDGE_WEIGHTS.report,
        evidence: { kind: 'report', source: id, at },
        owner: null,
      });
  return out;
};

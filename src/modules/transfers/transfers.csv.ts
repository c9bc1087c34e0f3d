/**
 * Transfer files: CSV with AMLSim's columns `sourceNodeId,targetNodeId,value,time` or ours
 * `payer,payee,amount,time` with optional `currency,channel,institution,recordId`. A time is epoch ms,
 * an ISO date, or a small integer (AMLSim's step: one step is one day). A file without record ids
 * numbers its rows: two equal rows are two transfers. Pure line parsing; the CLI streams the file.
 */
import { invalidInput } from '../../shared/errors.ts';
import { DAY_MS } from './mule.engine.ts';
import type { TransferRecord } from './transfers.types.ts';

export interface CsvLayout {
  readonly payer: number;
  readonly payee: number;
  readonly amount: number;
  readonly time: number;
  readonly currency: number;
  readonly channel: number;
  readonly institution: number;
  readonly recordId: number;
}

const ALIASES: Record<keyof CsvLayout, readonly string[]> = {
  payer: ['payer', 'sourcenodeid'],
  payee: ['payee', 'targetnodeid'],
  amount: ['amount', 'value'],
  time: ['time'],
  currency: ['currency'],
  channel: ['channel'],
  institution: ['institution'],
  recordId: ['recordid', 'record_id', 'id'],
};

const REQUIRED = ['payer', 'payee', 'amount', 'time'] as const;

/** The layout of a header record's fields (as `CsvParser` reads them). */
export const parseCsvHeader = (header: readonly string[]): CsvLayout => {
  const cols = header.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ''),
  );
  const at = (k: keyof CsvLayout): number => cols.findIndex((c) => ALIASES[k].includes(c));
  const layout: CsvLayout = {
    payer: at('payer'),
    payee: at('payee'),
    amount: at('amount'),
    time: at('time'),
    currency: at('currency'),
    channel: at('channel'),
    institution: at('institution'),
    recordId: at('recordId'),
  };
  for (const k of REQUIRED)
    if (layout[k] < 0)
      throw invalidInput(
        'header',
        `missing column ${k} (expected sourceNodeId,targetNodeId,value,time or payer,payee,amount,time)`,
      );
  return layout;
};

/** Epoch ms from a time cell: a step number (days), epoch ms or seconds, or an ISO date. */
export const parseTime = (raw: string): number | undefined => {
  const t = raw.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    if (n < 1e6) return Math.floor(n) * DAY_MS;
    return n < 1e11 ? n * 1000 : n;
  }
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
};

/** One data line → a transfer, or the reason it cannot be read (line numbers count from 1). */
/** One transfer from a record's fields (as `CsvParser` reads them); `lineNo` names it in an error. */
export const parseCsvLine = (
  layout: CsvLayout,
  cells: readonly string[],
  lineNo: number,
): TransferRecord | { error: string } => {
  const cell = (i: number): string => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const payer = cell(layout.payer);
  const payee = cell(layout.payee);
  const amount = Number(cell(layout.amount));
  const time = parseTime(cell(layout.time));
  if (payer === '' || payee === '') return { error: `line ${lineNo}: payer and payee are required` };
  if (!Number.isFinite(amount) || amount <= 0 || cell(layout.amount) === '')
    return { error: `line ${lineNo}: amount must be a positive number` };
  if (time === undefined) return { error: `line ${lineNo}: time is not a step, epoch or ISO date` };
  const channel = cell(layout.channel);
  const institution = cell(layout.institution);
  return {
    recordId: cell(layout.recordId) || `line:${lineNo}`,
    payer,
    payee,
    amount,
    currency: cell(layout.currency) || 'CNY',
    time,
    ...(channel ? { channel } : {}),
    ...(institution ? { institution } : {}),
  };
};

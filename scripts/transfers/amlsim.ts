/**
 * AMLSim graphs (../shared/datasets/amlsim, IBM AMLSim samples, Apache-2.0): each graph's transfers
 * streamed through the mule engine, then one feature row and one label per account. Shared by
 * `npm run train:transfers` and `npm run eval:transfers`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MuleEngine } from '../../src/modules/transfers/mule.engine.ts';
import { featuresOf } from '../../src/modules/transfers/mule.features.ts';
import { parseCsv } from '../../src/modules/library/io/csv.ts';
import { parseCsvHeader, parseCsvLine } from '../../src/modules/transfers/transfers.csv.ts';
import type { TransferRecord } from '../../src/modules/transfers/transfers.types.ts';

export const AMLSIM_DIR = resolve(import.meta.dirname, '../../../shared/datasets/amlsim');
export const GRAPHS = ['20K_cycle200', '20K_fanin200'] as const;

export interface Graph {
  readonly name: string;
  readonly engine: MuleEngine;
  readonly accounts: string[];
  readonly x: number[][];
  readonly y: number[];
}

/** The transfers of one AMLSim graph, in file order. */
export const readTransfers = (name: string, dir = AMLSIM_DIR): TransferRecord[] => {
  const [header, ...records] = parseCsv(readFileSync(resolve(dir, name, 'transactions.csv'), 'utf8'));
  if (!header || 'error' in header) throw new Error(`${name}: no header line`);
  const layout = parseCsvHeader(header.fields);
  const out: TransferRecord[] = [];
  for (const rec of records) {
    if ('error' in rec) throw new Error(`${name}: line ${rec.line}: ${rec.error}`);
    if (rec.fields.every((f) => f.trim() === '')) continue;
    const r = parseCsvLine(layout, rec.fields, rec.line);
    if ('error' in r) throw new Error(`${name}: ${r.error}`);
    out.push(r);
  }
  return out;
};

export const loadGraph = (name: string, dir = AMLSIM_DIR): Graph => {
  const engine = new MuleEngine();
  for (const r of readTransfers(name, dir)) engine.add(r);
  const fraud = new Set<string>();
  const nodes = readFileSync(resolve(dir, name, 'nodes.csv'), 'utf8')
    .split('\n')
    .slice(1);
  const all: string[] = [];
  for (const n of nodes) {
    const [id, isFraud] = n.split(',');
    if (!id) continue;
    all.push(id);
    if (isFraud === '1') fraud.add(id);
  }
  // Accounts that never transfer have no features: they count as predicted normal in the figures.
  const accounts = all.filter((a) => engine.has(a));
  const x = accounts.map((a) => {
    const s = engine.state(a);
    if (!s) throw new Error(`account ${a} vanished`);
    return featuresOf(engine, s);
  });
  return {
    name,
    engine,
    accounts,
    x,
    y: accounts.map((a) => (fraud.has(a) ? 1 : 0)),
    ...{ fraudTotal: fraud.size },
  };
};

export const fraudTotal = (g: Graph): number => (g as Graph & { fraudTotal: number }).fraudTotal;

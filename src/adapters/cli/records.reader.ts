/**
 * Reading record files: JSONL (one record per line) or CSV with a `kind` column and the union of the
 * record fields as columns (empty cell: absent). Cells are coerced by field name, then every record
 * passes parseRecord; a bad line is an error item and reading goes on.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readJsonl } from './jsonl.ts';
import { CliError } from './cli-kit.ts';
import { parseRecord, type CallRecord } from '../../modules/detect/calls/records.schema.ts';
import { splitCsvLine } from '../../modules/detect/calls/sichuan.features.ts';

export type RecordItem =
  | { readonly line: number; readonly record: CallRecord }
  | { readonly line: number; readonly field: string; readonly error: string };

const NUMERIC = new Set([
  'callType',
  'start',
  'durationSec',
  'type',
  'time',
  'traffic',
  'idcardCount',
  'arpu',
  'from',
  'until',
]);
const BOOLEAN = new Set(['roaming', 'iot']);

/** One CSV row to a plain object: numbers and booleans by field name, empty cells left out. */
export const csvRowToObject = (
  header: readonly string[],
  cells: readonly string[],
): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') return;
    if (NUMERIC.has(name)) o[name] = Number(cell);
    else if (BOOLEAN.has(name)) o[name] = cell === 'true' || cell === '1';
    else o[name] = cell;
  });
  return o;
};

export const RECORD_CSV_COLUMNS = [
  'kind',
  'phone',
  'opposite',
  'callType',
  'start',
  'durationSec',
  'city',
  'county',
  'imei',
  'imsi',
  'cellId',
  'roaming',
  'type',
  'time',
  'identity',
  'channel',
  'place',
  'iot',
  'boundImei',
  'boundArea',
  'app',
  'traffic',
  'month',
  'idcardCount',
  'arpu',
  'region',
  'from',
  'until',
] as const;

export const recordToCsv = (r: CallRecord): string => {
  const o: Record<string, unknown> = { ...r };
  return RECORD_CSV_COLUMNS.map((c) => {
    const v = o[c];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
};

export async function* readRecords(path: string): AsyncGenerator<RecordItem> {
  if (path.endsWith('.csv')) {
    if (!existsSync(path)) throw new CliError(`cannot read --in ${path}: no such file`);
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let header: string[] | undefined;
    let line = 0;
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      if (!header) {
        header = splitCsvLine(text.replace(/^\uFEFF/, '')).map((h) => h.trim());
        if (!header.includes('kind')) throw new CliError(`${path}: the CSV header needs a kind column`);
        continue;
      }
      const parsed = parseRecord(csvRowToObject(header, splitCsvLine(text)));
      yield parsed.ok
        ? { line, record: parsed.value }
        : { line, field: parsed.error.field, error: parsed.error.message };
    }
    return;
  }
  for await (const item of readJsonl(path)) {
    if ('error' in item) {
      yield { line: item.line, field: 'record', error: item.error };
      continue;
    }
    const parsed = parseRecord(item.value);
    yield parsed.ok
      ? { line: item.line, record: parsed.value }
      : { line: item.line, field: parsed.error.field, error: `line ${item.line}: ${parsed.error.message}` };
  }
}

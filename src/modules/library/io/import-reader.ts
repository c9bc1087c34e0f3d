/**
 * Streams an import file (chunks of text or UTF-8 bytes) into one outcome per data line: the claim, or the
 * line, field and reason it was refused. Memory stays flat whatever the file size; the caller batches.
 * Outcomes come in arrays (the lines of one chunk, at most BATCH_LINES at a time): one await per array rather
 * than per line keeps the reader a small part of an import's cost, and short arrays let the outcomes die young.
 */
import { err } from '../../../shared/result.ts';
import { CsvParser, type CsvError, type CsvRecord } from './csv.ts';
import {
  parseCsvHeader,
  parseImportLine,
  swallowedRecords,
  type ImportFormat,
  type ImportLineResult,
} from './import-line.ts';

export interface ImportLineOutcome {
  readonly line: number;
  readonly result: ImportLineResult;
}

export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

const BATCH_LINES = 512;

const withoutCr = (s: string): string => (s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s);

/** Lines of a text stream in arrays, numbered from 1, without their CR/LF; a BOM at the start is dropped. */
export async function* readLineBatches(
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<NumberedLine[]> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  let first = true;
  const take = function* (final: boolean): Generator<NumberedLine[]> {
    let start = 0;
    let out: NumberedLine[] = [];
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      out.push({ line: ++line, text: withoutCr(pending.slice(start, nl)) });
      start = nl + 1;
      if (out.length >= BATCH_LINES) {
        yield out;
        out = [];
      }
    }
    pending = pending.slice(start);
    if (final && pending !== '') {
      out.push({ line: ++line, text: withoutCr(pending) });
      pending = '';
    }
    if (out.length > 0) yield out;
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && pending.length > 0) {
      first = false;
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
    }
    yield* take(false);
  }
  pending += decoder.decode();
  yield* take(true);
}

/** The outcomes of an import file in arrays, in line order. */
export async function* readImportBatches(
  format: ImportFormat,
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<ImportLineOutcome[]> {
  if (format === 'jsonl') {
    for await (const lines of readLineBatches(chunks)) {
      const out: ImportLineOutcome[] = [];
      for (const { line, text } of lines)
        if (text.trim() !== '') out.push({ line, result: parseImportLine('jsonl', text, line) });
      if (out.length > 0) yield out;
    }
    return;
  }
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8');
  let header: ReturnType<typeof parseCsvHeader> | undefined;
  let stopped = false;
  const outcomes = (records: ReadonlyArray<CsvRecord | CsvError>): ImportLineOutcome[] => {
    const out: ImportLineOutcome[] = [];
    for (const record of records) {
      if (stopped) break;
      if ('error' in record) {
        out.push({
          line: record.line,
          result: err({ line: record.line, field: 'line', message: record.error }),
        });
        continue;
      }
      if (record.fields.every((f) => f.trim() === '')) continue;
      if (header === undefined) {
        header = parseCsvHeader(record.fields, record.line);
        if (!header.ok) {
          // Without a header no line can be read; one error for the file, not one per line.
          out.push({ line: record.line, result: header });
          stopped = true;
        }
        continue;
      }
      if (!header.ok) break;
      if (swallowedRecords(record.fields, header.value)) {
        out.push({
          line: record.line,
          result: err({
            line: record.line,
            field: 'line',
            message: 'a quoted field runs across lines and holds what read as records (an unbalanced quote?)',
          }),
        });
        continue;
      }
      out.push({
        line: record.line,
        result: parseImportLine('csv', record.fields, record.line, header.value),
      });
    }
    return out;
  };
  for await (const chunk of chunks) {
    const out = outcomes(
      parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    );
    if (out.length > 0) yield out;
    if (stopped) return;
  }
  const rest = decoder.decode();
  const out = outcomes([...(rest === '' ? [] : parser.push(rest)), ...parser.end()]);
  if (out.length > 0) yield out;
}

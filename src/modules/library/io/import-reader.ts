/**
 * Streams an import file (chunks of text or UTF-8 bytes) into one outcome per data line: the claim, or the
 * line, field and reason it was refused. Memory stays flat whatever the file size; the caller batches.
 */
import { err } from '../../../shared/result.ts';
import { readCsvRecords } from './csv.ts';
import { parseCsvHeader, parseImportLine, type ImportFormat, type ImportLineResult } from './import-line.ts';

export interface ImportLineOutcome {
  readonly line: number;
  readonly result: ImportLineResult;
}

/** Lines of a text stream, numbered from 1, without their CR/LF; a BOM at the start is dropped. */
export async function* readLines(
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  let first = true;
  const take = function* (final: boolean) {
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      line++;
      yield { line, text: pending.slice(start, nl).replace(/\r$/, '') };
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (final && pending !== '') {
      line++;
      yield { line, text: pending.replace(/\r$/, '') };
      pending = '';
    }
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

export async function* readImportLines(
  format: ImportFormat,
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<ImportLineOutcome> {
  if (format === 'jsonl') {
    for await (const { line, text } of readLines(chunks)) {
      if (text.trim() === '') continue;
      yield { line, result: parseImportLine('jsonl', text, line) };
    }
    return;
  }
  let header: ReturnType<typeof parseCsvHeader> | undefined;
  for await (const record of readCsvRecords(chunks)) {
    if ('error' in record) {
      yield { line: record.line, result: err({ line: record.line, field: 'line', message: record.error }) };
      continue;
    }
    if (record.fields.every((f) => f.trim() === '')) continue;
    if (header === undefined) {
      header = parseCsvHeader(record.fields, record.line);
      if (!header.ok) {
        // Without a header no line can be read; one error for the file, not one per line.
        yield { line: record.line, result: header };
        return;
      }
      continue;
    }
    if (!header.ok) return;
    yield { line: record.line, result: parseImportLine('csv', record.fields, record.line, header.value) };
  }
}

/**
 * RFC 4180 CSV, streaming: records may span chunks and contain quoted newlines, lines may end in CRLF or
 * LF, a UTF-8 BOM at the start is dropped. Lenient where spreadsheets are sloppy (a stray quote inside an
 * unquoted field is kept as text), strict where data would be lost: an unterminated quote is an error, and
 * so is text right after a closing quote — the mark of an unbalanced quote that swallowed the lines up to
 * the next quote (`"abc,sms⏎next,sms⏎"x",sms` would otherwise be one record holding three lines).
 */

export interface CsvRecord {
  /** Physical line (1-based) on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}
export interface CsvError {
  readonly line: number;
  readonly error: string;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Incremental parser: push text chunks, take the records completed so far; `end()` flushes the last one. */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote just closed a quoted section; the next char decides between `""` and the end of the quote. */
  private quoteClosed = false;
  private fieldStarted = false;
  private afterCr = false;
  private line = 1;
  private recordLine = 1;
  private first = true;
  /** Why the record being read is malformed; it is reported instead of the record when it ends. */
  private broken: string | undefined;

  push(chunk: string): Array<CsvRecord | CsvError> {
    const out: Array<CsvRecord | CsvError> = [];
    let text = chunk;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) continue; // CRLF counted once, at the CR
      }
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.inQuotes = false;
          this.quoteClosed = true;
        } else {
          if (c === LF || c === CR) {
            this.line++;
            if (c === CR) this.afterCr = true;
            this.field += '\n';
            continue;
          }
          this.field += text[i];
        }
        continue;
      }
      if (this.quoteClosed) {
        this.quoteClosed = false;
        if (c === QUOTE) {
          this.field += '"';
          this.inQuotes = true;
          continue;
        }
        if (c !== COMMA && c !== LF && c !== CR && this.broken === undefined)
          this.broken =
            this.line > this.recordLine
              ? `lines ${this.recordLine}–${this.line}: a quoted field runs across lines and is followed by text (an unbalanced quote?)`
              : `line ${this.line}: text after a closing quote`;
      }
      if (c === COMMA) {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (c === LF || c === CR) {
        if (c === CR) this.afterCr = true;
        this.finishRecord(out);
        this.line++;
        this.recordLine = this.line;
      } else if (c === QUOTE && this.field === '') {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        this.field += text[i];
        this.fieldStarted = true;
      }
    }
    return out;
  }

  /** Flushes the last record; an unterminated quote is reported rather than silently closed. */
  end(): Array<CsvRecord | CsvError> {
    if (this.inQuotes) {
      const error = {
        line: this.recordLine,
        error: `line ${this.recordLine}: a quoted field is never closed`,
      };
      this.reset();
      return [error];
    }
    const out: Array<CsvRecord | CsvError> = [];
    this.finishRecord(out);
    return out;
  }

  private finishRecord(out: Array<CsvRecord | CsvError>): void {
    this.quoteClosed = false;
    if (this.broken !== undefined) {
      out.push({ line: this.recordLine, error: this.broken });
      this.broken = undefined;
    } else if (this.fieldStarted || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.fieldStarted = false;
  }

  private reset(): void {
    this.broken = undefined;
    this.fields = [];
    this.field = '';
    this.inQuotes = false;
    this.quoteClosed = false;
    this.fieldStarted = false;
  }
}

/** All records of a CSV text (convenience for tests and small inputs). */
export const parseCsv = (text: string): Array<CsvRecord | CsvError> => {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
};

/** Streams records from chunks of text or UTF-8 bytes (a file stream, stdin, an upload). */
export async function* readCsvRecords(
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord | CsvError> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    yield* parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest !== '') yield* parser.push(rest);
  yield* parser.end();
}

/** One CSV field, quoted when it holds a comma, quote, newline or edge whitespace. */
export const csvField = (value: string | number | boolean | undefined | null): string => {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One CSV record with CRLF, as RFC 4180 writes it. */
export const csvLine = (fields: ReadonlyArray<string | number | boolean | undefined | null>): string =>
  `${fields.map(csvField).join(',')}\r\n`;

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvParser, csvLine, parseCsv, readCsvRecords } from './csv.ts';

const fieldsOf = (text: string) => parseCsv(text).map((r) => ('fields' in r ? r.fields : r.error));

describe('CSV parsing', () => {
  it('reads quotes, escaped quotes, CRLF, quoted newlines and a BOM', () => {
    const text =
      '\ufefftype,value,evidence\r\nphone,"138 0013 8000","he said ""pay now"""\r\nurl,"http://a.cn/x,y","line1\r\nline2"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['type', 'value', 'evidence'] },
      { line: 2, fields: ['phone', '138 0013 8000', 'he said "pay now"'] },
      { line: 3, fields: ['url', 'http://a.cn/x,y', 'line1\nline2'] },
    ]);
  });

  it('keeps empty fields and skips blank lines, and numbers lines physically', () => {
    expect(parseCsv('a,,c\n\n,b,\n"",x\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', 'b', ''] },
      { line: 4, fields: ['', 'x'] },
    ]);
  });

  it('reports an unterminated quote instead of swallowing the rest of the file', () => {
    expect(fieldsOf('a,b\n1,"open\n2,3\n')).toEqual([['a', 'b'], 'line 2: a quoted field is never closed']);
  });

  it('gives the same records whatever the chunk boundaries (including CR|LF and multi-byte splits)', async () => {
    const text = 'v,e\r\n"a\r\nb",中文"x"\r\n"q""q",2\r\n';
    const whole = parseCsv(text);
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= 7; size++) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const streamed = [];
      for await (const r of readCsvRecords(Readable.from(chunks))) streamed.push(r);
      expect(streamed).toEqual(whole);
    }
  });

  it('round-trips any table through csvLine and the parser', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '中'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          // A record that is one empty field is a blank line; CR inside a field is read back as a newline.
          const table = rows
            .filter((r) => !(r.length === 1 && r[0] === ''))
            .map((r) => r.map((c) => c.replace(/\r\n/g, '\n')));
          const parser = new CsvParser();
          const parsed = [...parser.push(table.map(csvLine).join('')), ...parser.end()];
          expect(parsed.map((r) => ('fields' in r ? r.fields : r.error))).toEqual(table);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('an unbalanced quote', () => {
  it('is reported where a quoted field is followed by text, not merged into one record', () => {
    expect(parseCsv('a,b\n"x,1\ny,2\n"z",3\nw,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      {
        line: 2,
        error: 'lines 2–4: a quoted field runs across lines and is followed by text (an unbalanced quote?)',
      },
      { line: 5, fields: ['w', '4'] },
    ]);
    expect(parseCsv('"ab"c,1\n')).toEqual([{ line: 1, error: 'line 1: text after a closing quote' }]);
    expect(parseCsv('"a ""quoted"" word",1\n')).toEqual([{ line: 1, fields: ['a "quoted" word', '1'] }]);
  });
});

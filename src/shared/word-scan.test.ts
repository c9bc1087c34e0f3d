import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWordScanner, scanWords } from './word-scan.ts';

describe('scanWords', () => {
  const check = (lists: string[][], alphabet: string): void => {
    const scanner = compileWordScanner(lists);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet.split('')), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const found = scanWords(scanner, text);
        lists.forEach((words, k) => {
          expect((found & (1 << k)) !== 0).toBe(words.some((w) => text.includes(w)));
        });
      }),
      { numRuns: 2000 },
    );
  };

  it('finds list k exactly when some word of list k occurs in the text', () => {
    check(
      [
        ['立即', '24小时', 'act now', 'a'],
        ['回t', 'won', 'winner', '赚'],
        ['stop', 'to', 'o'],
      ],
      '立即24小时act nowo回twner赚spx',
    );
  });

  it('does so with many lists sharing first characters, one-character words and words inside words', () => {
    const lists = [
      ['qq', 'q号'],
      ['微', '微信', 'v信'],
      ['v'],
      ['号', ':', '：'],
      ['t.me/', 'tg'],
      ['wa', 'whats'],
      ['是', '为'],
      ['code', 'co'],
      ['usd', 'us'],
      ['信'],
      ['e'],
      ['t'],
    ];
    check(lists, 'qq号微信v:：t.me/gwahts是为codeus');
  });

  it('refuses empty words and more lists than bits', () => {
    expect(() => compileWordScanner([['a', '']])).toThrow('empty word');
    expect(() => compileWordScanner(Array.from({ length: 17 }, () => ['a']))).toThrow('at most 16');
  });
});

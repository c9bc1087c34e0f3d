import { describe, expect, it } from 'vitest';
import { parseEvidence, sniffMediaType } from './reports.evidence.ts';
import {
  issueChallenge,
  leadingZeroBits,
  powDigest,
  solveChallenge,
  verifySolution,
  ClientWindow,
} from './reports.pow.ts';
import { newReceipt, parseReceipt } from './reports.receipt.ts';
import { clientHash, sealContact, unsealContact } from './reports.seal.ts';
import { fingerprintOf, reportValues } from './reports.values.ts';

const KEY = 'test-key-0123456789abcdef';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(Buffer.from([0x01]))).toBe(7);
    expect(leadingZeroBits(Buffer.from([0xff]))).toBe(0);
  });

  it('accepts a solved challenge and refuses forged, expired or unsolved ones', () => {
    const now = 1_800_000_000_000;
    const { challenge, difficulty } = issueChallenge(
      KEY,
      { difficulty: 10, required: true, ttlMs: 60_000 },
      now,
    );
    const nonce = solveChallenge(challenge, difficulty);
    expect(leadingZeroBits(powDigest(challenge, nonce))).toBeGreaterThanOrEqual(10);
    expect(verifySolution(KEY, challenge, nonce, now + 1000)).toMatchObject({ ok: true });
    expect(verifySolution('another-key-0123456789', challenge, nonce, now)).toMatchObject({ ok: false });
    expect(verifySolution(KEY, challenge, nonce, now + 61_000)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
    // A forged lower difficulty breaks the signature.
    const forged = challenge.replace('.10.', '.0.');
    expect(verifySolution(KEY, forged, '0', now)).toMatchObject({ ok: false });
    let bad = 0;
    while (leadingZeroBits(powDigest(challenge, `x${bad}`)) >= 10) bad++;
    expect(verifySolution(KEY, challenge, `x${bad}`, now)).toMatchObject({ ok: false });
  });

  it('limits unverified reports per client per minute', () => {
    const w = new ClientWindow(2);
    expect([w.take('a', 0), w.take('a', 1), w.take('a', 2), w.take('b', 2), w.take('a', 60_001)]).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
  });
});

describe('receipts', () => {
  it('are 12 Crockford characters and survive what people type', () => {
    const r = newReceipt();
    expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseReceipt(r.toLowerCase().replace(/-/g, ' '))).toBe(r);
    expect(parseReceipt('ABCD-EFGH-JKMO')).toBe('ABCD-EFGH-JKM0');
    expect(parseReceipt('ABCD-EFGH-JK')).toBeUndefined();
    expect(new Set(Array.from({ length: 1000 }, newReceipt)).size).toBe(1000);
  });
});

describe('evidence files', () => {
  it('decides the type by content and refuses other files and oversize ones', () => {
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    const [f] = parseEvidence([{ name: '../../etc/passwd.png', contentBase64: PNG.toString('base64') }]);
    expect(f).toMatchObject({ mediaType: 'image/png', size: PNG.length });
    expect(f?.name).not.toContain('/');
    expect(() => parseEvidence([{ contentBase64: Buffer.from('<html>').toString('base64') }])).toThrow(
      expect.objectContaining({ field: 'files[0].contentBase64' }),
    );
    expect(() => parseEvidence([{ contentBase64: 'not base64!' }])).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]).toString('base64');
    expect(() => parseEvidence([{ contentBase64: big }])).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
  });
});

describe('contact sealing', () => {
  it('round-trips with the key and fails without it', () => {
    const sealed = sealContact(KEY, '13800138000');
    expect(sealed).not.toContain('13800138000');
    expect(unsealContact(KEY, sealed)).toBe('13800138000');
    expect(unsealContact('other-key-0123456789abc', sealed)).toBeUndefined();
    expect(clientHash(KEY, '10.0.0.1')).toBe(clientHash(KEY, '10.0.0.1'));
    expect(clientHash(KEY, '10.0.0.1')).not.toBe(clientHash(KEY, '10.0.0.2'));
  });
});

describe('report values and duplicates', () => {
  const ctx = { pseudonymKey: KEY, defaultCountry: 'CN' };
  it('extracts values from the text and normalises given ones', () => {
    const v = reportValues(
      {
        channel: 'sms',
        text: '客服电话 138-1234-5678，退款请点 http://Refund-SF.top/a',
        values: [{ value: '13912345678' }],
      },
      ctx,
    );
    expect(v.map((x) => `${x.type}:${x.normalized}:${x.from}`)).toEqual(
      expect.arrayContaining(['phone:+8613912345678:given', 'phone:+8613812345678:text']),
    );
    expect(v.some((x) => x.type === 'url' && x.normalized.includes('refund-sf.top'))).toBe(true);
    expect(() =>
      reportValues({ channel: 'call', text: 'x', values: [{ type: 'phone', value: 'abc' }] }, ctx),
    ).toThrow(expect.objectContaining({ field: 'values[0].value' }));
  });
  it('gives reports naming the same values the same fingerprint, whatever the wording', () => {
    const a = reportValues({ channel: 'sms', text: '请拨打 13812345678' }, ctx);
    const b = reportValues({ channel: 'call', text: '骗子号码 +86 138 1234 5678' }, ctx);
    expect(fingerprintOf('sms', 'x', a)).toBe(fingerprintOf('call', 'y', b));
    expect(fingerprintOf('sms', 'Hello  World', [])).toBe(fingerprintOf('sms', 'hello world', []));
    expect(fingerprintOf('sms', 'hello', [])).not.toBe(fingerprintOf('call', 'hello', []));
  });
});

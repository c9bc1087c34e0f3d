import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../library/library.types.ts';
import { hashPrefix, keyedHash, safeBrowsingExpressions } from '../library/normalize/privacy.ts';
import { buildDelta, LISTS, listKey, listedExpression } from './edge.lists.ts';

const record = (
  id: number,
  type: ResourceRecord['type'],
  normalized: string,
  verdict: ResourceRecord['verdictMembers'],
): ResourceRecord => ({
  id,
  type,
  normalized,
  display: normalized,
  attributes: {},
  status: 'reported',
  firstSeen: 0,
  lastSeen: 0,
  pin: null,
  verdictPublic: verdict,
  scorePublic: 0.9,
  verdictMembers: verdict,
  scoreMembers: 0.9,
  fraudType: null,
  reasons: [],
  updatedAt: 0,
});

const block = LISTS.block ?? { verdicts: ['fraud'] };

describe('list deltas', () => {
  it('hashes numbers under the per-list key and never sends them in clear', () => {
    const key = listKey('master-key-0123456789', 'block');
    const d = buildDelta(
      'block',
      block,
      key,
      0,
      [{ seq: 5, resource: record(1, 'phone', '+8613800138000', 'fraud') }],
      100,
    );
    expect(d.entries).toEqual([
      { op: 'add', id: 1, type: 'phone', hash: keyedHash(key, 'phone', '+8613800138000') },
    ]);
    expect(JSON.stringify(d)).not.toContain('13800138000');
    expect(listKey('master-key-0123456789', 'allow')).not.toBe(key);
  });

  it('sends URLs and domains as prefixes a client matches with Safe Browsing expressions', () => {
    const d = buildDelta(
      'block',
      block,
      'k',
      0,
      [
        { seq: 1, resource: record(1, 'domain', 'bad.example.top', 'fraud') },
        { seq: 2, resource: record(2, 'url', 'http://x.example.org/a/b?c=1', 'fraud') },
      ],
      100,
    );
    const prefixes = new Set(d.entries.map((e) => ('prefix' in e ? e.prefix : '')));
    const hits = (url: string) => safeBrowsingExpressions(url).some((x) => prefixes.has(hashPrefix(x, 4)));
    expect(hits('http://bad.example.top/any/page')).toBe(true);
    expect(hits('http://x.example.org/a/b?c=1')).toBe(true);
    expect(hits('http://x.example.org/other')).toBe(false);
    expect(listedExpression('domain', 'bad.example.top')).toBe('bad.example.top/');
  });

  it('collapses a value changed several times in a page to its last state, sends removals after the first download', () => {
    const changes = [
      { seq: 11, resource: record(7, 'phone', '+8613800000007', 'unknown') },
      { seq: 12, resource: record(8, 'phone', '+8613800000008', 'fraud') },
      { seq: 13, resource: record(7, 'phone', '+8613800000007', 'unknown') },
    ];
    const first = buildDelta('block', block, 'k', 0, changes, 3);
    expect(first.entries.map((e) => e.op)).toEqual(['add']);
    expect(first).toMatchObject({ version: 13, more: true });
    const later = buildDelta('block', block, 'k', 10, changes, 100);
    expect(later.entries.map((e) => [e.op, e.id])).toEqual([
      ['add', 8],
      ['remove', 7],
    ]);
    expect(later.more).toBe(false);
    expect(buildDelta('block', block, 'k', 42, [], 100)).toMatchObject({
      version: 42,
      more: false,
      entries: [],
    });
  });
});

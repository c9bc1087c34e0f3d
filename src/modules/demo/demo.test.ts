import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { writeDemoRejections } from './demo-rejections.ts';
import { loadDemo, summariseRejections, type DemoSummary } from './demo.service.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describeEachDatabase('the demo data', (dialect) => {
  let t: TestContainer;
  let summary: DemoSummary;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    summary = await loadDemo({
      access: t.c.access,
      library: t.c.library,
      fixturesDir: join(ROOT, 'fixtures'),
    });
  }, 120_000);
  afterAll(async () => t.close());

  it('says which lines were rejected and why', () => {
    expect(summary.rejected).toBeGreaterThan(0);
    expect(summary.rejections).toHaveLength(summary.rejected);
    for (const r of summary.rejections) {
      expect(r.list).toMatch(/\.txt$/);
      expect(r.message).not.toBe('');
    }
    const line = summariseRejections(summary.rejections);
    expect(line).toMatch(new RegExp(`^${summary.rejected} lines rejected by validation: \\d+ × \\w+: `));
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-demo-'));
    try {
      const file = writeDemoRejections(join(dir, 'fanzha.db'), summary.rejections);
      expect(file).toBe(join(dir, 'demo-rejected.jsonl'));
      const rows = readFileSync(file ?? '', 'utf8')
        .trim()
        .split('\n');
      expect(rows).toHaveLength(summary.rejected);
      expect(JSON.parse(rows[0] ?? '{}')).toEqual(summary.rejections[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers the documented examples and the lookup form's placeholder", () => {
    const look = (v: string) => {
      const r = t.c.lookups.lookupRaw(v, undefined, 'public');
      if ('error' in r) throw new Error(r.error);
      return r;
    };
    expect(look('+886 2 2094 1441').verdict).toBe('suspicious');
    expect(look('0000111148821')).toMatchObject({ type: 'bank', verdict: 'fraud' });
    expect(look('https://www.0xdappplus.com').verdict).toBe('suspicious');
    expect(look('0xdappplus.com').reasons.join(' ')).toContain('www.0xdappplus.com');
    const i18n = readFileSync(join(ROOT, 'web', 'src', 'i18n.tsx'), 'utf8');
    const placeholder = /lookupPlaceholder: \[\s*'例如 (.+?) 或 (\S+?)'/.exec(i18n);
    expect(placeholder).not.toBeNull();
    for (const v of [placeholder?.[1] ?? '', placeholder?.[2] ?? ''])
      expect(look(v).verdict).not.toBe('unknown');
  });
});

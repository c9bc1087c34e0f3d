import { describe, expect, it } from 'vitest';
import { stixPattern, streamStixBundle, toStixBundle, uuidV5, type StixBundle } from './stix.ts';
import { sampleRecords } from './export.fixtures.ts';

const STIX_ID = /^[a-z][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Required properties of STIX 2.1 (OASIS, sections 3.x common properties, 4.5 identity, 4.7 indicator). */
const REQUIRED: Record<string, readonly string[]> = {
  identity: ['type', 'spec_version', 'id', 'created', 'modified', 'name'],
  indicator: ['type', 'spec_version', 'id', 'created', 'modified', 'pattern', 'pattern_type', 'valid_from'],
};

const checkShape = (bundle: StixBundle): string[] => {
  const problems: string[] = [];
  if (bundle.type !== 'bundle' || !STIX_ID.test(bundle.id) || !bundle.id.startsWith('bundle--'))
    problems.push('bundle');
  const ids = new Set(bundle.objects.map((o) => o.id));
  for (const object of bundle.objects) {
    const fields: Record<string, unknown> = { ...object };
    for (const key of REQUIRED[object.type] ?? ['?'])
      if (fields[key] === undefined) problems.push(`${object.id}: no ${key}`);
    if (object.spec_version !== '2.1') problems.push(`${object.id}: spec_version`);
    if (!STIX_ID.test(object.id) || !object.id.startsWith(`${object.type}--`))
      problems.push(`${object.id}: id`);
    if (!TIMESTAMP.test(object.created) || !TIMESTAMP.test(object.modified))
      problems.push(`${object.id}: timestamps`);
    if (object.modified < object.created) problems.push(`${object.id}: modified before created`);
    for (const key of Object.keys(fields))
      if (!/^[a-z0-9_]{2,250}$/.test(key)) problems.push(`${object.id}: property ${key}`);
    if (object.type === 'indicator') {
      if (!/^\[[a-z0-9-]+:[a-z_]+ = '(?:[^'\\]|\\.)*'\]$/.test(object.pattern))
        problems.push(`${object.id}: pattern`);
      if (object.valid_until !== undefined && object.valid_until <= object.valid_from)
        problems.push(`${object.id}: valid_until`);
      if (!Number.isInteger(object.confidence) || object.confidence < 0 || object.confidence > 100)
        problems.push('confidence');
      if (object.created_by_ref !== undefined && !ids.has(object.created_by_ref))
        problems.push(`${object.id}: dangling creator`);
    }
  }
  return problems;
};

describe('STIX 2.1 export', () => {
  it('computes RFC 4122 version-5 UUIDs', () => {
    // Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('produces a bundle with the required properties of every object', () => {
    const bundle = toStixBundle(sampleRecords, new Map([['org-operator', 'China Mobile Beijing']]));
    expect(checkShape(bundle)).toEqual([]);
    const types = bundle.objects.map((o) => o.type);
    expect(types.filter((t) => t === 'indicator')).toHaveLength(3);
    const identity = bundle.objects.find((o) => o.type === 'identity');
    expect(identity?.name).toBe('China Mobile Beijing');
  });

  it('maps verdict, score, fraud type and validity onto indicator properties', () => {
    const bundle = toStixBundle(sampleRecords);
    const phone = bundle.objects.find((o) => o.type === 'indicator' && o.x_fanzha_type === 'phone');
    expect(phone).toMatchObject({
      pattern: "[x-fanzha-phone:value = '+8613800138000']",
      indicator_types: ['malicious-activity'],
      confidence: 93,
      labels: ['fanzha-phone', 'fake_customer_service'],
      valid_from: '2025-01-01T00:00:00.000Z',
      valid_until: '2025-01-03T00:00:00.000Z',
    });
  });

  it('leaves valid_until open while any claim is open-ended', () => {
    const open = toStixBundle(sampleRecords).objects.find(
      (o) => o.type === 'indicator' && o.x_fanzha_type === 'url',
    );
    expect(open && 'valid_until' in open).toBe(false);
  });

  it('gives stable ids: exporting twice yields identical objects', () => {
    expect(JSON.stringify(toStixBundle(sampleRecords))).toBe(JSON.stringify(toStixBundle(sampleRecords)));
    const moved = toStixBundle([...sampleRecords].reverse());
    const idsOf = (b: StixBundle) => b.objects.map((o) => o.id).sort();
    expect(idsOf(moved)).toEqual(idsOf(toStixBundle(sampleRecords)));
  });

  it('uses the standard observables where STIX has them and escapes quotes', () => {
    expect(stixPattern('domain', 'evil.example.com')).toBe("[domain-name:value = 'evil.example.com']");
    expect(stixPattern('ip', '1.2.3.4')).toBe("[ipv4-addr:value = '1.2.3.4']");
    expect(stixPattern('ip', '2001:db8::1')).toBe("[ipv6-addr:value = '2001:db8::1']");
    expect(stixPattern('url', "http://a.cn/it's\\x")).toBe("[url:value = 'http://a.cn/it\\'s\\\\x']");
    expect(stixPattern('account', 'qq:123456')).toBe("[x-fanzha-account:value = 'qq:123456']");
  });
});

describe('a streamed bundle', () => {
  it('holds the same objects as the bundle built at once, and a stable id', async () => {
    async function* records() {
      for (const r of sampleRecords) yield r;
    }
    const names = () => Promise.resolve(new Map([['org-operator', 'China Mobile Beijing']]));
    let text = '';
    for await (const chunk of streamStixBundle(records(), names)) text += chunk;
    const streamed = JSON.parse(text) as StixBundle;
    const whole = toStixBundle(sampleRecords, new Map([['org-operator', 'China Mobile Beijing']]));
    const byId = (b: StixBundle) => [...b.objects].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(streamed)).toEqual(byId(whole));
    expect(streamed.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    let again = '';
    for await (const chunk of streamStixBundle(records(), names)) again += chunk;
    expect((JSON.parse(again) as StixBundle).id).toBe(streamed.id);
  });
});

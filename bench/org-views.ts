/**
 * `npx tsx bench/org-views.ts`: what the per-organisation views (local overrides, owners' standings) cost
 * on the hot paths, each beside the national answer measured in the same process, in alternating rounds
 * (median of 5), so a busy machine slows both alike. 1M numbers in the index, half the probes miss;
 * 10,000 local overrides held by other organisations and 1,000 by the viewer.
 */
import { LookupIndex } from '../src/modules/lookups/lookup-index.ts';
import { createLookupsService } from '../src/modules/lookups/lookups.service.ts';
import { OrgViews } from '../src/modules/lookups/org-views.ts';
import { createEdgeService } from '../src/modules/edge/edge.service.ts';
import { formatFigure, throughput, type Figure } from './harness.ts';

const KEY = { pseudonymKey: 'bench-key-0123456789abcdef', defaultCountry: 'CN' };
const phone = (i: number) => `+861${30 + (i % 70)}${String(i % 100_000_000).padStart(8, '0')}`;
const N = 1_000_000;
const ROUNDS = 5;

const index = new LookupIndex();
for (let i = 0; i < N; i++)
  index.set({
    type: 'phone',
    normalized: phone(i),
    verdictPublic: 'fraud',
    scorePublic: 0.8,
    verdictMembers: 'fraud',
    scoreMembers: 0.9,
    fraudType: 'fake_investment',
    reasons: ['cross-verified by 2 independent organisations'],
  });
const views = new OrgViews();
const row = (orgId: string, i: number) => ({
  orgId,
  type: 'phone' as const,
  normalized: phone(i),
  kind: 'allow' as const,
  verdict: 'allowed' as const,
  label: 'bench',
  reason: 'bench',
});
for (let i = 0; i < 10_000; i++)
  views.setOverride(`org_other_${i % 10}`, 'phone', phone(i * 7), 'allow', row('x', i * 7));
for (let i = 0; i < 1_000; i++)
  views.setOverride('org_viewer', 'phone', phone(i * 2), 'allow', row('org_viewer', i * 2));

const national = createLookupsService({ index, normalize: KEY });
const withViews = createLookupsService({ index, normalize: KEY, orgViews: views });
const probes = Array.from({ length: 4096 }, (_, i) => phone(i % 2 === 0 ? i * 97 : N + i * 13));
const raws = probes.map((p) => `${p.slice(3, 6)} ${p.slice(6, 10)} ${p.slice(10)}`);
const callers = probes.map((p) => p.slice(3));
let k = 0;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Alternating rounds of the figure and its baseline; the median of each. */
const pair = (figure: () => number, baseline: () => number): { value: number; base: number } => {
  const v: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    v.push(throughput(figure, 600));
    b.push(throughput(baseline, 600));
  }
  return { value: median(v), base: median(b) };
};

const lookupsOf = (svc: typeof national, viewer: string | undefined) => (): number => {
  for (let i = 0; i < 256; i++) svc.lookupRaw(raws[k++ & 4095] ?? '', 'phone', 'members', viewer);
  return 256;
};

const record = (f: Figure) => console.log(formatFigure(f));

const plain = lookupsOf(national, undefined);
for (const [name, viewer] of [
  ['member lookup, viewer without overrides (10k held by others)', 'org_nobody'],
  ['member lookup, viewer holding 1,000 overrides', 'org_viewer'],
] as const) {
  const r = pair(lookupsOf(withViews, viewer), plain);
  record({
    name,
    value: r.value,
    unit: 'lookups/s',
    baseline: { name: 'national member lookup, same run', value: r.base },
  });
}

const edgeOf = (svc: typeof national) => createEdgeService({ lookups: svc, normalize: KEY });
const edgeNational = edgeOf(national);
const edgeViews = edgeOf(withViews);
const calls = (svc: ReturnType<typeof edgeOf>, viewer: string | undefined) => (): number => {
  for (let i = 0; i < 256; i++) svc.checkCall(callers[k++ & 4095] ?? '', '13900000000', undefined, viewer);
  return 256;
};
const c = pair(calls(edgeViews, 'org_viewer'), calls(edgeNational, undefined));
record({
  name: 'edge call check by a key of an organisation with 1,000 overrides',
  value: c.value,
  unit: 'checks/s',
  baseline: { name: 'national call check, same run', value: c.base },
});

/**
 * Leads to police (线索): a case exported as a dossier, JSON for their systems and a printable HTML page.
 * Reporter contacts never enter a dossier; subjects appear only as pseudonyms, as everywhere else.
 */
import type { Actor } from '../../shared/actor.ts';
import type { CaseEvent, CaseValue, Case, QueueItem, WorkOrder } from './cases.types.ts';

/** One edge of a gang's graph, with the evidence that joins its two values. */
export interface DossierGangEdge {
  readonly from: string;
  readonly to: string;
  readonly weight: number;
  readonly evidence: ReadonlyArray<{ readonly kind: string; readonly source: string; readonly at: number }>;
}

/**
 * A gang that holds some of the case's values, as the reader's view of the gang graph shows it:
 * values are `type:normalized` keys. `chains` are the evidence chains (fewest hops inside the gang)
 * from each of the case's values to the gang's listed members.
 */
export interface DossierGang {
  readonly id: string;
  readonly score: number;
  readonly size: number;
  readonly flagged: number;
  readonly members: Readonly<Record<string, readonly string[]>>;
  readonly fraudTypes: readonly string[];
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  readonly caseValues: readonly string[];
  readonly nodes: ReadonlyArray<{ readonly key: string; readonly role: string; readonly verdict: string }>;
  readonly edges: readonly DossierGangEdge[];
  readonly chains: ReadonlyArray<{
    readonly from: string;
    readonly to: string;
    readonly steps: readonly DossierGangEdge[];
  }>;
}

/** The gangs holding any of a case's values, as the actor may see them (none for an actor who may not). */
export type GangsOfValues = (
  actor: Actor,
  values: ReadonlyArray<{ readonly type: string; readonly normalized: string }>,
) => Promise<DossierGang[]>;

export interface Dossier {
  readonly format: 'fanzha.dossier/1';
  readonly generatedAt: number;
  readonly case: Case;
  readonly values: ReadonlyArray<CaseValue & { status: string | null; verdict: string }>;
  readonly sources: ReadonlyArray<
    Pick<QueueItem, 'id' | 'kind' | 'title' | 'channel' | 'reportCount' | 'firstAt' | 'lastAt'>
  >;
  readonly workOrders: ReadonlyArray<
    Pick<
      WorkOrder,
      | 'id'
      | 'orgId'
      | 'action'
      | 'status'
      | 'createdAt'
      | 'deadlineAt'
      | 'respondedAt'
      | 'actedAt'
      | 'outcome'
      | 'responseNote'
    >
  >;
  readonly timeline: readonly CaseEvent[];
  /** The gangs the case's values belong to, with their graph and evidence chains; empty when none. */
  readonly gangs: readonly DossierGang[];
}

export const buildDossier = (
  detail: {
    case: Case;
    values: ReadonlyArray<CaseValue & { status: string | null; verdict: string }>;
    queueItems: readonly QueueItem[];
    workOrders: readonly WorkOrder[];
    timeline: readonly CaseEvent[];
  },
  now: number,
  gangs: readonly DossierGang[] = [],
): Dossier => ({
  format: 'fanzha.dossier/1',
  generatedAt: now,
  case: detail.case,
  values: detail.values.map((v) => ({
    resourceId: v.resourceId,
    type: v.type,
    normalized: v.normalized,
    display: v.display,
    addedAt: v.addedAt,
    status: v.status,
    verdict: v.verdict,
  })),
  sources: detail.queueItems.map((q) => ({
    id: q.id,
    kind: q.kind,
    title: q.title,
    channel: q.channel,
    reportCount: q.reportCount,
    firstAt: q.firstAt,
    lastAt: q.lastAt,
  })),
  workOrders: detail.workOrders.map((w) => ({
    id: w.id,
    orgId: w.orgId,
    action: w.action,
    status: w.status,
    createdAt: w.createdAt,
    deadlineAt: w.deadlineAt,
    respondedAt: w.respondedAt,
    actedAt: w.actedAt,
    outcome: w.outcome,
    responseNote: w.responseNote,
  })),
  timeline: detail.timeline,
  gangs,
});

const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const time = (ms: number | null): string =>
  ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const table = (head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

/** Node colours by role in the drawn gang graph; listed values get a red ring. */
const ROLE_COLOUR: Readonly<Record<string, string>> = {
  callers: '#4e79a7',
  muleAccounts: '#f28e2b',
  domains: '#59a14f',
  devices: '#76b7b2',
  templates: '#edc948',
  cells: '#b07aa1',
};
const DRAWN_NODES = 60;

/**
 * The gang's graph as inline SVG (prints without scripts): the values on a circle grouped by role, the
 * case's own values drawn larger, edges thicker by weight. Beyond DRAWN_NODES values the heaviest-linked
 * are drawn and the tables below list the rest.
 */
const gangSvg = (g: DossierGang): string => {
  const degree = new Map<string, number>();
  for (const e of g.edges) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + e.weight);
    degree.set(e.to, (degree.get(e.to) ?? 0) + e.weight);
  }
  const mine = new Set(g.caseValues);
  const drawn = [...g.nodes]
    .sort(
      (a, b) =>
        Number(mine.has(b.key)) - Number(mine.has(a.key)) ||
        (degree.get(b.key) ?? 0) - (degree.get(a.key) ?? 0),
    )
    .slice(0, DRAWN_NODES)
    .sort((a, b) => a.role.localeCompare(b.role) || a.key.localeCompare(b.key));
  const size = 640;
  const c = size / 2;
  const r = c - 110;
  const at = new Map(
    drawn.map((n, i) => {
      const t = (2 * Math.PI * i) / Math.max(1, drawn.length);
      return [n.key, { x: c + r * Math.cos(t), y: c + r * Math.sin(t), t }] as const;
    }),
  );
  const lines = g.edges
    .flatMap((e) => {
      const a = at.get(e.from);
      const b = at.get(e.to);
      return a && b
        ? [
            `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="#888" stroke-width="${Math.min(4, 0.5 + e.weight).toFixed(1)}"><title>${esc(e.from)} — ${esc(e.to)}: ${esc(e.evidence.map((x) => x.kind).join(', '))}</title></line>`,
          ]
        : [];
    })
    .join('');
  const dots = drawn
    .map((n) => {
      const p = at.get(n.key) ?? { x: c, y: c, t: 0 };
      const listed = n.verdict === 'fraud' || n.verdict === 'suspicious';
      const lx = c + (r + 12) * Math.cos(p.t);
      const ly = c + (r + 12) * Math.sin(p.t);
      const anchor = Math.cos(p.t) >= 0 ? 'start' : 'end';
      const label = n.key.length > 24 ? `${n.key.slice(0, 23)}…` : n.key;
      return `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${mine.has(n.key) ? 9 : 6}" fill="${ROLE_COLOUR[n.role] ?? '#bab0ac'}" stroke="${listed ? '#d00' : '#333'}" stroke-width="${listed ? 3 : 1}"><title>${esc(n.key)} (${esc(n.role)}, ${esc(n.verdict)})</title></circle><text x="${lx.toFixed(1)}" y="${(ly + 3).toFixed(1)}" font-size="9" text-anchor="${anchor}">${esc(label)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="100%" style="max-width:${size}px" role="img" aria-label="gang graph ${esc(g.id)}">${lines}${dots}</svg>`;
};

const chainText = (steps: readonly DossierGangEdge[]): string =>
  [
    steps[0]?.from ?? '',
    ...steps.map((s) => `—[${s.evidence.map((e) => e.kind).join(', ') || 'link'}]→ ${s.to}`),
  ].join(' ');

const gangSection = (g: DossierGang): string => `<section class="gang">
<h3>团伙 Gang ${esc(g.id)} · score ${esc(g.score)} · ${esc(g.size)} values, ${esc(g.flagged)} listed · fraud types ${esc(g.fraudTypes.join(', ') || '—')} · active ${time(g.firstAt)} – ${time(g.lastAt)}</h3>
<p>This case's values in the gang: ${g.caseValues.map((k) => `<b>${esc(k)}</b>`).join(', ')}</p>
${gangSvg(g)}
<h4>成员 Members by role</h4>${table(
  ['role', 'values'],
  Object.entries(g.members).map(([role, keys]) => [role, keys.join(', ')]),
)}
<h4>证据链 Evidence chains (${g.chains.length})</h4>${table(
  ['from', 'to', 'hops', 'chain'],
  g.chains.map((ch) => [ch.from, ch.to, ch.steps.length, chainText(ch.steps)]),
)}
<h4>关系 Links (${g.edges.length})</h4>${table(
  ['from', 'to', 'weight', 'evidence'],
  g.edges.map((e) => [
    e.from,
    e.to,
    Math.round(e.weight * 100) / 100,
    e.evidence.map((x) => `${x.kind} ${x.source} ${time(x.at)}`).join('; '),
  ]),
)}
</section>`;

/** A self-contained page that prints cleanly (no scripts, no external resources). */
export const dossierHtml = (
  d: Dossier,
): string => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>线索 ${esc(d.case.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;font-size:.9rem}section.gang{break-inside:avoid-page}@media print{body{margin:0}}</style></head><body>
<h1>涉诈线索 Police lead — ${esc(d.case.title)}</h1>
<p>Case <b>${esc(d.case.id)}</b> · severity ${esc(d.case.severity)} · fraud type ${esc(d.case.fraudType ?? '—')} · status ${esc(d.case.status)} · opened ${time(d.case.createdAt)} · generated ${time(d.generatedAt)}</p>
<h2>涉诈资源 Values (${d.values.length})</h2>${table(
  ['type', 'value', 'lifecycle', 'verdict'],
  d.values.map((v) => [v.type, v.display, v.status ?? '—', v.verdict]),
)}
<h2>来源 Sources (${d.sources.length})</h2>${table(
  ['item', 'kind', 'title', 'channel', 'reports', 'first', 'last'],
  d.sources.map((s) => [
    s.id,
    s.kind,
    s.title,
    s.channel ?? '—',
    s.reportCount,
    time(s.firstAt),
    time(s.lastAt),
  ]),
)}
<h2>处置工单 Work orders (${d.workOrders.length})</h2>${table(
  ['order', 'organisation', 'action', 'status', 'outcome', 'deadline', 'acted', 'note'],
  d.workOrders.map((w) => [
    w.id,
    w.orgId,
    w.action,
    w.status,
    w.outcome ?? '',
    time(w.deadlineAt),
    time(w.actedAt),
    w.responseNote ?? '',
  ]),
)}
${
  d.gangs.length > 0
    ? `<h2>关联团伙 Gangs holding this case's values (${d.gangs.length})</h2>${d.gangs.map(gangSection).join('')}`
    : ''
}
<h2>时间线 Timeline</h2>${table(
  ['time', 'who', 'what', 'details'],
  d.timeline.map((e) => [time(e.at), e.actor, e.kind, JSON.stringify(e.data)]),
)}
</body></html>`;

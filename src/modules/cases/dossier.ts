/**
 * Leads to police (线索): a case exported as a dossier, JSON for their systems and a printable HTML page.
 * Reporter contacts never enter a dossier; subjects appear only as pseudonyms, as everywhere else.
 */
import type { CaseEvent, CaseValue, Case, QueueItem, WorkOrder } from './cases.types.ts';

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

/** A self-contained page that prints cleanly (no scripts, no external resources). */
export const dossierHtml = (
  d: Dossier,
): string => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>线索 ${esc(d.case.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;font-size:.9rem}@media print{body{margin:0}}</style></head><body>
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
<h2>时间线 Timeline</h2>${table(
  ['time', 'who', 'what', 'details'],
  d.timeline.map((e) => [time(e.at), e.actor, e.kind, JSON.stringify(e.data)]),
)}
</body></html>`;

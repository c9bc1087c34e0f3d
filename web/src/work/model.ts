/**
 * 协同处置 as the console reads it: the queue, cases, work orders and appeals parsed from the API's
 * answers (parse, don't cast), and the calls that change them. Every list pages the same way: `after`
 * takes the previous answer's `nextCursor`, an opaque string.
 */
import { asArray, asRecord, get, num, optStr, post, request, str } from '../api.ts';

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | undefined;
}

export const getPage = async <T>(
  path: string,
  parse: (v: unknown) => T,
  query: Record<string, string | number | undefined>,
): Promise<Page<T>> => {
  const b = asRecord(await get(path, query));
  const next = b['nextCursor'];
  return {
    items: asArray(b['items']).map(parse),
    nextCursor: typeof next === 'string' || typeof next === 'number' ? String(next) : undefined,
  };
};

export interface ValueRef {
  readonly type: string;
  readonly normalized: string;
  readonly display: string;
}
const parseValueRef = (v: unknown): ValueRef => {
  const r = asRecord(v);
  return {
    type: str(r['type']),
    normalized: str(r['normalized']),
    display: str(r['display'], str(r['normalized'])),
  };
};
const optNum = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export interface QueueItem {
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly title: string;
  readonly channel: string | null;
  readonly fraudType: string | null;
  readonly source: string;
  readonly values: readonly ValueRef[];
  readonly reportCount: number;
  readonly priority: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly caseId: string | null;
  readonly decidedBy: string | null;
  readonly reason: string | null;
}
export const parseQueueItem = (v: unknown): QueueItem => {
  const r = asRecord(v);
  return {
    id: num(r['id']),
    kind: str(r['kind']),
    status: str(r['status']),
    title: str(r['title']),
    channel: optStr(r['channel']) ?? null,
    fraudType: optStr(r['fraudType']) ?? null,
    source: str(r['source']),
    values: asArray(r['values']).map(parseValueRef),
    reportCount: num(r['reportCount']),
    priority: num(r['priority']),
    firstAt: num(r['firstAt']),
    lastAt: num(r['lastAt']),
    caseId: optStr(r['caseId']) ?? null,
    decidedBy: optStr(r['decidedBy']) ?? null,
    reason: optStr(r['reason']) ?? null,
  };
};

export interface KnownValue extends ValueRef {
  readonly status: string | null;
  readonly verdict: string;
  readonly score: number;
  readonly claims: number;
}
export interface Evidence {
  readonly id: string;
  readonly mime: string;
  readonly size: number;
}
export interface ReportText {
  readonly id: string;
  readonly channel: string;
  readonly text: string;
  readonly amountLost: number | null;
  readonly createdAt: number;
  readonly contact: string | null;
  readonly evidence: readonly Evidence[];
}
export interface QueueDetail {
  readonly item: QueueItem;
  readonly values: readonly KnownValue[];
  readonly reports: readonly ReportText[];
}
export const parseQueueDetail = (v: unknown): QueueDetail => {
  const r = asRecord(v);
  return {
    item: parseQueueItem(r['item']),
    values: asArray(r['values']).map((x) => {
      const o = asRecord(x);
      return {
        ...parseValueRef(o),
        status: optStr(o['status']) ?? null,
        verdict: str(o['verdict'], 'unknown'),
        score: num(o['score']),
        claims: num(o['claims']),
      };
    }),
    reports: asArray(r['reports']).map((x) => {
      const o = asRecord(x);
      return {
        id: str(o['id']),
        channel: str(o['channel']),
        text: str(o['text']),
        amountLost: optNum(o['amountLost']),
        createdAt: num(o['createdAt']),
        contact: optStr(o['contact']) ?? null,
        evidence: asArray(o['evidence']).map((e) => {
          const d = asRecord(e);
          return { id: str(d['id'], str(d['sha256'])), mime: str(d['mime']), size: num(d['size']) };
        }),
      };
    }),
  };
};

export interface Case {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly fraudType: string | null;
  readonly assignee: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deadlineAt: number | null;
}
export const parseCase = (v: unknown): Case => {
  const r = asRecord(v);
  return {
    id: str(r['id']),
    title: str(r['title']),
    status: str(r['status']),
    severity: str(r['severity']),
    fraudType: optStr(r['fraudType']) ?? null,
    assignee: optStr(r['assignee']) ?? null,
    createdBy: str(r['createdBy']),
    createdAt: num(r['createdAt']),
    updatedAt: num(r['updatedAt']),
    deadlineAt: optNum(r['deadlineAt']),
  };
};

export interface WorkOrder extends ValueRef {
  readonly id: string;
  readonly caseId: string;
  readonly orgId: string;
  readonly resourceId: number;
  readonly action: string;
  readonly severity: string;
  readonly status: string;
  readonly escalationLevel: number;
  readonly createdAt: number;
  readonly deadlineAt: number;
  readonly respondedAt: number | null;
  readonly actedAt: number | null;
  /** `done`, `not_ours` or `cannot_act` once answered. */
  readonly outcome: string | null;
  readonly responseNote: string | null;
}
export const parseWorkOrder = (v: unknown): WorkOrder => {
  const r = asRecord(v);
  return {
    ...parseValueRef(r),
    id: str(r['id']),
    caseId: str(r['caseId']),
    orgId: str(r['orgId']),
    resourceId: num(r['resourceId']),
    action: str(r['action']),
    severity: str(r['severity']),
    status: str(r['status']),
    escalationLevel: num(r['escalationLevel']),
    createdAt: num(r['createdAt']),
    deadlineAt: num(r['deadlineAt']),
    respondedAt: optNum(r['respondedAt']),
    actedAt: optNum(r['actedAt']),
    outcome: optStr(r['outcome']) ?? null,
    responseNote: optStr(r['responseNote']) ?? null,
  };
};

export interface CaseEvent {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}
export interface CaseValue extends ValueRef {
  readonly resourceId: number;
  readonly status: string | null;
  readonly verdict: string;
}
export interface CaseDetail {
  readonly case: Case;
  readonly values: readonly CaseValue[];
  readonly queueItems: readonly QueueItem[];
  readonly workOrders: readonly WorkOrder[];
  readonly timeline: readonly CaseEvent[];
}
export const parseCaseDetail = (v: unknown): CaseDetail => {
  const r = asRecord(v);
  return {
    case: parseCase(r['case']),
    values: asArray(r['values']).map((x) => {
      const o = asRecord(x);
      return {
        ...parseValueRef(o),
        resourceId: num(o['resourceId']),
        status: optStr(o['status']) ?? null,
        verdict: str(o['verdict'], 'unknown'),
      };
    }),
    queueItems: asArray(r['queueItems']).map(parseQueueItem),
    workOrders: asArray(r['workOrders']).map(parseWorkOrder),
    timeline: asArray(r['timeline']).map((x) => {
      const o = asRecord(x);
      return {
        id: num(o['id']),
        at: num(o['at']),
        actor: str(o['actor']),
        kind: str(o['kind']),
        data: asRecord(o['data']),
      };
    }),
  };
};

export interface Appeal {
  readonly id: string;
  readonly resourceId: number;
  readonly type: string;
  readonly normalized: string;
  readonly orgId: string;
  readonly filedBy: string;
  readonly statement: string;
  readonly checklist: ReadonlyArray<{ item: string; provided: boolean; note: string }>;
  readonly previousStatus: string;
  readonly status: string;
  readonly createdAt: number;
  readonly dueAt: number;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
  readonly reason: string | null;
}
export const parseAppeal = (v: unknown): Appeal => {
  const r = asRecord(v);
  return {
    id: str(r['id']),
    resourceId: num(r['resourceId']),
    type: str(r['type']),
    normalized: str(r['normalized']),
    orgId: str(r['orgId']),
    filedBy: str(r['filedBy']),
    statement: str(r['statement']),
    checklist: asArray(r['checklist']).map((x) => {
      const o = asRecord(x);
      return { item: str(o['item']), provided: o['provided'] === true, note: str(o['note']) };
    }),
    previousStatus: str(r['previousStatus']),
    status: str(r['status']),
    createdAt: num(r['createdAt']),
    dueAt: num(r['dueAt']),
    decidedAt: optNum(r['decidedAt']),
    decidedBy: optStr(r['decidedBy']) ?? null,
    reason: optStr(r['reason']) ?? null,
  };
};

/** The collaboration actions the caller may take (the server's own rule table). */
export const fetchPermissions = async (): Promise<ReadonlySet<string>> =>
  new Set(asArray(asRecord(await get('/api/v1/collaboration/permissions'))['actions']).map((a) => str(a)));

export type Decision =
  | { decision: 'confirm'; reason: string; fraudType?: string; severity?: string; caseId?: string }
  | { decision: 'reject' | 'escalate'; reason: string }
  | { decision: 'merge'; reason: string; into: number };

export const work = {
  queueItem: async (id: number) => parseQueueDetail(await get(`/api/v1/queue/${id}`)),
  decide: (id: number, d: Decision) => post(`/api/v1/queue/${id}/decision`, d),
  case: async (id: string) => parseCaseDetail(await get(`/api/v1/cases/${encodeURIComponent(id)}`)),
  patchCase: (id: string, body: { status?: 'open' | 'closed'; severity?: string; reason?: string }) =>
    request('PATCH', `/api/v1/cases/${encodeURIComponent(id)}`, body),
  note: (id: string, text: string) => post(`/api/v1/cases/${encodeURIComponent(id)}/notes`, { text }),
  createWorkOrders: (id: string, body: { severity?: string; action?: string }) =>
    post(`/api/v1/cases/${encodeURIComponent(id)}/workorders`, body),
  feedback: (
    id: string,
    body: { outcome: 'done' | (typeof REFUSALS)[number]; note?: string; actedAt?: string },
  ) => post(`/api/v1/workorders/${encodeURIComponent(id)}/feedback`, body),
  reroute: (id: string, body: { orgId: string; reason: string }) =>
    post(`/api/v1/workorders/${encodeURIComponent(id)}/route`, body),
  fileAppeal: (body: {
    type: string;
    value: string;
    statement: string;
    checklist: ReadonlyArray<{ item: string; provided: boolean; note?: string }>;
  }) => post('/api/v1/appeals', body),
  decideAppeal: (id: string, body: { decision: 'upheld' | 'rejected'; reason: string }) =>
    post(`/api/v1/appeals/${encodeURIComponent(id)}/decision`, body),
};

/** The answers that refuse a work order, each needing its evidence. */
export const REFUSALS = ['not_ours', 'cannot_act'] as const;

/**
 * Gang mining over everything the platform holds: library links, values named together in a report,
 * SMS senders and their templates and the values those name, and transfers. Two graphs: the whole one
 * (the regulator's view) and the shared one (private links and transfers left out) for everyone else.
 * New links and transfers are applied as incremental edge updates; a change in reports or SMS, or
 * every `fullEvery` new edges, rebuilds with a full detection. Gangs are communities with at least one
 * value the library holds as fraud or suspicious.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { may, requireMay } from '../../shared/policy.ts';
import type { DossierGang } from '../cases/dossier.ts';
import {
  EDGE_WEIGHTS,
  edgesFromReport,
  edgesFromSms,
  edgesFromTransfers,
  type GraphEdge,
} from './gang.edges.ts';
import { GangGraph, type EvidenceStep } from './gang.graph.ts';
import type { GangsRepository, ValueMeta } from './gangs.repository.ts';

export const ROLE_OF: Readonly<Record<string, string>> = {
  phone: 'callers',
  bank: 'muleAccounts',
  domain: 'domains',
  url: 'domains',
  device: 'devices',
  sms: 'templates',
  template: 'templates',
  ip: 'infrastructure',
  app: 'apps',
  account: 'handles',
  subject: 'subjects',
  cell: 'cells',
};

export interface GangSummary {
  id: string;
  score: number;
  size: number;
  flagged: number;
  members: Readonly<Record<string, string[]>>;
  fraudTypes: string[];
  templates: string[];
  firstAt: number | null;
  lastAt: number | null;
}

export interface GangDetail extends GangSummary {
  nodes: Array<{ key: string; role: string; verdict: string }>;
  edges: EvidenceStep[];
}

export interface TransferPage {
  readonly recordId: string;
  readonly payer: string;
  readonly payee: string;
  readonly time: number;
}

export interface GangsDeps {
  readonly db: Db;
  readonly repo: GangsRepository;
  readonly clock: Clock;
  /** Transfers stored after a row id, as the stream keeps them; the record id starts with the sender. */
  readonly transfers: (afterId: number) => AsyncIterable<ReadonlyArray<{ id: number; record: TransferPage }>>;
  readonly fullEvery?: number | undefined;
}

interface View {
  readonly graph: GangGraph;
  gangs: Map<string, { summary: GangSummary; members: number[] }>;
}

const MAX_MEMBERS = 300;
/** Evidence chains a case dossier shows per gang. */
const MAX_CHAINS = 20;
const gangId = (keys: readonly string[]): string =>
  `gang_${createHash('sha256')
    .update(keys.reduce((a, b) => (a < b ? a : b)))
    .digest('hex')
    .slice(0, 12)}`;

const isPrivate = (evidence: string): boolean => {
  try {
    const e = JSON.parse(evidence) as { sharing?: unknown };
    return e.sharing === 'private';
  } catch {
    return false;
  }
};

export const gangsService = (deps: GangsDeps) => {
  const { db, repo } = deps;
  let views: { all: View; shared: View } | undefined;
  let lastLink = 0;
  let lastTransfer = 0;
  // A pair of accounts is one edge however many transfers it sees, across pulls as within one.
  let transferPairs = new Set<string>();
  let counts = '';
  let sinceFull = 0;
  let meta = new Map<string, ValueMeta>();

  const add = (e: GraphEdge, update: boolean): void => {
    if (!views) return;
    views.all.graph.addEdge(e.a, e.b, e.weight, e.evidence, update);
    if (e.owner === null) views.shared.graph.addEdge(e.a, e.b, e.weight, e.evidence, update);
  };

  /** New links and transfers since the last look; everything when the graph is new. */
  const pull = async (update: boolean): Promise<number> => {
    let n = 0;
    for await (const page of repo.links(db, lastLink))
      for (const l of page) {
        lastLink = l.id;
        add(
          {
            a: l.from,
            b: l.to,
            weight: EDGE_WEIGHTS.link,
            evidence: { kind: `link:${l.kind}`, source: `link:${l.id}`, at: l.at },
            owner: isPrivate(l.evidence) ? l.orgId : null,
          },
          update,
        );
        n++;
      }
    for await (const page of deps.transfers(lastTransfer)) {
      const fresh: TransferPage[] = [];
      for (const t of page) {
        lastTransfer = Math.max(lastTransfer, t.id);
        const pair = `${t.record.payer}>${t.record.payee}`;
        if (transferPairs.has(pair)) continue;
        transferPairs.add(pair);
        fresh.push(t.record);
      }
      for (const e of edgesFromTransfers(fresh, null)) {
        add({ ...e, owner: e.evidence.source.slice(0, e.evidence.source.indexOf(':')) || 'unknown' }, update);
        n++;
      }
    }
    return n;
  };

  const rebuild = async (): Promise<void> => {
    views = {
      all: { graph: new GangGraph(), gangs: new Map() },
      shared: { graph: new GangGraph(), gangs: new Map() },
    };
    lastLink = 0;
    lastTransfer = 0;
    transferPairs = new Set();
    sinceFull = 0;
    for (const r of await repo.reports(db)) {
      let values: unknown;
      try {
        values = JSON.parse(r.valuesJson);
      } catch {
        continue;
      }
      const keys = Array.isArray(values)
        ? values.flatMap((v: { type?: unknown; normalized?: unknown; value?: unknown }) =>
            typeof v.type === 'string' && (typeof v.normalized === 'string' || typeof v.value === 'string')
              ? [`${v.type}:${String(v.normalized ?? v.value)}`]
              : [],
          )
        : [];
      for (const e of edgesFromReport(r.id, keys, r.at)) add(e, false);
    }
    const sms = await repo.smsMessages(db);
    for (const m of sms) {
      let mentions: string[] = [];
      try {
        const list = JSON.parse(m.indicators) as Array<{ kind?: unknown; value?: unknown }>;
        mentions = list.flatMap((i) =>
          typeof i.kind === 'string' && typeof i.value === 'string' ? [`${i.kind}:${i.value}`] : [],
        );
      } catch {
        mentions = [];
      }
      for (const e of edgesFromSms(
        [{ id: m.id, sender: m.sender, template: m.templateId, at: m.at, mentions }],
        m.orgId,
      ))
        add(e, false);
    }
    await pull(false);
    views.all.graph.detect();
    views.shared.graph.detect();
    counts = await repo.sourceCounts(db);
    await summarise();
  };

  const summarise = async (): Promise<void> => {
    if (!views) return;
    const groups = [views.all, views.shared].map((v) => ({ v, groups: v.graph.groups(3) }));
    const keys = new Set<string>();
    for (const { v, groups: gs } of groups)
      for (const g of gs) for (const i of g.slice(0, MAX_MEMBERS * 4)) keys.add(v.graph.keys[i] ?? '');
    meta = new Map((await repo.meta(db, [...keys])).map((m) => [m.key, m]));
    for (const { v, groups: gs } of groups) {
      v.gangs = new Map();
      for (const members of gs) {
        const s = summaryOf(v.graph, members);
        if (s.flagged > 0) v.gangs.set(s.id, { summary: s, members });
      }
    }
  };

  const summaryOf = (g: GangGraph, members: number[]): GangSummary => {
    const keys = members.map((i) => g.keys[i] ?? '');
    const byRole: Record<string, string[]> = {};
    const fraudTypes = new Set<string>();
    let flagged = 0;
    let first = Infinity;
    let last = -Infinity;
    members.forEach((i, k) => {
      const key = keys[k] ?? '';
      const type = key.slice(0, key.indexOf(':'));
      const m = meta.get(key);
      if (m?.verdict === 'fraud' || m?.verdict === 'suspicious') flagged++;
      if (m?.fraudType) fraudTypes.add(m.fraudType);
      const role = ROLE_OF[type] ?? 'others';
      const list = (byRole[role] ??= []);
      if (list.length < MAX_MEMBERS) list.push(key);
      first = Math.min(first, g.firstAt[i] ?? Infinity);
      last = Math.max(last, g.lastAt[i] ?? -Infinity);
    });
    const w = g.weights(members);
    const cohesion = w.internal / Math.max(1e-9, w.internal + w.boundary);
    return {
      id: gangId(keys),
      score: Math.round(cohesion * (0.5 + 0.5 * Math.min(1, flagged / 3)) * 1000) / 1000,
      size: members.length,
      flagged,
      members: byRole,
      fraudTypes: [...fraudTypes].sort(),
      templates: byRole['templates'] ?? [],
      firstAt: Number.isFinite(first) ? first : null,
      lastAt: Number.isFinite(last) ? last : null,
    };
  };

  /** Brings the graphs up to date: incremental edges, or a rebuild when reports or SMS changed. */
  const current = async (): Promise<void> => {
    if (!views || (await repo.sourceCounts(db)) !== counts) return rebuild();
    const n = await pull(true);
    sinceFull += n;
    if (sinceFull >= (deps.fullEvery ?? 50_000)) return rebuild();
    if (n > 0) await summarise();
  };

  const viewOf = (actor: Actor): View => {
    requireMay(actor, 'gangs.read');
    if (!views) throw new Error('gang graph not built');
    return actor.orgKind === 'regulator' ? views.all : views.shared;
  };

  const gangOf = (actor: Actor, id: string): { v: View; members: number[]; summary: GangSummary } => {
    const v = viewOf(actor);
    const g = v.gangs.get(id);
    if (!g) throw notFound('gang', 'id');
    return { v, ...g };
  };

  return {
    refresh: current,
    /** One edge as it happens (a new link or alert): incremental, without waiting for the next look. */
    addEdge: (e: GraphEdge): void => add(e, true),

    async list(actor: Actor, o: { limit?: number | undefined } = {}): Promise<GangSummary[]> {
      await current();
      return [...viewOf(actor).gangs.values()]
        .map((g) => g.summary)
        .sort((a, b) => b.score - a.score || b.size - a.size)
        .slice(0, o.limit ?? 100);
    },

    async get(actor: Actor, id: string): Promise<GangDetail> {
      await current();
      const { v, members, summary } = gangOf(actor, id);
      const shown = members.slice(0, MAX_MEMBERS);
      return {
        ...summary,
        nodes: shown.map((i) => {
          const key = v.graph.keys[i] ?? '';
          return {
            key,
            role: ROLE_OF[key.slice(0, key.indexOf(':'))] ?? 'others',
            verdict: meta.get(key)?.verdict ?? 'unknown',
          };
        }),
        edges: v.graph.edgesWithin(shown),
      };
    },

    /** The evidence chain between two members of a gang (fewest hops inside the gang). */
    async path(actor: Actor, id: string, from: string, to: string): Promise<EvidenceStep[]> {
      await current();
      const { v, members } = gangOf(actor, id);
      const inside = new Set(members);
      for (const [k, field] of [
        [from, 'from'],
        [to, 'to'],
      ] as const) {
        const i = v.graph.index.get(k);
        if (i === undefined || !inside.has(i)) throw notFound(`gang member ${k}`, field);
      }
      return v.graph.path(from, to, (i) => inside.has(i)) ?? [];
    },

    /**
     * The gangs that hold any of a case's values, for the case dossier: each gang's summary, its graph
     * and the evidence chains from the case's values to the gang's listed members. An actor who may not
     * read gangs gets none (the dossier is still theirs to export).
     */
    async forValues(
      actor: Actor,
      values: ReadonlyArray<{ readonly type: string; readonly normalized: string }>,
    ): Promise<DossierGang[]> {
      if (!may(actor, 'gangs.read')) return [];
      await current();
      const v = viewOf(actor);
      const wanted = new Map<number, string>();
      for (const value of values) {
        const key = `${value.type}:${value.normalized}`;
        const node = v.graph.index.get(key);
        if (node !== undefined) wanted.set(node, key);
      }
      const found = new Map<string, string[]>();
      if (wanted.size > 0)
        for (const [id, g] of v.gangs) {
          const keys = g.members.flatMap((i) => wanted.get(i) ?? []);
          if (keys.length > 0) found.set(id, keys.sort());
        }
      const out: DossierGang[] = [];
      for (const [id, caseValues] of found) {
        const detail = await this.get(actor, id);
        const { members } = gangOf(actor, id);
        const inside = new Set(members);
        const listed = detail.nodes
          .filter((n) => n.verdict === 'fraud' || n.verdict === 'suspicious')
          .map((n) => n.key);
        const chains: Array<{ from: string; to: string; steps: EvidenceStep[] }> = [];
        for (const from of caseValues)
          for (const to of listed) {
            if (from === to || chains.length >= MAX_CHAINS) continue;
            const steps = v.graph.path(from, to, (i) => inside.has(i));
            if (steps && steps.length > 0) chains.push({ from, to, steps });
          }
        out.push({
          id: detail.id,
          score: detail.score,
          size: detail.size,
          flagged: detail.flagged,
          members: detail.members,
          fraudTypes: detail.fraudTypes,
          firstAt: detail.firstAt,
          lastAt: detail.lastAt,
          caseValues,
          nodes: detail.nodes,
          edges: detail.edges,
          chains,
        });
      }
      return out.sort((a, b) => b.score - a.score);
    },

    /** The gang dossier for the police: the gang, its graph, and the cases that hold its values. */
    async dossier(actor: Actor, id: string) {
      const detail = await this.get(actor, id);
      const cases = await repo.casesOf(
        db,
        detail.nodes.map((n) => n.key),
      );
      return {
        format: 'fanzha.gang-dossier/1' as const,
        generatedAt: deps.clock.now().getTime(),
        gang: detail,
        cases,
      };
    },
  };
};

export type GangsService = ReturnType<typeof gangsService>;

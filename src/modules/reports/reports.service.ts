/**
 * Public report intake (like the 12321 centre): anonymous submissions under a proof of work
 * and per-client limits, values given and extracted from the text, duplicates merged into one report
 * group (the qualification queue's item), a receipt to follow the status, and the reported values as
 * low-reliability claims of the public-reports organisation so they count but never block alone.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { ClaimInput, LinkInput } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { may, requireMay } from '../../shared/policy.ts';
import type { NormalizeContext } from '../library/normalize/index.ts';
import { parseEvidence, type EvidenceFile } from './reports.evidence.ts';
import {
  ClientWindow,
  DEFAULT_POW,
  SpentChallenges,
  issueChallenge,
  verifySolution,
  type PowSettings,
} from './reports.pow.ts';
import { newReceipt, parseReceipt } from './reports.receipt.ts';
import type {
  AuditLog,
  ClaimSinkIn,
  PublicOrganisations,
  ReportGroup,
  ReportQueue,
  SettingsStore,
} from './reports.ports.ts';
import type { ReportsRepository, StoredReport } from './reports.repository.ts';
import { clientHash, sealContact, unsealContact } from './reports.seal.ts';
import type {
  ExtractedValue,
  PublicReportStatus,
  PublicStatus,
  ReportInput,
  ReportReceipt,
} from './reports.types.ts';
import { fingerprintOf, reportValues, sourcedReportId } from './reports.values.ts';

export const PUBLIC_ORG_ID = 'org_public';
const PUBLIC_RELIABILITY = 0.35;
const POW_SETTING = 'reports.pow';

export interface ReportsDeps {
  readonly db: Db;
  readonly repo: ReportsRepository;
  /** The queue module's port: report groups are queue items, written in the intake's transaction. */
  readonly queue: ReportQueue;
  readonly settings: SettingsStore;
  /** The access module's port: the public organisation is created on the first report. */
  readonly organisations: PublicOrganisations;
  /** The library's port: the reported values become claims in the intake's transaction. */
  readonly library: ClaimSinkIn;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly normalize: NormalizeContext;
  /** Signs challenges, seals contacts and hashes client addresses (the platform's pseudonym key). */
  readonly secret: string;
  /** Reports with the same values within this window join one group. */
  readonly dedupWindowMs?: number;
  /** Reports per minute per client without a proof of work. */
  readonly unverifiedPerMinute?: number;
}

/** The actor public reports are filed under: the public organisation, through the report desk. */
export const REPORT_ACTOR: Actor = {
  orgId: PUBLIC_ORG_ID,
  orgKind: 'public',
  actor: 'system:reports',
  role: 'reporter',
};

const STATUS_OF: Readonly<Record<string, PublicStatus>> = {
  open: 'received',
  escalated: 'under_review',
  confirmed: 'confirmed',
  rejected: 'closed',
};

const powFrom = (json: string | undefined): PowSettings => {
  if (!json) return DEFAULT_POW;
  const v: unknown = JSON.parse(json);
  if (typeof v !== 'object' || v === null) return DEFAULT_POW;
  const { difficulty, required, ttlMs } = v as Record<string, unknown>;
  return {
    difficulty: typeof difficulty === 'number' ? difficulty : DEFAULT_POW.difficulty,
    required: typeof required === 'boolean' ? required : DEFAULT_POW.required,
    ttlMs: typeof ttlMs === 'number' ? ttlMs : DEFAULT_POW.ttlMs,
  };
};

interface Prepared {
  readonly input: ReportInput;
  /** The submitting client's address (only its keyed hash is stored). */
  readonly client: string;
  readonly values: ExtractedValue[];
  readonly fingerprint: string;
  readonly files: EvidenceFile[];
}

export const createReportsService = (deps: ReportsDeps) => {
  const { db, repo, queue, clock, audit, library } = deps;
  const window = deps.dedupWindowMs ?? 7 * 24 * 3600_000;
  const spent = new SpentChallenges();
  const unverified = new ClientWindow(deps.unverifiedPerMinute ?? 120);
  let pow: PowSettings | undefined;
  let publicOrgReady = false;

  const powSettings = async (): Promise<PowSettings> =>
    (pow ??= powFrom(await deps.settings.get(db, POW_SETTING)));

  const prepare = (input: ReportInput, client: string): Prepared => {
    if (input.text.trim() === '') throw invalidInput('text', 'describe what happened');
    const values = reportValues(input, deps.normalize);
    return {
      input,
      client,
      values,
      fingerprint: fingerprintOf(input.channel, input.text, values),
      files: parseEvidence(input.files ?? []),
    };
  };

  const ensurePublicOrg = async (): Promise<void> => {
    if (publicOrgReady) return;
    await db.transaction().execute(async (tx) => {
      const created = await deps.organisations.ensureOrganisationIn(tx, {
        id: PUBLIC_ORG_ID,
        name: '12321 公众举报 Public reports',
        kind: 'public',
        region: null,
        reliability: PUBLIC_RELIABILITY,
        parentId: null,
        createdAt: clock.now().getTime(),
      });
      if (created)
        await audit.append(tx, {
          orgId: PUBLIC_ORG_ID,
          actor: 'system',
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: PUBLIC_ORG_ID,
          data: { kind: 'public', reason: 'first public report' },
        });
    });
    publicOrgReady = true;
  };

  /** The group a merged group now stands for: its merges followed, at most five hops. */
  const followMerges = async (ex: Executor, group: ReportGroup | undefined) => {
    let target = group;
    for (let hops = 0; target?.mergedInto != null && hops < 5; hops++)
      target = await queue.findGroupById(ex, target.mergedInto);
    return target;
  };

  /** One transaction for a batch: groups, reports, evidence, claims and the audit entry commit together. */
  const intakeIn = async (tx: Executor, prepared: readonly Prepared[]) => {
    const idOf = (p: Prepared): string | undefined =>
      p.input.sourceId === undefined ? undefined : sourcedReportId(p.client, p.input.sourceId);
    // A report a feed already delivered (by its own id) is not filed again, in this batch or before it.
    const known = await repo.existingIds(
      tx,
      prepared.flatMap((p) => idOf(p) ?? []),
    );
    const batch = prepared.filter((p) => {
      const id = idOf(p);
      if (id === undefined) return true;
      if (known.has(id)) return false;
      known.add(id);
      return true;
    });
    if (batch.length === 0) return { receipts: [], changed: [] };
    const now = clock.now().getTime();
    const fingerprints = [...new Set(batch.map((p) => p.fingerprint))];
    const found = await queue.findGroups(tx, fingerprints, now - window);
    // A group merged by an analyst forwards new duplicates to the group it was merged into.
    for (const [fp, g] of found) {
      const target = await followMerges(tx, g);
      if (target) found.set(fp, target);
      else found.delete(fp);
    }
    const perGroup = new Map<string, number>();
    for (const p of batch) perGroup.set(p.fingerprint, (perGroup.get(p.fingerprint) ?? 0) + 1);
    const fresh = batch.filter(
      (p, i) => !found.has(p.fingerprint) && batch.findIndex((q) => q.fingerprint === p.fingerprint) === i,
    );
    const created = await queue.insertGroups(
      tx,
      fresh.map((p) => ({
        fingerprint: p.fingerprint,
        title: p.input.text.trim().replace(/\s+/g, ' ').slice(0, 80),
        channel: p.input.channel,
        values: p.values,
        count: perGroup.get(p.fingerprint) ?? 1,
        now,
      })),
    );
    for (const [fp, g] of found) await queue.bumpGroup(tx, g.id, perGroup.get(fp) ?? 1, now);
    const seen = new Map<string, number>();
    const receipts: ReportReceipt[] = [];
    const rows = [];
    for (const p of batch) {
      const nth = (seen.get(p.fingerprint) ?? 0) + 1;
      seen.set(p.fingerprint, nth);
      const existing = found.get(p.fingerprint);
      const groupId = existing?.id ?? created.get(p.fingerprint) ?? 0;
      const id = idOf(p) ?? deps.ids.next('rpt');
      const receipt = newReceipt();
      rows.push({
        id,
        receipt,
        queueItemId: groupId,
        channel: p.input.channel,
        text: p.input.text,
        values: p.values,
        amountLost: p.input.amountLost ?? null,
        occurredAt: p.input.occurredAt ?? null,
        clientHash: clientHash(deps.secret, p.client),
        contactSealed: p.input.contact ? sealContact(deps.secret, p.input.contact) : null,
        createdAt: now,
      });
      await repo.insertEvidence(tx, id, p.files);
      receipts.push({ receipt, extracted: p.values, groupSize: (existing?.reportCount ?? 0) + nth });
    }
    await repo.insertReports(tx, rows);
    // One audit entry per intake transaction names every report it stored (receipts stay out of the log).
    await audit.append(tx, {
      orgId: PUBLIC_ORG_ID,
      actor: 'public',
      action: 'reports.submit',
      entityType: rows.length === 1 ? 'report' : 'report_batch',
      entityId: rows[0]?.id ?? '',
      data: {
        reports: rows.map((r) => r.id),
        groups: [...new Set(rows.map((r) => r.queueItemId))],
        values: batch.reduce((n, p) => n + p.values.length, 0),
        files: batch.reduce((n, p) => n + p.files.length, 0),
      },
    });
    const claims: ClaimInput[] = batch.flatMap((p) =>
      p.values.map((v) => ({
        type: v.type,
        value: v.normalized,
        verdict: 'fraud' as const,
        confidence: 0.6,
        sharing: 'members' as const,
        source: 'report',
        evidence: { channel: p.input.channel },
      })),
    );
    // The values one report names belong together (the number, the link and the card of one fraud): the
    // library links each to the report's first value, so the value page draws them as one graph.
    const links: LinkInput[] = batch.flatMap((p) => {
      const [hub, ...rest] = p.values;
      return hub
        ? rest.map((v) => ({
            from: { type: hub.type, value: hub.normalized },
            to: { type: v.type, value: v.normalized },
            kind: 'same_report',
          }))
        : [];
    });
    const { changed } =
      claims.length > 0 ? await library.submitClaimsIn(tx, REPORT_ACTOR, claims, links) : { changed: [] };
    return { receipts, changed };
  };

  const intake = async (batch: readonly Prepared[]): Promise<ReportReceipt[]> => {
    await ensurePublicOrg();
    const { receipts, changed } = await db.transaction().execute((tx) => intakeIn(tx, batch));
    library.notify(changed);
    return receipts;
  };

  /**
   * Group commit: reports that arrive while a transaction is being written wait for the next one, so
   * the cost of a commit (milliseconds on a real disk) is shared by every report in flight instead of
   * capping intake at one report per commit. A failed batch is retried report by report so one bad
   * report never fails its neighbours.
   */
  const pending: Array<{ p: Prepared; resolve: (r: ReportReceipt) => void; reject: (e: unknown) => void }> =
    [];
  let flushing = false;
  const flush = async (): Promise<void> => {
    if (flushing) return;
    flushing = true;
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, 250);
        try {
          const receipts = await intake(batch.map((b) => b.p));
          batch.forEach((b, i) => {
            const r = receipts[i];
            if (r) b.resolve(r);
            else b.reject(new DomainError('conflict', 'report not stored', 'text'));
          });
        } catch (e) {
          if (batch.length === 1) batch[0]?.reject(e);
          else
            for (const b of batch)
              await intake([b.p]).then(([r]) => (r ? b.resolve(r) : b.reject(e)), b.reject);
        }
      }
    } finally {
      flushing = false;
    }
  };
  const enqueue = (p: Prepared): Promise<ReportReceipt> =>
    new Promise((resolve, reject) => {
      pending.push({ p, resolve, reject });
      // Let the reports already on their way through the event loop join this batch.
      if (!flushing) setImmediate(() => void flush());
    });

  return {
    async challenge(): Promise<{ challenge: string; difficulty: number; expiresAt: number }> {
      return issueChallenge(deps.secret, await powSettings(), clock.now().getTime());
    },

    powSettings,

    /** Moves a queue item's reports to another item, inside the caller's transaction (a merge). */
    moveReportsIn: (tx: Executor, fromQueueItem: number, toQueueItem: number): Promise<void> =>
      repo.moveReports(tx, fromQueueItem, toQueueItem),

    async setPowSettings(actor: Actor, s: PowSettings): Promise<PowSettings> {
      requireMay(actor, 'reports.settings');
      if (!Number.isInteger(s.difficulty) || s.difficulty < 0 || s.difficulty > 28)
        throw invalidInput('difficulty', 'difficulty is 0 to 28 bits');
      await db.transaction().execute(async (tx) => {
        await deps.settings.put(tx, POW_SETTING, JSON.stringify(s));
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'reports.settings',
          entityType: 'settings',
          entityId: POW_SETTING,
          data: { ...s },
        });
      });
      pow = s;
      return s;
    },

    /** One anonymous report from `client` (the caller's address); the proof of work is checked first. */
    async submit(input: ReportInput, client: string): Promise<ReportReceipt> {
      const settings = await powSettings();
      const now = clock.now().getTime();
      if (input.pow) {
        const check = verifySolution(deps.secret, input.pow.challenge, input.pow.nonce, now);
        if (!check.ok) throw invalidInput('pow', check.message);
        if (!spent.spend(input.pow.challenge, check.expiresAt, now))
          throw invalidInput('pow.challenge', 'this challenge was already used: fetch a new one');
      } else if (settings.required && settings.difficulty > 0) {
        throw invalidInput('pow', 'solve a challenge from GET /api/v1/reports/challenge first');
      } else if (!unverified.take(clientHash(deps.secret, client), now)) {
        throw new DomainError(
          'rate_limited',
          'too many reports from this client: solve a proof-of-work challenge',
          'pow',
        );
      }
      return enqueue(prepare(input, client));
    },

    /** A trusted batch (the report desk's bulk import, the CLI, the bench): no proof of work, one transaction. */
    async submitMany(inputs: readonly ReportInput[], client: string): Promise<ReportReceipt[]> {
      return intake(
        inputs.map((input, i) => {
          try {
            return prepare(input, client);
          } catch (e) {
            if (e instanceof DomainError)
              throw new DomainError(e.code, e.message, `reports[${i}].${e.field ?? ''}`);
            throw e;
          }
        }),
      );
    },

    async status(raw: string): Promise<PublicReportStatus> {
      const receipt = parseReceipt(raw);
      if (!receipt) throw invalidInput('receipt', 'a receipt looks like ABCD-EFGH-JKMN');
      const r = await repo.findByReceipt(db, receipt);
      if (!r) throw notFound('report', 'receipt');
      const group = await followMerges(db, await queue.findGroupById(db, r.queueItemId));
      return {
        receipt,
        status: STATUS_OF[group?.status ?? 'open'] ?? 'received',
        channel: r.channel,
        submittedAt: r.createdAt,
        updatedAt: group?.lastAt ?? r.createdAt,
        similarReports: group?.reportCount ?? 1,
      };
    },

    /** The reports of a queue item; the reporter's contact only for the regulator. */
    async reportsOf(viewer: Actor, queueItemId: number, limit = 100) {
      const reports = await repo.reportsOfGroup(db, queueItemId, limit);
      return Promise.all(
        reports.map(async (r: StoredReport) => ({
          id: r.id,
          channel: r.channel,
          text: r.text,
          values: r.values,
          amountLost: r.amountLost,
          occurredAt: r.occurredAt,
          createdAt: r.createdAt,
          contact:
            may(viewer, 'reports.contact') && r.contactSealed
              ? (unsealContact(deps.secret, r.contactSealed) ?? null)
              : null,
          evidence: await repo.evidenceOf(db, r.id),
        })),
      );
    },
  };
};

export type ReportsService = ReturnType<typeof createReportsService>;

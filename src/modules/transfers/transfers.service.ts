/**
 * The transaction stream and mule detection. Batches are validated whole (one bad record rejects the
 * batch, naming its field), stored once per record id, fed to the in-memory engine and the accounts
 * they touch re-scored. An account that turns mule, or whose score rises, becomes a `bank` claim with
 * its reasons, links along its chain, and a case whose work order goes to the account's bank through
 * the cases routing table. The payee check reads `standing` from memory, never the database.
 */
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidInput } from '../../shared/errors.ts';
import type { AlertCaseSink } from '../detect/calls/calls.cases.ts';
import type { ClaimInput, LinkInput, SubmitResult } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { requireMay } from '../../shared/policy.ts';
import { DEFAULT_ENGINE_OPTIONS, DAY_MS, MuleEngine } from './mule.engine.ts';
import type { ListedLookup, MuleModel } from './mule.model.ts';
import type { MuleAlert, TransfersRepository } from './transfers.repository.ts';
import { TransferInputSchema, type IngestResult } from './transfers.schema.ts';
import type { MuleVerdict, TransferRecord } from './transfers.types.ts';

export const MULE_DETECTOR = 'transfers.mule';
/** A score rise smaller than this on an account already alerted raises no new alert. */
const RAISE_STEP = 0.05;
/** A mule claim lasts a month; the stream re-raises an account that keeps the pattern. */
const VALID_MS = 30 * DAY_MS;

export interface TransfersDeps {
  readonly db: Db;
  readonly repo: TransfersRepository;
  readonly clock: Clock;
  readonly model: () => MuleModel;
  readonly claims: {
    submitClaims(
      actor: Actor,
      claims: readonly ClaimInput[],
      links?: readonly LinkInput[],
    ): Promise<SubmitResult>;
  };
  readonly cases: AlertCaseSink;
  readonly listed?: ListedLookup | undefined;
  readonly windowDays?: number | undefined;
}

/** What the payee check learns about an account from the stream. */
export interface MuleStanding {
  readonly score: number;
  readonly reasons: MuleAlert['reasons'];
}

/** Parses one record from outside; the field path names the record (`transfers[3].amount`). */
export const parseTransfer = (value: unknown, index: number): TransferRecord => {
  if (!Value.Check(TransferInputSchema, value)) {
    const e = Value.Errors(TransferInputSchema, value).First();
    const field = e?.path.replace(/^\//, '').replaceAll('/', '.') ?? '';
    throw invalidInput(`transfers[${index}]${field ? `.${field}` : ''}`, e?.message ?? 'invalid transfer');
  }
  const time = typeof value.time === 'number' ? value.time : Date.parse(value.time);
  return {
    recordId: value.recordId,
    payer: value.payer,
    payee: value.payee,
    amount: value.amount,
    currency: value.currency,
    time,
    channel: value.channel,
    institution: value.institution,
  };
};

/** The library's raw form of an account: with its institution when known (`ICBC:6222…`). */
const bankValue = (account: string, institution: string | null | undefined): string =>
  institution ? `${institution}:${account}` : account;

export const transfersService = (deps: TransfersDeps) => {
  const { db, repo, clock } = deps;
  const engine = new MuleEngine({ ...DEFAULT_ENGINE_OPTIONS, windowDays: deps.windowDays ?? 30 });
  const standings = new Map<string, MuleStanding>();
  // The payer's bank and the payee's bank may both report one transfer: the same payer, payee, amount
  // and time from a second organisation is that transfer again, not a second one.
  const reportedBy = new Map<string, string>();
  const sameTransferElsewhere = (orgId: string, r: TransferRecord): boolean => {
    const k = `${r.payer}|${r.payee}|${r.amount}|${r.time}`;
    const first = reportedBy.get(k);
    if (first === undefined) reportedBy.set(k, orgId);
    return first !== undefined && first !== orgId;
  };
  let warm: Promise<void> | undefined;

  /** Loads the alerts (for the payee check) and replays the window's transfers into the engine, once. */
  const ready = (): Promise<void> =>
    (warm ??= (async () => {
      for (const a of await repo.listAlerts(db, 1_000_000)) remember(a);
      const since = clock.now().getTime() - engine.options.windowDays * DAY_MS;
      for await (const page of repo.scanSince(db, since))
        for (const r of page)
          if (!sameTransferElsewhere(r.recordId.slice(0, r.recordId.indexOf(':')), r)) engine.add(r);
    })());

  const remember = (a: Pick<MuleAlert, 'account' | 'institution' | 'score' | 'reasons'>): void => {
    const s = { score: a.score, reasons: a.reasons };
    standings.set(a.account, s);
    if (a.institution) standings.set(bankValue(a.account, a.institution), s);
  };

  const raise = async (
    actor: Actor,
    v: MuleVerdict,
    institution: string | undefined,
  ): Promise<'opened' | 'updated' | 'none'> => {
    const value = bankValue(v.account, institution);
    const now = clock.now().getTime();
    const chain = v.reasons.find((r) => r.pattern === 'chain')?.path ?? [];
    const links: LinkInput[] = chain.slice(1).map((next, i) => ({
      from: { type: 'bank', value: bankValue(chain[i] ?? v.account, i === 0 ? institution : undefined) },
      to: { type: 'bank', value: next },
      kind: 'pays_to',
      evidence: { detector: `${MULE_DETECTOR}@${deps.model().version}`, chain },
    }));
    const evidence = {
      detector: `${MULE_DETECTOR}@${deps.model().version}`,
      score: v.score,
      reasons: v.reasons,
    };
    const submitted = await deps.claims.submitClaims(
      actor,
      [
        {
          type: 'bank',
          value,
          verdict: 'suspicious',
          confidence: Math.min(1, v.score),
          evidence,
          sharing: 'members',
          source: `detector:${MULE_DETECTOR}@${deps.model().version}`,
          validUntil: now + VALID_MS,
          ...(institution ? { attributes: { institution } } : {}),
        },
      ],
      links,
    );
    let caseId: string | null = null;
    let outcome: 'opened' | 'updated' | 'none' = 'none';
    if (submitted.accepted > 0) {
      const r = await deps.cases.openOrUpdate(actor, {
        detector: MULE_DETECTOR,
        detectorVersion: deps.model().version,
        subject: { type: 'bank', value },
        title: `Mule account: freeze and verify the holder: ${value}`,
        severity: v.score >= 0.9 ? 'high' : 'medium',
        fraudType: null,
        action: 'freeze_account',
        noShutdown: false,
        alert: { ...evidence, verdict: v.verdict, at: now },
      });
      if (r.outcome !== 'skipped') {
        caseId = r.caseId;
        outcome = r.outcome;
      }
    }
    const alert: MuleAlert = {
      account: v.account,
      institution: institution ?? null,
      score: v.score,
      reasons: v.reasons,
      model: `${MULE_DETECTOR}@${deps.model().version}`,
      caseId,
      firstAt: now,
      updatedAt: now,
    };
    await repo.upsertAlert(db, alert);
    remember(alert);
    return outcome;
  };

  const service = {
    engine,
    ready,

    /** One batch from a bank or payment institution (HTTP or file import). */
    async ingest(actor: Actor, raw: readonly unknown[]): Promise<IngestResult> {
      requireMay(actor, 'transfers.ingest');
      const records = raw.map(parseTransfer);
      await ready();
      const fresh = await db
        .transaction()
        .execute((tx) => repo.insertNew(tx, actor.orgId, records, clock.now().getTime()));
      let expired = 0;
      const touched = new Map<string, string | undefined>();
      for (const r of fresh) {
        if (sameTransferElsewhere(actor.orgId, r)) continue;
        if (engine.add({ ...r, recordId: `${actor.orgId}:${r.recordId}` }) === 'expired') {
          expired++;
          continue;
        }
        if (!touched.has(r.payer)) touched.set(r.payer, undefined);
        touched.set(r.payee, r.institution ?? touched.get(r.payee));
      }
      const model = deps.model();
      const result = {
        accepted: fresh.length,
        duplicates: records.length - fresh.length,
        expired,
        scored: 0,
        mules: 0,
        casesOpened: 0,
        casesUpdated: 0,
      };
      for (const [account, institution] of touched) {
        const v = model.score(engine, account, deps.listed);
        if (!v) continue;
        result.scored++;
        if (v.verdict !== 'mule') continue;
        result.mules++;
        const before = standings.get(account);
        if (before && v.score < before.score + RAISE_STEP) continue;
        const explained = model.score(engine, account, deps.listed, true) ?? v;
        const outcome = await raise(actor, explained, institution ?? engine.institutionOf(account));
        if (outcome === 'opened') result.casesOpened++;
        if (outcome === 'updated') result.casesUpdated++;
      }
      return result;
    },

    /** The stream's view of a payee account (raw, or `INSTITUTION:account`), from memory. */
    standing(account: string, institution?: string): MuleStanding | undefined {
      return (
        (institution ? standings.get(bankValue(account, institution)) : undefined) ?? standings.get(account)
      );
    },

    /** The alerts, for a caller who may read them. */
    async alertsFor(actor: Actor, limit = 100): Promise<MuleAlert[]> {
      requireMay(actor, 'transfers.read');
      return service.alerts(limit);
    },

    /** One account's verdict, for a caller who may read it. */
    async scoreFor(actor: Actor, account: string): Promise<MuleVerdict | undefined> {
      requireMay(actor, 'transfers.read');
      return service.score(account);
    },

    async alerts(limit = 100, account?: string): Promise<MuleAlert[]> {
      return repo.listAlerts(db, limit, account);
    },

    /** The current verdict of an account (features over the window), without raising anything. */
    async score(account: string): Promise<MuleVerdict | undefined> {
      await ready();
      return deps.model().score(engine, account, deps.listed, true);
    },
  };
  return service;
};

export type TransfersService = ReturnType<typeof transfersService>;

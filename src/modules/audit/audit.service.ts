/**
 * The append-only, hash-chained audit log. Writers append inside their own transaction (the caller
 * opens it) so a change and its audit entry commit or fail together.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { recordsOf, requireMay } from '../../shared/policy.ts';
import { chainHash, GENESIS } from './audit.chain.ts';
import { openCheckpoint, sealCheckpoint, type AuditCheckpoint } from './audit.checkpoint.ts';
import { chainedFieldsOf, type AuditRepository } from './audit.repository.ts';
import type { AuditEntry, AuditEntryInput, AuditVerification } from './audit.types.ts';

export interface AuditDeps {
  readonly repo: AuditRepository;
  readonly clock: Clock;
}

/** Recomputes the chain from the first entry; any edit, deletion or reordering breaks it. */
const verifyChain = async (repo: AuditRepository, tx: Executor): Promise<AuditVerification> => {
  let prev = GENESIS;
  let n = 0;
  for await (const r of repo.scanRaw(tx)) {
    n++;
    if (r.prev_hash !== prev)
      return { ok: false, entries: n, brokenAt: Number(r.seq), problem: 'previous hash does not match' };
    const expected = chainHash(prev, chainedFieldsOf(r));
    if (expected !== r.hash)
      return { ok: false, entries: n, brokenAt: Number(r.seq), problem: 'content does not match its hash' };
    prev = r.hash;
  }
  return { ok: true, entries: n };
};

export const createAuditService = ({ repo, clock }: AuditDeps) => ({
  async append(tx: Executor, entry: AuditEntryInput): Promise<number> {
    await repo.lockChain(tx);
    const prevHash = (await repo.lastHash(tx)) ?? GENESIS;
    const at = clock.now().getTime();
    const dataText = JSON.stringify(entry.data ?? {});
    const reason = entry.reason ?? null;
    const fields = {
      at,
      orgId: entry.orgId,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      reason,
      dataText,
    };
    return repo.insert(tx, {
      at,
      org_id: entry.orgId,
      actor: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      reason,
      data: dataText,
      prev_hash: prevHash,
      hash: chainHash(prevHash, fields),
    });
  },

  history(tx: Executor, entityType: string, entityId: string): Promise<AuditEntry[]> {
    return repo.listForEntity(tx, entityType, entityId);
  },

  list(tx: Executor, afterSeq: number, limit: number, orgId?: string): Promise<AuditEntry[]> {
    return repo.list(tx, { afterSeq, limit, orgId });
  },

  /** The entries an actor may read: a regulator's analysts all of them, others their organisation's. */
  listFor(tx: Executor, actor: Actor, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    requireMay(actor, 'audit.read');
    return repo.list(tx, { afterSeq, limit, orgId: recordsOf(actor, 'audit.read') });
  },

  verify: (tx: Executor): Promise<AuditVerification> => verifyChain(repo, tx),

  /** A sealed checkpoint of the chain's head, under the audit key from configuration. */
  async checkpoint(tx: Executor, key: string): Promise<AuditCheckpoint> {
    const head = (await repo.head(tx)) ?? { seq: 0, hash: GENESIS };
    return sealCheckpoint(key, head, clock.now().getTime());
  },

  /**
   * The chain recomputed, and the checkpointed entry still there with the checkpointed hash: a deleted
   * tail or a chain rebuilt from an earlier entry fails here even when the chain itself is consistent.
   */
  async verifyAgainst(tx: Executor, key: string, checkpointText: string): Promise<AuditVerification> {
    let cp: AuditCheckpoint;
    try {
      cp = openCheckpoint(key, checkpointText);
    } catch (e) {
      return { ok: false, entries: 0, problem: e instanceof Error ? e.message : String(e) };
    }
    const chain = await verifyChain(repo, tx);
    if (!chain.ok || cp.seq === 0) return chain;
    const hash = await repo.hashAt(tx, cp.seq);
    if (hash === undefined)
      return {
        ok: false,
        entries: chain.entries,
        brokenAt: cp.seq,
        problem: 'checkpointed entry is missing',
      };
    if (hash !== cp.hash)
      return {
        ok: false,
        entries: chain.entries,
        brokenAt: cp.seq,
        problem: 'checkpointed entry has a different hash (the chain was rewritten)',
      };
    return chain;
  },

  verifyFor(tx: Executor, actor: Actor): Promise<AuditVerification> {
    requireMay(actor, 'audit.verify');
    return verifyChain(repo, tx);
  },
});

export type AuditService = ReturnType<typeof createAuditService>;

/** The hash chain of the audit log: each entry's hash covers its content and the previous hash. */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit.types.ts';

export const GENESIS = '0'.repeat(64);

/** The fields of an entry its hash covers. */
export type EntryFields = Pick<
  AuditEntry,
  'at' | 'orgId' | 'actor' | 'action' | 'entityType' | 'entityId' | 'reason'
>;

export interface ChainedFields extends EntryFields {
  /** The data exactly as stored (JSON text), so verification hashes the same bytes. */
  readonly dataText: string;
}

export const chainHash = (prevHash: string, f: ChainedFields): string =>
  createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      JSON.stringify([f.at, f.orgId, f.actor, f.action, f.entityType, f.entityId, f.reason, f.dataText]),
    )
    .digest('hex');

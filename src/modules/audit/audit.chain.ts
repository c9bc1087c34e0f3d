/** The hash chain of the audit log: each entry's hash covers its content and the previous hash. */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export interface ChainedFields {
  readonly at: number;
  readonly orgId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly reason: string | null;
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

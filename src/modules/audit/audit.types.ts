export interface AuditEntryInput {
  readonly orgId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly reason?: string | null | undefined;
  readonly data?: Readonly<Record<string, unknown>> | undefined;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly orgId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly reason: string | null;
  readonly data: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry whose hash does not follow from its content and predecessor. */
  readonly brokenAt?: number;
  readonly problem?: string;
}

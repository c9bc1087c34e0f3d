/**
 * What the report desk needs from other modules, each a narrow port the composition root fills: the
 * qualification queue (whose report groups the queue module stores), the public organisation, the
 * settings, the audit log and the library. Every write takes the caller's transaction, so a report, its
 * group, its claims and its audit entry commit together.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { Organisation } from '../access/access.types.ts';
import type { ExtractedValue } from './reports.types.ts';

export type { AuditLog } from '../audit/audit.port.ts';
export type { ClaimSinkIn } from '../library/library.port.ts';

/** A group of reports naming the same values: one item of the qualification queue. */
export interface ReportGroup {
  readonly id: number;
  readonly status: string;
  readonly reportCount: number;
  readonly mergedInto: number | null;
  readonly lastAt: number;
}

export interface NewReportGroup {
  readonly fingerprint: string;
  readonly title: string;
  readonly channel: string;
  readonly values: readonly ExtractedValue[];
  readonly count: number;
  readonly now: number;
}

/** The qualification queue's side of intake: report groups found, opened and grown. */
export interface ReportQueue {
  /** The latest group per fingerprint within the window (one query for a whole batch). */
  findGroups(tx: Executor, fingerprints: readonly string[], since: number): Promise<Map<string, ReportGroup>>;
  findGroupById(tx: Executor, id: number): Promise<ReportGroup | undefined>;
  /** New groups for a batch; returns fingerprint → id. */
  insertGroups(tx: Executor, groups: readonly NewReportGroup[]): Promise<Map<string, number>>;
  /** `by` more reports joined the group at `now`. */
  bumpGroup(tx: Executor, id: number, by: number, now: number): Promise<void>;
}

/** The access module's side: the public organisation reports are filed under, created on first use. */
export interface PublicOrganisations {
  /** True when the organisation was created now, false when it was already there. */
  ensureOrganisationIn(tx: Executor, org: Organisation): Promise<boolean>;
}

/** The platform's settings (the report form's proof-of-work difficulty). */
export interface SettingsStore {
  get(tx: Executor, key: string): Promise<string | undefined>;
  put(tx: Executor, key: string, value: string): Promise<void>;
}

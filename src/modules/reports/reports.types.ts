/** Public reports: what a reporter sends and what they can see afterwards. */
import type { ResourceType } from '../library/library.types.ts';

export const REPORT_CHANNELS = ['call', 'sms', 'app', 'website', 'social', 'transfer', 'other'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export interface ReportValueInput {
  readonly type?: ResourceType | undefined;
  readonly value: string;
}

export interface ReportInput {
  readonly channel: ReportChannel;
  readonly text: string;
  readonly values?: readonly ReportValueInput[] | undefined;
  readonly amountLost?: number | undefined;
  /** Epoch ms when it happened, if the reporter knows. */
  readonly occurredAt?: number | undefined;
  /** Phone or e-mail to call the reporter back; sealed at rest, shown to the regulator only. */
  readonly contact?: string | undefined;
  readonly files?:
    ReadonlyArray<{ readonly name?: string | undefined; readonly contentBase64: string }> | undefined;
  readonly pow?: { readonly challenge: string; readonly nonce: string } | undefined;
  /**
   * A trusted feed's own id for the report (a provincial desk's record id on the bus): the same id from the
   * same client is filed once, however often it is delivered.
   */
  readonly sourceId?: string | undefined;
}

export interface ExtractedValue {
  readonly type: ResourceType;
  /** As the reporter wrote it. */
  readonly value: string;
  readonly normalized: string;
  readonly display: string;
  /** `given` by the reporter or `text` when found in the free text. */
  readonly from: 'given' | 'text';
}

export interface ReportReceipt {
  readonly receipt: string;
  readonly extracted: readonly ExtractedValue[];
  /** The report group this one joined (duplicates share it). */
  readonly groupSize: number;
}

export const PUBLIC_STATUSES = ['received', 'under_review', 'confirmed', 'closed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export interface PublicReportStatus {
  readonly receipt: string;
  readonly status: PublicStatus;
  readonly channel: string;
  readonly submittedAt: number;
  readonly updatedAt: number;
  /** How many reports (this one included) describe the same thing. */
  readonly similarReports: number;
}

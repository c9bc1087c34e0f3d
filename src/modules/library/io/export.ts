/**
 * Export rows in CSV and JSONL. One row per value with its verdict, score and the claims behind it; the
 * `normalized` column makes an export re-import exactly (the importer prefers it over `value`).
 */
import type {
  Attributes,
  ClaimVerdict,
  LifecycleState,
  ResourceType,
  Sharing,
  Verdict,
} from '../library.types.ts';
import { csvLine } from './csv.ts';

export interface ExportClaim {
  /** The organisation that made the claim (its id; the exporter decides whether to show it). */
  readonly org: string;
  readonly source: string;
  readonly verdict: ClaimVerdict;
  readonly fraudType?: string | undefined;
  readonly confidence: number;
  readonly sharing: Sharing;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly validUntil?: number | undefined;
}

export interface ExportRecord {
  readonly type: ResourceType;
  /** What a person sees (display form: Unicode domain, formatted number; never a clear personal id). */
  readonly value: string;
  readonly normalized: string;
  /** The library's verdict for the viewer, as `/api/v1/values` gives it. */
  readonly verdict: Verdict;
  /**
   * The strongest verdict among the exported claims: what a re-import claims (a value-level `unknown` or
   * `allowed` is not a claim). Absent when no claim is exported.
   */
  readonly claimVerdict?: ClaimVerdict | undefined;
  /** 0..1. */
  readonly score: number;
  readonly fraudType?: string | undefined;
  readonly status: LifecycleState;
  readonly attributes?: Attributes | undefined;
  /** Epoch ms of the first claim and of the last change. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly claims: readonly ExportClaim[];
}

export const EXPORT_CSV_COLUMNS = [
  'type',
  'value',
  'normalized',
  'verdict',
  'score',
  'confidence',
  'fraud_type',
  'status',
  'claim_count',
  'organisations',
  'sources',
  'created_at',
  'updated_at',
  'claims',
  'claim_verdict',
] as const;

const iso = (ms: number): string => new Date(ms).toISOString();
const unique = (items: readonly string[]): string => [...new Set(items)].join(';');

export const exportCsvHeader = (): string => csvLine(EXPORT_CSV_COLUMNS);

/** One CSV row. `confidence` repeats the score so a re-import carries it as the claim's confidence. */
export const toCsvRow = (r: ExportRecord): string => {
  const byColumn: Record<(typeof EXPORT_CSV_COLUMNS)[number], string | number> = {
    type: r.type,
    value: r.value,
    normalized: r.normalized,
    // A value-level `unknown` cannot be a claim; re-importing it as `suspicious` would invent one, so the
    // importer refuses it, and `allowed` becomes a `benign` claim.
    verdict: r.verdict,
    score: Number(r.score.toFixed(4)),
    confidence: Number(r.score.toFixed(4)),
    fraud_type: r.fraudType ?? '',
    status: r.status,
    claim_count: r.claims.length,
    organisations: unique(r.claims.map((c) => c.org)),
    sources: unique(r.claims.map((c) => c.source)),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    claims: JSON.stringify(r.claims),
    claim_verdict: r.claimVerdict ?? '',
  };
  return csvLine(EXPORT_CSV_COLUMNS.map((c) => byColumn[c]));
};

/** One JSONL line (with its newline). */
export const toJsonlLine = (r: ExportRecord): string =>
  `${JSON.stringify({
    type: r.type,
    value: r.value,
    normalized: r.normalized,
    verdict: r.verdict,
    score: r.score,
    // The score again under the import's name, so a JSONL export re-imports with the same confidence.
    confidence: r.score,
    fraudType: r.fraudType,
    status: r.status,
    attributes: r.attributes,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    claims: r.claims,
    claimVerdict: r.claimVerdict,
  })}\n`;

/**
 * Bulk import and export of the library (CSV, JSONL, STIX 2.1). An import is read as a stream and written
 * in batches, each batch one transaction: a crash mid-file leaves whole batches or nothing of a batch, and
 * re-importing the same file changes nothing (claims are unique per value × organisation × source).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Organisation } from '../access/access.types.ts';
import { readImportBatches, type ImportFormat } from './io/index.ts';
import { toCsvRow, exportCsvHeader, toJsonlLine, type ExportRecord } from './io/export.ts';
import { streamStixBundle } from './io/stix.ts';
import type { ClaimSink, LibraryReader } from './library.port.ts';
import type { ClaimInput, ClaimRecord, ClaimVerdict, ResourceType, Verdict } from './library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { requireMay } from '../../shared/policy.ts';

export interface ImportSummary {
  lines: number;
  accepted: number;
  rejected: Array<{ line: number; field: string; message: string }>;
}

export interface TransferDeps {
  readonly library: ClaimSink & LibraryReader;
  readonly organisations: () => Promise<Organisation[]>;
}

/** Values read per export page: a few milliseconds of database work between turns of the event loop. */
const EXPORT_PAGE = 200;

/** Rejections kept in the summary; the count beyond is still reported. */
const MAX_REJECTIONS_LISTED = 1000;

export const createTransferService = ({ library, organisations }: TransferDeps) => ({
  async importStream(
    actor: Actor,
    format: ImportFormat,
    chunks: AsyncIterable<string | Uint8Array>,
    opts: { batchSize?: number; onProgress?: (s: ImportSummary) => void } = {},
  ): Promise<ImportSummary & { rejectedCount: number }> {
    requireMay(actor, 'claims.submit');
    const batchSize = opts.batchSize ?? 2000;
    const summary: ImportSummary = { lines: 0, accepted: 0, rejected: [] };
    let rejectedCount = 0;
    const reject = (r: { line: number; field: string; message: string }) => {
      rejectedCount++;
      if (summary.rejected.length < MAX_REJECTIONS_LISTED) summary.rejected.push(r);
    };
    let batch: ClaimInput[] = [];
    let lines: number[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const r = await library.submitClaims(actor, batch);
      summary.accepted += r.accepted;
      for (const x of r.rejected) reject({ line: lines[x.index] ?? 0, field: x.field, message: x.message });
      batch = [];
      lines = [];
      opts.onProgress?.(summary);
      // A turn of the event loop between batches: an import running on the server leaves room for lookups.
      await nextTurn();
    };
    for await (const outcomes of readImportBatches(format, chunks)) {
      for (const outcome of outcomes) {
        summary.lines++;
        if (outcome.result.ok) {
          batch.push(outcome.result.value);
          lines.push(outcome.line);
        } else {
          reject({
            line: outcome.line,
            field: outcome.result.error.field,
            message: outcome.result.error.message,
          });
        }
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    return { ...summary, rejectedCount };
  },

  /** Every value the viewer may see with a standing, with the viewer's visible claims, newest first. */
  async *exportRecords(
    viewer: Actor,
    filter: { type?: ResourceType | undefined; verdict?: Verdict | undefined },
  ): AsyncGenerator<ExportRecord> {
    let afterId: number | undefined;
    for (;;) {
      // Short pages, and a turn of the event loop between them: each page's queries run synchronously on
      // SQLite, and lookups and call checks on the same process must not wait behind a long run of them.
      await nextTurn();
      const page = await library.search(viewer, {
        type: filter.type,
        verdict: filter.verdict,
        limit: EXPORT_PAGE,
        afterId,
      });
      if (page.length === 0) return;
      const claimsByValue = new Map<number, ClaimRecord[]>();
      for (const c of await library.visibleClaims(
        viewer,
        page.map((r) => r.id),
      )) {
        const list = claimsByValue.get(c.resourceId) ?? [];
        list.push(c);
        claimsByValue.set(c.resourceId, list);
      }
      for (const r of page) {
        const claims = claimsByValue.get(r.id) ?? [];
        if (claims.length === 0 && !r.pin && r.verdictMembers !== 'allowed') continue;
        yield {
          type: r.type,
          value: r.display,
          normalized: r.normalized,
          // The library's verdict, as `/values` gives it; a value below the suspicious threshold still
          // carries its claims, and their strongest verdict goes apart so a re-import recreates them.
          verdict: r.verdictMembers,
          claimVerdict: strongestClaimVerdict(claims),
          score: r.scoreMembers,
          fraudType: r.fraudType ?? undefined,
          status: r.status,
          attributes: r.attributes,
          createdAt: r.firstSeen,
          updatedAt: r.updatedAt,
          claims: claims.map((c) => ({
            org: c.orgId,
            source: c.source,
            verdict: c.verdict,
            fraudType: c.fraudType ?? undefined,
            confidence: c.confidence,
            sharing: c.sharing,
            createdAt: c.createdAt,
            validUntil: c.validUntil ?? undefined,
          })),
        };
      }
      afterId = page[page.length - 1]?.id;
    }
  },

  /** Serialises an export stream: CSV and JSONL line by line, STIX as one bundle. */
  async *serialize(
    format: 'csv' | 'jsonl' | 'stix',
    records: AsyncIterable<ExportRecord>,
  ): AsyncGenerator<string> {
    if (format === 'stix') {
      yield* streamStixBundle(
        records,
        async () => new Map((await organisations()).map((o) => [o.id, o.name])),
      );
      return;
    }
    if (format === 'csv') yield exportCsvHeader();
    for await (const r of records) yield format === 'csv' ? toCsvRow(r) : toJsonlLine(r);
  },
});

export type TransferService = ReturnType<typeof createTransferService>;

const strongestClaimVerdict = (claims: readonly ClaimRecord[]): ClaimVerdict | undefined => {
  if (claims.some((c) => c.verdict === 'fraud')) return 'fraud';
  if (claims.some((c) => c.verdict === 'suspicious')) return 'suspicious';
  return claims.length > 0 ? 'benign' : undefined;
};

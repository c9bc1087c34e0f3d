/** Bulk import (CSV or JSONL body) and export over HTTP. */
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { StringEnum } from '../../../shared/schemas.ts';
import { ResourceTypeSchema, VerdictSchema } from '../../../modules/library/library.schema.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { FederationService } from '../../../modules/federation/federation.service.ts';
import type { TransferService } from '../../../modules/library/transfer.service.ts';

/** Claims per transaction for an import over HTTP (a file import from the CLI runs in its own process). */
const HTTP_IMPORT_BATCH = 250;
const PIECE = 16 * 1024;

function* piecesOf(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += PIECE) yield text.slice(i, i + PIECE);
}

export const transferRoutes =
  (deps: { transfer: TransferService; federation: FederationService }) => async (app: App) => {
    app.addContentTypeParser(
      ['text/csv', 'application/x-ndjson', 'application/jsonl', 'text/plain'],
      { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/import',
      {
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['library'],
          summary:
            'Import a CSV or JSONL file of values with claims, or a STIX 2.1 bundle (the request body); CSV and JSONL answer a summary with rejected lines, a STIX bundle is written whole or refused with the object and field',
          querystring: Type.Object({ format: StringEnum(['csv', 'jsonl', 'stix'] as const) }),
        },
      },
      async (request) => {
        const actor = requireActor(request);
        if (request.query.format === 'stix') {
          if (typeof request.body !== 'object' || request.body === null)
            throw new DomainError(
              'invalid_input',
              'send the bundle as JSON (Content-Type application/json)',
              'body',
            );
          return deps.federation.importBundle(actor, request.body);
        }
        if (typeof request.body !== 'string')
          throw new DomainError(
            'invalid_input',
            'send the file as the body with Content-Type text/csv or application/x-ndjson',
            'body',
          );
        // In small pieces and small batches: this runs on the process that answers lookups and call checks,
        // and each piece is parsed, and each batch written, without a turn of the event loop in between.
        const s = await deps.transfer.importStream(
          actor,
          request.query.format,
          Readable.from(piecesOf(request.body)),
          {
            batchSize: HTTP_IMPORT_BATCH,
          },
        );
        return { lines: s.lines, accepted: s.accepted, rejected: s.rejectedCount, rejections: s.rejected };
      },
    );

    app.get(
      '/api/v1/export',
      {
        schema: {
          tags: ['library'],
          summary: 'Export what your organisation may see: CSV, JSONL or a STIX 2.1 bundle',
          querystring: Type.Object({
            format: StringEnum(['csv', 'jsonl', 'stix'] as const),
            type: Type.Optional(ResourceTypeSchema),
            verdict: Type.Optional(VerdictSchema),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { format, type, verdict } = request.query;
        const contentType =
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : format === 'stix'
              ? 'application/stix+json;version=2.1'
              : 'application/x-ndjson';
        void reply
          .header('content-type', contentType)
          .header(
            'content-disposition',
            `attachment; filename="fanzha-export.${format === 'stix' ? 'json' : format}"`,
          );
        return reply.send(
          Readable.from(
            deps.transfer.serialize(format, deps.transfer.exportRecords(actor, { type, verdict })),
          ),
        );
      },
    );
  };

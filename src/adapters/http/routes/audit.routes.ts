import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database.ts';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import type { AuditService } from '../../../modules/audit/audit.service.ts';

/** The audit log: regulators read all of it, others their own organisation's entries. */
export const auditRoutes = (deps: { audit: AuditService; db: Db }) => async (app: App) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries after a sequence number',
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (request) => {
      const items = await deps.audit.listFor(
        deps.db,
        requireActor(request),
        request.query.after ?? 0,
        request.query.limit ?? 100,
      );
      return { items };
    },
  );
  app.get(
    '/api/v1/audit/verify',
    { schema: { tags: ['audit'], summary: 'Recompute the hash chain' } },
    async (request) => {
      return deps.audit.verifyFor(deps.db, requireActor(request));
    },
  );
};

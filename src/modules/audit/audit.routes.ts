import { Type } from '@sinclair/typebox';
import type { Db } from '../../adapters/db/database.ts';
import type { App } from '../../adapters/http/http.types.ts';
import { requirePrincipal } from '../../adapters/http/guards.ts';
import type { AuditService } from './audit.service.ts';

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
      const p = requirePrincipal(request, { roles: ['admin', 'analyst'] });
      const items = await deps.audit.list(
        deps.db,
        request.query.after ?? 0,
        request.query.limit ?? 100,
        p.orgKind === 'regulator' ? undefined : p.orgId,
      );
      return { items };
    },
  );
  app.get(
    '/api/v1/audit/verify',
    { schema: { tags: ['audit'], summary: 'Recompute the hash chain' } },
    async (request) => {
      requirePrincipal(request, { roles: ['admin'], orgKinds: ['regulator'] });
      return deps.audit.verify(deps.db);
    },
  );
};

/** Every module's HTTP routes, built from the container (the one place that knows them all). */
import type { App } from './adapters/http/http.types.ts';
import type { Container } from './container.ts';
import { accessRoutes } from './modules/access/access.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { awarenessRoutes } from './modules/awareness/awareness.routes.ts';
import { edgeModule, type EdgeModule } from './modules/edge/edge.module.ts';
import { collaborationRoutes } from './modules/cases/collaboration.module.ts';
import { libraryRoutes } from './modules/library/library.routes.ts';
import { lookupsRoutes } from './modules/lookups/lookups.routes.ts';
import { transferRoutes } from './modules/library/transfer.routes.ts';
import { smsRoutes } from './modules/detect/sms/sms.routes.ts';
import { callsRoutes } from './modules/detect/calls/calls.routes.ts';
import { transfersRoutes } from './modules/transfers/transfers.routes.ts';
import { gangsRoutes } from './modules/gangs/gangs.routes.ts';

export const httpRoutes = (
  c: Container,
  edge: EdgeModule = edgeModule(c),
): Array<(app: App) => Promise<void>> => [
  accessRoutes({ access: c.access, secureCookies: c.config.secureCookies, loginRateLimit: 30 }),
  auditRoutes({ audit: c.audit, db: c.handle.db }),
  lookupsRoutes({ lookups: c.lookups, anonymousRateLimit: c.config.anonymousRateLimit }),
  libraryRoutes({ library: c.library }),
  ...collaborationRoutes(c.collaboration, {
    anonymousRateLimit: c.config.anonymousRateLimit,
    clock: c.clock,
  }),
  transferRoutes({ transfer: c.transfer }),
  ...c.web.routes(c.library),
  smsRoutes({ sms: c.sms }),
  callsRoutes({ calls: c.calls }),
  awarenessRoutes({ awareness: c.awareness }),
  transfersRoutes({ transfers: c.transfers }),
  gangsRoutes({ gangs: c.gangs }),
  ...edge.routes,
];

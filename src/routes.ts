/** Every module's HTTP routes, built from the container (the one place that knows them all). */
import type { App } from './adapters/http/http.types.ts';
import type { Container } from './container.ts';
import { accessRoutes } from './adapters/http/routes/access.routes.ts';
import { auditRoutes } from './adapters/http/routes/audit.routes.ts';
import { awarenessRoutes } from './adapters/http/routes/awareness.routes.ts';
import { brandsRoutes } from './adapters/http/routes/brands.routes.ts';
import { callsRoutes } from './adapters/http/routes/calls.routes.ts';
import { casesRoutes } from './adapters/http/routes/cases.routes.ts';
import { creditRoutes } from './adapters/http/routes/credit.routes.ts';
import { edgeRoutes } from './adapters/http/routes/edge.routes.ts';
import { evaluationRoutes } from './adapters/http/routes/evaluation.routes.ts';
import { libraryRoutes } from './adapters/http/routes/library.routes.ts';
import { authorityRoutes } from './adapters/http/routes/authority.routes.ts';
import { lookupsRoutes } from './adapters/http/routes/lookups.routes.ts';
import { reportsRoutes } from './adapters/http/routes/reports.routes.ts';
import { settingsRoutes } from './adapters/http/routes/settings.routes.ts';
import { smsRoutes } from './adapters/http/routes/sms.routes.ts';
import { taxiiRoutes } from './adapters/http/routes/taxii.routes.ts';
import { federationRoutes } from './adapters/http/routes/federation.routes.ts';
import { transferRoutes } from './adapters/http/routes/transfer.routes.ts';
import { webRoutes } from './adapters/http/routes/web.routes.ts';
import { webhooksRoutes } from './adapters/http/routes/webhooks.routes.ts';
import { workOrdersRoutes } from './adapters/http/routes/workorders.routes.ts';
import { transfersRoutes } from './adapters/http/routes/transfers.routes.ts';
import { gangsRoutes } from './adapters/http/routes/gangs.routes.ts';

export const httpRoutes = (c: Container): Array<(app: App) => Promise<void>> => {
  const anonymousRateLimit = c.config.anonymousRateLimit;
  const { reports, qualification, cases, workOrders, appeals, credit, evaluation, webhooks } =
    c.collaboration;
  const edge = async (app: App): Promise<void> => {
    app.addHook('onClose', () => {
      c.edge.stop();
      return Promise.resolve();
    });
    await edgeRoutes({
      edge: c.edge.edge,
      warnings: c.edge.warnings,
      library: c.library,
      keyOwner: c.edge.keyOwner,
      localVerdict: (type, normalized, viewer) => c.lookups.localVerdict(type, normalized, viewer),
      listMasterKey: c.normalize.pseudonymKey,
      creditCheck: async (actor, holder) => (await credit.check(actor, holder)).listed,
    })(app);
  };
  return [
    accessRoutes({ access: c.access, secureCookies: c.config.secureCookies, loginRateLimit: 30 }),
    auditRoutes({ audit: c.audit, db: c.handle.db }),
    lookupsRoutes({ lookups: c.lookups, anonymousRateLimit }),
    libraryRoutes({ library: c.library, overrides: c.overrides }),
    authorityRoutes({ authority: c.authority }),
    reportsRoutes({ reports, anonymousRateLimit }),
    casesRoutes({ qualification, cases, workOrders, reports, clock: c.clock }),
    workOrdersRoutes({ workOrders, appeals }),
    creditRoutes({ credit }),
    evaluationRoutes({ evaluation }),
    webhooksRoutes({ webhooks }),
    transferRoutes({ transfer: c.transfer, federation: c.federation }),
    brandsRoutes({ brands: c.web.brands }),
    settingsRoutes({ thresholds: c.thresholds }),
    webRoutes({
      detectors: c.web.detectors,
      claims: c.library,
      localDecision: (raw, type, orgId) => c.lookups.decisionFor(raw, type, orgId),
    }),
    smsRoutes({ sms: c.sms }),
    callsRoutes({ calls: c.calls }),
    awarenessRoutes({ awareness: c.awareness }),
    transfersRoutes({ transfers: c.transfers }),
    gangsRoutes({ gangs: c.gangs }),
    taxiiRoutes({ taxii: c.taxii }),
    federationRoutes({
      peers: c.peers,
      syncNow: async () => {
        await c.scheduler.runNow('federation-pull');
        await c.scheduler.runNow('federation-push');
      },
    }),
    edge,
  ];
};

/** `fanzha serve`: the container, demo data when asked and the database is empty, the HTTP server on one port. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHttpApp } from './adapters/http/app.ts';
import type { App } from './adapters/http/http.types.ts';
import type { Config } from './config.ts';
import { buildContainer, type Container } from './container.ts';
import { SESSION_COOKIE } from './adapters/http/routes/access.routes.ts';
import { loadDemo, summariseRejections } from './modules/demo/demo.service.ts';
import { writeDemoRejections } from './modules/demo/demo-rejections.ts';
import { defaultParams } from './modules/detect/calls/generator.params.ts';
import { generateCallRecords } from './modules/detect/calls/generator.ts';
import { startEdgeListener, type EdgeListener } from './modules/edge/edge.listener.ts';
import { indexFollower } from './modules/lookups/index-follower.ts';
import { httpRoutes } from './routes.ts';
import { pushChanges } from './modules/lookups/change-push.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  readonly app: App;
  readonly container: Container;
  readonly url: string;
  /** The call-check listener for SIP proxies, when FANZHA_EDGE_PORT is set. */
  readonly edgeUrl: string | undefined;
  readonly demoAccounts: readonly string[];
  close(): Promise<void>;
}

export const startServer = async (
  config: Config,
  log: (line: string) => void = () => {},
): Promise<RunningServer> => {
  const container = await buildContainer(config);
  let ready = false;
  let demoAccounts: readonly string[] = [];
  try {
    if (config.demo && (await container.access.countUsers()) === 0) {
      log('loading demo data (first start) …');
      const s = await loadDemo({
        access: container.access,
        library: container.library,
        fixturesDir: join(ROOT, 'fixtures'),
        sample: config.demoSample,
        awareness: container.awareness,
        collaboration: (clock) => container.collaborationAt(clock),
        now: container.clock.now().getTime(),
        detect: {
          sms: container.sms,
          calls: container.calls,
          callRecords: () => generateCallRecords(defaultParams(21, 80, 5)).records,
        },
      });
      log(`demo data: ${s.accepted} claims imported; ${summariseRejections(s.rejections)}`);
      const listed = writeDemoRejections(config.databaseUrl, s.rejections);
      if (listed) log(`demo data: each rejected line, with its list and reason, is in ${listed}`);
      if (s.work)
        log(
          `demo work: ${s.work.reports} reports, ${s.work.cases} cases, ${s.work.workOrders} work orders, ${s.work.appeals} appeals`,
        );
      demoAccounts = s.accounts;
    } else if (config.demo) {
      const { DEMO_USERS, DEMO_PASSWORD } = await import('./modules/demo/demo.service.ts');
      const hasDemo = (
        await container.access.listUsers({
          orgId: 'org_platform',
          orgKind: 'regulator',
          actor: 'system',
          role: 'admin',
        })
      ).some((u) => u.username === 'admin');
      if (hasDemo)
        demoAccounts = DEMO_USERS.map((u) => `${u.username} / ${DEMO_PASSWORD}  (${u.role}, ${u.orgId})`);
    }
    // Roles: `api` serves the API (and the call checks), `console` the console's files, `workers` the
    // scheduled work (started by the container). Every process answers /health.
    const api = config.roles.includes('api');
    const app = await buildHttpApp({
      authenticate: async ({ apiKey, sessionToken }) => {
        const p = apiKey
          ? await container.access.authenticateApiKey(apiKey)
          : sessionToken
            ? await container.access.authenticateSession(sessionToken)
            : null;
        return (
          p && {
            orgId: p.orgId,
            orgKind: p.orgKind,
            role: p.role,
            actor: p.actor,
            ...(p.username ? { username: p.username } : {}),
          }
        );
      },
      sessionCookie: SESSION_COOKIE,
      routes: api ? httpRoutes(container) : [],
      webRoot: config.webRoot ?? join(ROOT, 'web', 'dist'),
      console: config.roles.includes('console'),
      logLevel: config.httpLog ? config.logLevel : undefined,
      logger: container.logger,
      isReady: () => ready,
      trustProxy: config.trustProxy,
    });
    // Follow the change feed so writes made by other processes on the same database (other API nodes on
    // PostgreSQL, `fanzha import` or a second server on the same SQLite file) reach this index. Only an
    // in-memory SQLite database has no other writer.
    const follower =
      api && config.databaseUrl !== ':memory:'
        ? await indexFollower({
            library: container.library,
            lookups: container.lookups,
            logger: container.logger,
            also: container.orgViewsFollow?.changed,
          })
        : undefined;
    follower?.start(config.indexPollMs > 0 ? config.indexPollMs : 500);
    // Other nodes' local overrides arrive through the overrides' own feed, read as often as the library's.
    if (follower) container.orgViewsFollow?.start(config.indexPollMs > 0 ? config.indexPollMs : 500);
    const stopPush = follower ? await pushChanges(container, follower) : async () => {};
    await app.listen({ port: config.port, host: config.host });
    const listener: EdgeListener | undefined =
      config.edgePort === undefined || !api
        ? undefined
        : await startEdgeListener(
            {
              check: (from, to, group, owner) =>
                container.edge.edge.checkCall(from, to, group, owner ?? undefined).line,
              keyOwner: container.edge.keyOwner,
            },
            config.edgePort,
            config.host,
          ).catch(async (e: unknown) => {
            await app.close();
            throw e;
          });
    ready = true;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${port}`;
    return {
      app,
      container,
      url,
      edgeUrl: listener && `http://${host}:${listener.port}`,
      demoAccounts,
      close: async () => {
        follower?.stop();
        await stopPush();
        await listener?.close();
        await app.close();
        await container.close();
      },
    };
  } catch (e) {
    await container.close();
    throw e;
  }
};
